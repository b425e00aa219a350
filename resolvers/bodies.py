"""Replacing an article's body: its blocks, and the captions and teasers they place."""

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError as BlockError

import models
from models.body import parse_body
from resolvers import text
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
_TEXT_KEYS = ("text", "attribution", "title")


async def check(article: models.Article, blocks: list[Block]) -> None:
    """Every problem in the blocks at once, with its path; nothing is written."""
    problems: list[str] = []
    pictures = [(f"blocks.{i}.image", b) for i, b in enumerate(blocks) if isinstance(b, Picture)]
    for index, block in enumerate(blocks):
        if isinstance(block, Teaser):
            where = f"blocks.{index}.relatedStory"
            if (block.article_id is None) == (block.url is None):
                problems.append(f"{where}: give exactly one of articleId or url")
            if block.url is not None and not block.url.startswith("https://"):
                problems.append(f"{where}.url: must be an https:// address")
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
        if len(picture.caption) > CAPTION_MAX:
            problems.append(f"{where}.caption: at most {CAPTION_MAX} characters")
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


async def caption(
    article: models.Article, picture: Picture, role: models.CaptionRole
) -> models.Caption:
    return await models.Caption.create(
        article=article,
        image_id=picture.image_id,
        role=role,
        text=text.clean(picture.caption),
        credit_override=text.clean(picture.credit_override) if picture.credit_override else None,
        alt_override=picture.alt_override.strip() if picture.alt_override else None,
        crop=picture.crop,
    )


async def write(article: models.Article, blocks: list[Block]) -> list[dict[str, Any]]:
    """Replaces the body's captions and teasers (inside the caller's transaction)."""
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
            teaser_picture = (
                await caption(article, block.picture, models.CaptionRole.TEASER)
                if block.picture is not None
                else None
            )
            story = await models.RelatedStory.create(
                article=article,
                target_id=block.article_id,
                url=block.url,
                headline_override=text.clean(block.headline) if block.headline else None,
                caption=teaser_picture,
            )
            body.append({"type": "related", "related_story_id": story.id})
        else:
            cleaned = {k: text.clean(v) if k in _TEXT_KEYS else v for k, v in block.items()}
            body.append(cleaned)
    return body
