"""An article's body as the reader gets it: blocks with their references resolved.

The body is the one source of order: teasers and pictures are where their blocks are,
and `position` is the index in the body the reader receives.
"""

from dataclasses import dataclass
from typing import Any

import models
from models.body import Block, read_block
from resolvers.context import Context
from resolvers.loaded import Maybe, both, known, known_many


@dataclass(frozen=True)
class Resolved:
    block: Block
    position: int
    caption: models.Caption | None = None
    related_story: models.RelatedStory | None = None


def blocks(ctx: Context, article: models.Article) -> Maybe[list[Resolved]]:
    """Body blocks in order, leaving out any whose caption or teaser is gone or hidden.

    Only the article's own captions and teasers count: a block copied from another
    article (a draft, say) must not show that article's picture or headline.
    """
    return _reading(ctx, article, None)


def related_stories(ctx: Context, article: models.Article) -> Maybe[list[Resolved]]:
    """The teasers placed in the body, in body order; one not placed is not shown."""
    return _reading(ctx, article, "related")


def _reading(ctx: Context, article: models.Article, only: str | None) -> Maybe[list[Resolved]]:
    body = article.body
    teasers = known(ctx.loaders.related_stories_by_article_id, article.id)
    captions = known_many(
        ctx.loaders.caption_by_id, [item["caption_id"] for item in body if item["type"] == "image"]
    )
    return both(teasers, captions, lambda t, c: _resolved(article, body, t, c, only))


def _resolved(
    article: models.Article,
    body: list[dict[str, Any]],
    stories: list[models.RelatedStory],
    found: list[models.Caption | None],
    only: str | None,
) -> list[Resolved]:
    """The blocks a reader gets, each at its position among them; with `only`, just the
    blocks of that type, at the same positions. The stored blocks are read as they are
    (they were validated on write), and only those returned become block objects: a
    homepage wants the teasers of twenty bodies, not their paragraphs."""
    teasers = {story.id: story for story in stories}
    captions = {c.id: c for c in found if c is not None and c.article_id == article.id}
    resolved: list[Resolved] = []
    here = 0
    for item in body:
        kind = item["type"]
        caption = story = None
        if kind == "image":
            caption = captions.get(item["caption_id"])
            if caption is None:
                continue
        elif kind == "related":
            story = teasers.get(item["related_story_id"])
            if story is None:
                continue
        if only is None or kind == only:
            resolved.append(Resolved(read_block(item), here, caption, story))
        here += 1
    return resolved
