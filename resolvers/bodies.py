"""Replacing an article's body: its blocks, and the captions and teasers they place."""

import re
from dataclasses import dataclass, replace
from typing import Any

from pydantic import ValidationError as BlockError

import models
from media import renditions
from models.body import parse_body
from resolvers import text
from resolvers.edits import LONG_TEXT_MAX
from resolvers.problems import Invalid

CAPTION_MAX = 1000


@dataclass(frozen=True)
class Picture:
    image_id: int
    caption: str
    credit_override: str | None = None
    alt_override: str | None = None
    crop: str | None = None


@dataclass(frozen=True)
class Teaser:
    article_id: int | None = None
    url: str | None = None
    headline: str | None = None
    picture: Picture | None = None


# A dict is a plain block as stored (paragraph, heading, quote, embed).
Block = dict[str, Any] | Picture | Teaser
_HTML_KEYS = ("text", "attribution", "title")
_PLAIN_KEYS = ("provider",)
CROPS = frozenset(renditions.CROPS)  # the crops renditions can make
# As an embed's: no control characters either (PostgreSQL refuses a NUL in text).
_URL = re.compile(r"https://[^\s\"'<>\\\x00-\x1f\x7f]+")
CREDIT_MAX = 200  # the columns' sizes
TEASER_HEADLINE_MAX = 200
TEASER_URL_MAX = 1000


def _clean_picture(picture: Picture) -> Picture:
    return replace(
        picture,
        caption=text.clean(picture.caption),
        credit_override=text.clean(picture.credit_override) or None
        if picture.credit_override
        else None,
        alt_override=text.plain(picture.alt_override) or None if picture.alt_override else None,
    )


def _clean(block: Block) -> Block:
    """Sanitised text everywhere; limits are then checked on what will be stored."""
    if isinstance(block, Picture):
        return _clean_picture(block)
    if isinstance(block, Teaser):
        return replace(
            block,
            url=block.url.strip() if block.url is not None else None,
            headline=text.clean(block.headline) or None if block.headline else None,
            picture=_clean_picture(block.picture) if block.picture is not None else None,
        )
    return {
        key: text.clean(value)
        if key in _HTML_KEYS and isinstance(value, str)
        else text.plain(value)
        if key in _PLAIN_KEYS and isinstance(value, str)
        else value
        for key, value in block.items()
    }


def _picture_problems(where: str, picture: Picture) -> list[str]:
    problems = []
    if len(picture.caption) > CAPTION_MAX:
        problems.append(f"{where}.caption: at most {CAPTION_MAX} characters")
    if picture.credit_override is not None and len(picture.credit_override) > CREDIT_MAX:
        problems.append(f"{where}.creditOverride: at most {CREDIT_MAX} characters")
    # An unbounded column, like the image's own alt text, and as long at most.
    if picture.alt_override is not None and len(picture.alt_override) > LONG_TEXT_MAX:
        problems.append(f"{where}.altOverride: at most {LONG_TEXT_MAX} characters")
    if picture.crop is not None and picture.crop not in CROPS:
        problems.append(f"{where}.crop: one of {', '.join(sorted(CROPS))}")
    return problems


async def checked(article: models.Article, blocks: list[Block]) -> list[Block]:
    """The blocks sanitised, or every problem in them at once with its path.

    Limits apply to the sanitised text, which is what is stored: escaping can make
    text longer, and a paragraph of tags alone is empty once cleaned.
    """
    blocks = [_clean(block) for block in blocks]
    problems: list[str] = []
    pictures = [(f"blocks.{i}.image", b) for i, b in enumerate(blocks) if isinstance(b, Picture)]
    for index, block in enumerate(blocks):
        if isinstance(block, Teaser):
            where = f"blocks.{index}.relatedStory"
            if (block.article_id is None) == (block.url is None):
                problems.append(f"{where}: give exactly one of articleId or url")
            if block.url is not None and (
                not _URL.fullmatch(block.url) or len(block.url) > TEASER_URL_MAX
            ):
                problems.append(f"{where}.url: must be an https:// address")
            if block.headline is not None and len(block.headline) > TEASER_HEADLINE_MAX:
                problems.append(f"{where}.headline: at most {TEASER_HEADLINE_MAX} characters")
            if block.article_id == article.id:
                problems.append(f"{where}.articleId: an article cannot tease itself")
            if block.picture is not None:
                pictures.append((f"{where}.image", block.picture))
        elif isinstance(block, dict):
            try:
                parse_body([block])
            except BlockError as error:
                problems.append(f"blocks.{index}: {error.errors()[0]['msg']}")
    for where, picture in pictures:
        problems += _picture_problems(where, picture)
    image_ids = {picture.image_id for _, picture in pictures}
    found = {row.id for row in await models.Image.filter(id__in=image_ids).only("id")}
    problems += [
        f"{where}.imageId: no such image" for where, p in pictures if p.image_id not in found
    ]
    targets = {b.article_id for b in blocks if isinstance(b, Teaser) and b.article_id is not None}
    known = {row.id for row in await models.Article.filter(id__in=targets).only("id")}
    problems += [
        f"blocks.{i}.relatedStory.articleId: no such article"
        for i, b in enumerate(blocks)
        if isinstance(b, Teaser) and b.article_id is not None and b.article_id not in known
    ]
    if problems:
        raise Invalid("; ".join(problems) + ".", tuple(p.partition(":")[0] for p in problems))
    return blocks


async def caption(
    article: models.Article, picture: Picture, role: models.CaptionRole
) -> models.Caption:
    return await models.Caption.create(
        article=article,
        image_id=picture.image_id,
        role=role,
        text=picture.caption,
        credit_override=picture.credit_override,
        alt_override=picture.alt_override,
        crop=picture.crop,
    )


async def write(article: models.Article, blocks: list[Block]) -> list[dict[str, Any]]:
    """Replaces the body's captions and teasers (inside the caller's transaction).

    Takes blocks as `checked` returns them: sanitised and within limits.
    """
    await models.RelatedStory.filter(article_id=article.id).delete()
    await (
        models.Caption.filter(article_id=article.id).exclude(role=models.CaptionRole.LEAD).delete()
    )
    body: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Picture):
            row = await caption(article, block, models.CaptionRole.INLINE)
            body.append({"type": "image", "caption_id": row.id})
        elif isinstance(block, Teaser):
            body.append(await teaser(article, block))
        else:
            body.append(block)
    return body


async def teaser(article: models.Article, block: Teaser) -> dict[str, Any]:
    """Stores a checked teaser (and its picture's caption); returns its body block."""
    picture = (
        await caption(article, block.picture, models.CaptionRole.TEASER)
        if block.picture is not None
        else None
    )
    story = await models.RelatedStory.create(
        article=article,
        target_id=block.article_id,
        url=block.url,
        headline_override=block.headline,
        caption=picture,
    )
    return {"type": "related", "related_story_id": story.id}
