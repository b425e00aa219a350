import models
from resolvers.context import Context
from resolvers.images import credit_line


async def lead(ctx: Context, article: models.Article) -> models.Caption | None:
    return await ctx.loaders.lead_caption_by_article_id.load(article.id)


async def by_id(ctx: Context, caption_id: int) -> models.Caption | None:
    return await ctx.loaders.caption_by_id.load(caption_id)


async def image(ctx: Context, caption: models.Caption) -> models.Image:
    row = await ctx.loaders.image_by_id.load(caption.image_id)
    if row is None:  # the foreign key is RESTRICT: a caption never outlives its image
        raise LookupError(f"caption {caption.id} has no image {caption.image_id}")
    return row


async def credit(ctx: Context, caption: models.Caption) -> str | None:
    """This use's credit override, else the image's own credit line."""
    if caption.credit_override:
        return caption.credit_override
    return credit_line(await image(ctx, caption))


async def alt(ctx: Context, caption: models.Caption) -> str:
    if caption.alt_override:
        return caption.alt_override
    return (await image(ctx, caption)).alt_text
