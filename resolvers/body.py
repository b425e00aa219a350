"""An article's body as the reader gets it: blocks with their references resolved.

The body is the one source of order: teasers and pictures are where their blocks are,
and `position` is the index in the body the reader receives.
"""

from dataclasses import dataclass

import models
from models.body import Block, ImageBlock, RelatedBlock, parse_body
from resolvers.context import Context


@dataclass(frozen=True)
class Resolved:
    block: Block
    position: int
    caption: models.Caption | None = None
    related_story: models.RelatedStory | None = None


async def blocks(ctx: Context, article: models.Article) -> list[Resolved]:
    """Body blocks in order, leaving out any whose caption or teaser is gone or hidden.

    Only the article's own captions and teasers count: a block copied from another
    article (a draft, say) must not show that article's picture or headline.
    """
    body = parse_body(article.body)
    teasers = {
        story.id: story
        for story in await ctx.loaders.related_stories_by_article_id.load(article.id)
    }
    found = await ctx.loaders.caption_by_id.load_many(
        [block.caption_id for block in body if isinstance(block, ImageBlock)]
    )
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


async def related_stories(ctx: Context, article: models.Article) -> list[Resolved]:
    """The teasers placed in the body, in body order; one not placed is not shown."""
    return [item for item in await blocks(ctx, article) if item.related_story is not None]
