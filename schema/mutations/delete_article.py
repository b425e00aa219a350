"""deleteArticle: to the trash."""

import strawberry

from resolvers import trash
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def delete_article(
    info: Info, id: strawberry.ID, expected_version: int
) -> ArticleWriteResult:
    """Moves the article to the trash (editors): gone from every path until restored."""
    return await written(
        trash.trash(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
        )
    )
