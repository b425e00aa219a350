"""What every article write returns: the article as it now is, or why nothing changed."""

from collections.abc import Awaitable
from typing import Annotated

import strawberry

import models
from schema.article import Article
from schema.problems import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
)

ArticleWriteResult = Annotated[
    Article | ValidationError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("ArticleWriteResult"),
]


async def written(write: Awaitable[models.Article]) -> ArticleWriteResult:
    """The article a write left (a Problem that stopped it becomes the union's matching
    member in schema.mutation)."""
    row = await write
    return Article.from_row(row)
