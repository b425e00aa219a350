from tortoise.expressions import Subquery

import models
from resolvers.context import Context


async def public(ctx: Context, image_id: int) -> models.Image | None:
    """An image by id, only if a published article uses it: a draft's photos stay unseen."""
    used = models.Caption.filter(ctx.loaders.visible("article__")).values("image_id")
    row = await models.Image.filter(id=image_id, id__in=Subquery(used)).first()
    if row is not None:
        ctx.loaders.image_by_id.prime(row.id, row)
    return row


def url(ctx: Context, image: models.Image) -> str:
    """Where the original file is served: Dateline's /media, or the CDN in front of it."""
    return f"{ctx.media_url.rstrip('/')}/{image.storage_key}"


def credit_line(image: models.Image) -> str | None:
    """`© HOLDER YEAR / CREATOR`, dropping whichever parts are missing."""
    holder = image.copyright_holder or image.credit_line
    owner = " ".join(part for part in (holder, str(image.copyright_year or "")) if part)
    parts = [f"© {owner}" if owner else "", image.creator]
    return " / ".join(part for part in parts if part) or None
