"""What every article write returns: the article as it now is, or why nothing changed."""

from collections.abc import Awaitable
from typing import Annotated

import strawberry

import models
from resolvers.problems import Problem
from schema.article import Article
from schema.problems import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
    from_problem,
)

ArticleWriteResult = Annotated[
    Article | ValidationError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("ArticleWriteResult"),
]


async def written(write: Awaitable[models.Article]) -> ArticleWriteResult:
    """The article a write left, or the Problem that stopped it (nothing written)."""
    try:
        row = await write
    except Problem as problem:
        return from_problem(problem)  # type: ignore[return-value]
    return Article.from_row(row)
