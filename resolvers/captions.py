"""Captions (one use of a picture in one article) and what they show of their picture.

Each returns the value when the request has loaded it (resolvers.relations), else the
awaitable that loads it (resolvers.loaded).
"""

import models
from resolvers.context import Context
from resolvers.images import credit_line
from resolvers.loaded import Maybe, known, then


def lead(ctx: Context, article: models.Article) -> Maybe[models.Caption | None]:
    return known(ctx.loaders.lead_caption_by_article_id, article.id)


def by_id(ctx: Context, caption_id: int) -> Maybe[models.Caption | None]:
    return known(ctx.loaders.caption_by_id, caption_id)


def image(ctx: Context, caption: models.Caption) -> Maybe[models.Image]:
    """The caption's picture. Asked up to five times per caption on a page (credit, alt,
    image, url, srcSet), so the loaded case returns at once, with no `then`."""

    def present(row: models.Image | None) -> models.Image:
        if row is None:  # the foreign key is RESTRICT: a caption never outlives its image
            raise LookupError(f"caption {caption.id} has no image {caption.image_id}")
        return row

    found: Maybe[models.Image | None] = known(ctx.loaders.image_by_id, caption.image_id)
    if isinstance(found, models.Image):
        return found
    return then(found, present)


def credit(ctx: Context, caption: models.Caption) -> Maybe[str | None]:
    """This use's credit override, else the image's own credit line."""
    if caption.credit_override:
        return caption.credit_override
    return then(image(ctx, caption), credit_line)


def alt(ctx: Context, caption: models.Caption) -> Maybe[str]:
    if caption.alt_override:
        return caption.alt_override
    return then(image(ctx, caption), lambda row: row.alt_text)
