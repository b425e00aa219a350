"""An article's body as the reader gets it: blocks with their references resolved.

The body is the one source of order: teasers and pictures are where their blocks are,
and `position` is the index in the body the reader receives.
"""

from dataclasses import dataclass

import models
from models.body import Block, ImageBlock, RelatedBlock, read_body
from resolvers.context import Context
from resolvers.loaded import Maybe, both, known, known_many, then


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
    body = read_body(article.body)
    teasers = known(ctx.loaders.related_stories_by_article_id, article.id)
    captions = known_many(
        ctx.loaders.caption_by_id,
        [block.caption_id for block in body if isinstance(block, ImageBlock)],
    )
    return both(teasers, captions, lambda t, c: _resolved(article, body, t, c))


def _resolved(
    article: models.Article,
    body: list[Block],
    stories: list[models.RelatedStory],
    found: list[models.Caption | None],
) -> list[Resolved]:
    teasers = {story.id: story for story in stories}
    captions = {c.id: c for c in found if c is not None and c.article_id == article.id}
    resolved: list[Resolved] = []
    for block in body:
        here = len(resolved)
        if isinstance(block, ImageBlock):
            if block.caption_id in captions:
                resolved.append(Resolved(block, here, caption=captions[block.caption_id]))
        elif isinstance(block, RelatedBlock):
            if block.related_story_id in teasers:
                story = teasers[block.related_story_id]
                resolved.append(Resolved(block, here, related_story=story))
        else:
            resolved.append(Resolved(block, here))
    return resolved


def related_stories(ctx: Context, article: models.Article) -> Maybe[list[Resolved]]:
    """The teasers placed in the body, in body order; one not placed is not shown."""
    return then(
        blocks(ctx, article),
        lambda items: [item for item in items if item.related_story is not None],
    )
