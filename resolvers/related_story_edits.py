"""Placing one teaser in an article's body without resending the whole body.

Positions count the blocks of the body as the editor sees it (`Article.body`), which
leaves out teasers whose target is in the trash; they are mapped to the stored body here.
Each edit is an article write: checked against the version the editor saw, one
transaction, one new version and revision.
"""

from typing import Any

import models
from resolvers import bodies
from resolvers.article_edits import (
    claim,
    editable,
    record_revision,
    signed_in,
    write_transaction,
)
from resolvers.context import Context
from resolvers.problems import Invalid, NotFound


def _index(body: list[dict[str, Any]], story_id: int) -> int:
    for index, block in enumerate(body):
        if block.get("type") == "related" and block.get("related_story_id") == story_id:
            return index
    raise NotFound(f"No related story {story_id} in the body.", ("id",))


def _within(position: int, size: int, name: str) -> None:
    if not 0 <= position <= size:
        raise Invalid(f"{name} must be between 0 and {size}.", (name,))


async def _shown(ctx: Context, article_id: int, body: list[dict[str, Any]]) -> list[int]:
    """The stored indices of the blocks the editor sees, in order."""
    # The loaders' rule, queried here: their cached answer would outlive this write.
    teasers = ctx.visibility.teasers([article_id]).only("id")
    visible = {story.id for story in await teasers}
    return [
        index
        for index, block in enumerate(body)
        if block.get("type") != "related" or block.get("related_story_id") in visible
    ]


def _stored_index(shown: list[int], position: int, size: int) -> int:
    """Where to insert so that the block lands at `position` of the shown body."""
    return shown[position] if position < len(shown) else size


async def add(
    ctx: Context, *, article_id: int, expected_version: int, at: int, teaser: bodies.Teaser
) -> models.Article:
    """Inserts a teaser before the block now at `at` (at the end when `at` is the length)."""
    author, article = await editable(ctx, article_id)
    shown = await _shown(ctx, article.id, article.body)
    _within(at, len(shown), "at")
    at = _stored_index(shown, at, len(article.body))
    try:
        [checked] = await bodies.checked(article, [teaser])
    except Invalid as problem:  # the paths name this mutation's argument, not a body
        fields = tuple(f.replace("blocks.0.relatedStory", "story") for f in problem.fields)
        message = problem.message.replace("blocks.0.relatedStory", "story")
        raise Invalid(message, fields) from None
    if not isinstance(checked, bodies.Teaser):
        raise TypeError("a teaser stays a teaser when checked")
    async with write_transaction():
        current = await claim(article, expected_version, at=ctx.now)
        current.body = [
            *current.body[:at],
            await bodies.teaser(current, checked),
            *current.body[at:],
        ]
        await current.save(update_fields=["body"])
        await record_revision(ctx, current, author, "related story added")
    return current


async def _story(ctx: Context, story_id: int) -> tuple[models.User, models.Article, int]:
    """The author, the article holding the teaser, and the teaser's index in its body."""
    signed_in(ctx)  # before any lookup: the unsigned learn nothing about which ids exist
    story = await models.RelatedStory.filter(id=story_id).first()
    if story is None:
        raise NotFound(f"No related story {story_id}.", ("id",))
    author, article = await editable(ctx, story.article_id)
    return author, article, _index(article.body, story.id)


async def move(ctx: Context, *, story_id: int, expected_version: int, to: int) -> models.Article:
    """Moves the teaser so that its block ends up at index `to`."""
    author, article, index = await _story(ctx, story_id)
    rest = [block for i, block in enumerate(article.body) if i != index]
    shown = await _shown(ctx, article.id, rest)
    _within(to, len(shown), "to")
    async with write_transaction():
        current = await claim(article, expected_version, at=ctx.now)
        at = _stored_index(shown, to, len(rest))
        current.body = [*rest[:at], article.body[index], *rest[at:]]
        await current.save(update_fields=["body"])
        await record_revision(ctx, current, author, "related story moved")
    return current


async def remove(ctx: Context, *, story_id: int, expected_version: int) -> models.Article:
    """Takes the teaser out of the body; its row and its picture's caption go with it."""
    author, article, index = await _story(ctx, story_id)
    async with write_transaction():
        current = await claim(article, expected_version, at=ctx.now)
        current.body = [block for i, block in enumerate(current.body) if i != index]
        await current.save(update_fields=["body"])
        story = await models.RelatedStory.get(id=story_id)
        await models.RelatedStory.filter(id=story_id).delete()
        if story.caption_id is not None:
            await models.Caption.filter(id=story.caption_id).delete()
        await record_revision(ctx, current, author, "related story removed")
    return current
