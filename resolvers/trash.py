"""The trash: editors move articles there and back, admins empty it, and it is listed
newest first, with who deleted each article and when.

Moving an article there is an article write like any other (resolvers.article_edits),
so the revision it records, at the version the trashed article keeps, names who did it.
"""

from dataclasses import dataclass
from datetime import datetime

import models
from resolvers import article_edits, permissions, search_index
from resolvers.context import Context
from resolvers.pagination import Order, Page, Window, paginate, seek
from resolvers.problems import Invalid


@dataclass(frozen=True)
class Trashed:
    article: models.Article
    deleted_at: datetime
    deleted_by: str | None  # a display name; None when the account is gone


# Most recently deleted first.
NEWEST: Order[Trashed] = Order(
    "trash",
    descending=True,
    value=lambda row: row.deleted_at,
    kind=datetime,
    id=lambda row: row.article.id,
    column="deleted_at",
)


async def listed(ctx: Context, *, first: int | None, after: str | None) -> Page[Trashed]:
    """Editors and admins only: writers cannot restore, so they have nothing to pick."""
    permissions.to_read(ctx, permissions.EDITOR, "The trash is for editors.")
    rows = models.Article.filter(deleted_at__isnull=False)

    async def fetch(window: Window) -> list[Trashed]:
        articles = list(await seek(rows, window, NEWEST))
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

    return await paginate(fetch, rows.count, NEWEST, first=first, after=after)


async def trash(ctx: Context, *, article_id: int, expected_version: int) -> models.Article:
    """Moves the article to the trash: gone from every view, kept whole for restoring."""
    author, article = await article_edits.editable(ctx, article_id)
    permissions.check(author, permissions.EDITOR, "Only editors delete.")
    return await article_edits.write(
        ctx, author, article, expected_version, {"deleted_at": ctx.now}, "moved to trash"
    )


async def restore(ctx: Context, *, article_id: int, expected_version: int) -> models.Article:
    """Takes the article out of the trash as it was, status and body included."""
    author, article = await article_edits.editable(ctx, article_id, trashed=True)
    permissions.check(author, permissions.EDITOR, "Only editors restore.")
    return await article_edits.write(
        ctx, author, article, expected_version, {"deleted_at": None}, "restored from trash"
    )


async def purge(ctx: Context, *, article_id: int, expected_version: int) -> int:
    """Deletes a trashed article for good (admins only); refused while others tease it,
    and when it is not at the version the admin saw (restored and trashed again since)."""
    author, article = await article_edits.editable(ctx, article_id, trashed=True)
    permissions.check(author, permissions.ADMIN, "Only admins purge.")
    if article.version != expected_version:
        await article_edits.claim(
            article, expected_version, at=ctx.now
        )  # raises the Conflict, naming what changed
    teasing = (
        await models.RelatedStory.filter(target_id=article.id)
        .exclude(article_id=article.id)
        .values_list("article_id", flat=True)
    )
    if teasing:
        ids = ", ".join(str(i) for i in sorted(set(teasing)))
        raise Invalid(f"Articles {ids} still tease this article.", ("id",))
    pictures = await search_index.pictures_of(article.id)  # their captions go with it
    async with article_edits.write_transaction():
        if not await models.Article.filter(id=article.id, version=expected_version).delete():
            await article_edits.claim(
                article, expected_version, at=ctx.now
            )  # someone wrote in between
        await search_index.remove(article.id)
        await search_index.rewrite_pictures(pictures)
    return article.id
