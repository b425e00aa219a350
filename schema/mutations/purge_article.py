"""purgeArticle: gone for good."""

from typing import Annotated

import strawberry

from resolvers import trash
from schema import ids
from schema.info import Info
from schema.problems import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
)


@strawberry.type
class PurgedArticle:
    id: strawberry.ID


PurgeArticleResult = Annotated[
    PurgedArticle | ValidationError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("PurgeArticleResult"),
]


async def purge_article(
    info: Info, id: ids.ArticleRow, expected_version: int
) -> PurgeArticleResult:
    """Deletes a trashed article for good (admins); refused while other articles tease it."""
    await trash.purge(
        info.context,
        article_id=id,
        expected_version=expected_version,
    )
    return PurgedArticle(id=ids.global_id("Article", id))
