"""The trash: the articles editors deleted, newest first, with who deleted them and when.

Moving an article there (resolvers.article_edits.trash) is a write like any other, so
the revision it records, at the version the trashed article keeps, names who did it.
"""

from dataclasses import dataclass
from datetime import datetime

import models
from resolvers.context import Context
from resolvers.errors import Forbidden
from resolvers.pagination import Page, paginate


@dataclass(frozen=True)
class Trashed:
    article: models.Article
    deleted_at: datetime
    deleted_by: str | None  # a display name; None when the account is gone


async def listed(ctx: Context, *, first: int | None, after: str | None) -> Page[Trashed]:
    """Editors and admins only: writers cannot restore, so they have nothing to pick."""
    user = ctx.viewer.user
    if user is None or user.role == models.Role.WRITER:
        raise Forbidden("The trash is for editors.")
    rows = models.Article.filter(deleted_at__isnull=False).order_by("-deleted_at", "-id")

    async def fetch(offset: int, limit: int) -> list[Trashed]:
        articles = list(await rows.offset(offset).limit(limit))
        versions = {(article.id, article.version) for article in articles}
        # One statement for the page: each article's revision at the version it keeps.
        writes = await models.Revision.filter(
            article_id__in=[article.id for article in articles],
            version__in=sorted({article.version for article in articles}),
        ).select_related("author")
        by = {
            (w.article_id, w.version): w.author.display_name if w.author is not None else None
            for w in writes
            if (w.article_id, w.version) in versions
        }
        return [
            Trashed(article, article.deleted_at, by.get((article.id, article.version)))
            for article in articles
            if article.deleted_at is not None
        ]

    return await paginate(fetch, rows.count, first=first, after=after)
