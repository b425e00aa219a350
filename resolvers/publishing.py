"""Publishing articles: now, on a schedule, under an embargo, and back to draft.

Each is an article write (resolvers.article_edits: checked against the version the editor
saw, one transaction, a revision). What a reader would be shown is checked before any of
them (`_publishable`): every problem at once.
"""

from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import F

import models
from resolvers import article_edits, permissions, revisions
from resolvers.context import Context
from resolvers.problems import Invalid

SCHEDULE_HORIZON = timedelta(days=3653)


async def publish(ctx: Context, *, article_id: int, expected_version: int) -> models.Article:
    """Publishes now; refuses, listing every problem at once, what a reader cannot be shown."""
    author, article = await article_edits.editable(ctx, article_id)
    await _publishable(author, article)
    # Under an embargo the story goes out when it lifts, and says so (lists sort by it).
    at = _released(article, ctx.now)
    values: dict[str, Any] = {"status": models.ArticleStatus.PUBLISHED, "published_at": at}
    if article.first_published_at is None:
        values["first_published_at"] = at
    return await article_edits.write(ctx, author, article, expected_version, values, "published")


def _released(article: models.Article, at: datetime) -> datetime:
    """When readers will first see the article if published at `at`: after any embargo."""
    embargo = article.embargoed_until
    return max(at, embargo) if embargo is not None else at


async def schedule(
    ctx: Context, *, article_id: int, expected_version: int, publish_at: datetime
) -> models.Article:
    """Publishes at `publish_at`: the read path shows it from then on, scheduler or not."""
    author, article = await article_edits.editable(ctx, article_id)
    _future(ctx, publish_at, "publishAt", "; use publishArticle")
    await _publishable(author, article)
    values = {
        "status": models.ArticleStatus.SCHEDULED,
        "published_at": _released(article, publish_at),
    }
    return await article_edits.write(ctx, author, article, expected_version, values, "scheduled")


def _future(ctx: Context, moment: datetime, name: str, past_hint: str = "") -> None:
    """A moment an editor sets for later: with an offset, ahead, and within ten years."""
    if moment.tzinfo is None:
        raise Invalid(f"Give {name} with a time zone offset.", (name,))
    if moment <= ctx.now:
        raise Invalid(f"{name} must be in the future{past_hint}.", (name,))
    if moment.year >= 9999 or moment > ctx.now + SCHEDULE_HORIZON:
        raise Invalid(f"{name} must be within ten years.", (name,))


async def set_embargo(
    ctx: Context, *, article_id: int, expected_version: int, until: datetime | None
) -> models.Article:
    """Holds the article back from readers until `until` (None lifts the hold).

    The hold is independent of the status: an embargoed article can be published or
    scheduled ahead, and the read path shows it only once both times have come. An article
    already published or scheduled moves its publication time to the lift, so readers and
    newest-first lists see it as new when it appears; lifting the hold early releases a
    held article at once.
    """
    author, article = await article_edits.editable(ctx, article_id)
    if until is not None:
        _future(ctx, until, "until")
    values: dict[str, Any] = {"embargoed_until": until}
    out = article.status in (models.ArticleStatus.PUBLISHED, models.ArticleStatus.SCHEDULED)
    held = article.published_at is not None and article.published_at > ctx.now
    if out and until is not None and (article.published_at is None or article.published_at < until):
        values["published_at"] = until
    elif article.status == models.ArticleStatus.PUBLISHED and until is None and held:
        values["published_at"] = ctx.now
    message = f"embargoed until {until.isoformat()}" if until is not None else "embargo lifted"
    return await article_edits.write(ctx, author, article, expected_version, values, message)


async def publish_due(now: datetime) -> list[int]:
    """The scheduler's round: scheduled articles whose time has come become published.

    Readers already see them (the visibility rule includes due scheduled articles); this
    makes the status say so, bumps the version and records the revision.
    """
    due = await models.Article.filter(
        status=models.ArticleStatus.SCHEDULED, published_at__lte=now
    ).only("id", "version")
    fired: list[int] = []
    for article in due:
        async with article_edits.write_transaction():
            won = await models.Article.filter(
                id=article.id, version=article.version, status=models.ArticleStatus.SCHEDULED
            ).update(
                status=models.ArticleStatus.PUBLISHED, version=F("version") + 1, updated_at=now
            )
            if won:
                current = await models.Article.get(id=article.id)
                if current.first_published_at is None:
                    current.first_published_at = current.published_at
                    await current.save(update_fields=["first_published_at"])
                await models.Revision.create(
                    article=current,
                    version=current.version,
                    snapshot=await revisions.snapshot(current),
                    message="published on schedule",
                )
                fired.append(current.id)
    return fired


async def _publishable(author: models.User, article: models.Article) -> None:
    permissions.check(author, permissions.EDITOR, "Only editors publish.")
    problems: list[str] = []
    if not article.headline:
        problems.append("headline")
    lead = (
        await models.Caption.filter(article_id=article.id, role=models.CaptionRole.LEAD)
        .select_related("image")
        .first()
    )
    if lead is None:
        problems.append("leadImage")
    else:
        if not (lead.alt_override or lead.image.alt_text):
            problems.append("leadImage.alt")
        if not (
            lead.credit_override
            or lead.image.credit_line
            or lead.image.copyright_holder
            or lead.image.creator
        ):
            problems.append("leadImage.credit")
    if problems:
        raise Invalid("Cannot publish yet: " + ", ".join(problems) + ".", tuple(problems))


async def unpublish(ctx: Context, *, article_id: int, expected_version: int) -> models.Article:
    author, article = await article_edits.editable(ctx, article_id)
    permissions.check(author, permissions.EDITOR, "Only editors unpublish.")
    return await article_edits.write(
        ctx,
        author,
        article,
        expected_version,
        {"status": models.ArticleStatus.DRAFT},
        "unpublished",
    )
