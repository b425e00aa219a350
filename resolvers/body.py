"""An article's body as the reader gets it: blocks with their references resolved."""

from dataclasses import dataclass

import models
from models.body import Block, ImageBlock, RelatedBlock, parse_body
from resolvers.context import Context


@dataclass(frozen=True)
class Resolved:
    block: Block
    caption: models.Caption | None = None
    related_story: models.RelatedStory | None = None


async def blocks(ctx: Context, article: models.Article) -> list[Resolved]:
    """Body blocks in order; a block whose caption or teaser is gone or hidden is left out."""
    body = parse_body(article.body)
    teasers = {
        story.id: story
        for story in await ctx.loaders.related_stories_by_article_id.load(article.id)
    }
    captions = await ctx.loaders.caption_by_id.load_many(
        [block.caption_id for block in body if isinstance(block, ImageBlock)]
    )
    by_id = {caption.id: caption for caption in captions if caption is not None}
    resolved: list[Resolved] = []
    for block in body:
        if isinstance(block, ImageBlock):
            if block.caption_id in by_id:
                resolved.append(Resolved(block, caption=by_id[block.caption_id]))
        elif isinstance(block, RelatedBlock):
            if block.related_story_id in teasers:
                resolved.append(Resolved(block, related_story=teasers[block.related_story_id]))
        else:
            resolved.append(Resolved(block))
    return resolved
