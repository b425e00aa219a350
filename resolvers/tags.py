import models
from resolvers.context import Context


async def listed() -> list[models.Tag]:
    return await models.Tag.all().order_by("name", "id")


async def by_id(ctx: Context, tag_id: int) -> models.Tag | None:
    return await ctx.loaders.tag_by_id.load(tag_id)


async def of_article(ctx: Context, article: models.Article) -> list[models.Tag]:
    return await ctx.loaders.tags_by_article_id.load(article.id)
