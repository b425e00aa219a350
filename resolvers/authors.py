import models
from resolvers.context import Context


async def listed() -> list[models.Author]:
    return await models.Author.all().order_by("name", "id")


async def by_id(ctx: Context, author_id: int) -> models.Author | None:
    return await ctx.loaders.author_by_id.load(author_id)


async def of_article(ctx: Context, article: models.Article) -> list[models.Author]:
    return await ctx.loaders.authors_by_article_id.load(article.id)
