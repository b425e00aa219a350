import models
from resolvers.context import Context


async def target(ctx: Context, story: models.RelatedStory) -> models.Article | None:
    if story.target_id is None:
        return None
    return await ctx.loaders.article_by_id.load(story.target_id)


async def headline(ctx: Context, story: models.RelatedStory) -> str:
    if story.headline_override:
        return story.headline_override
    article = await target(ctx, story)
    return article.headline if article is not None else ""
