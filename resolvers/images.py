from dataclasses import dataclass

from tortoise.expressions import Q, Subquery

import models
from media import renditions, signing
from resolvers.context import Context
from resolvers.errors import BadUserInput, Forbidden
from resolvers.pagination import Page, paginate


async def by_id(ctx: Context, image_id: int) -> models.Image | None:
    """An image by id. Readers get it only if a published article uses it (a draft's
    photos stay unseen); newsroom accounts get any, a fresh upload included."""
    rows = models.Image.filter(id=image_id)
    if ctx.viewer.user is None:
        used = models.Caption.filter(ctx.loaders.visible("article__")).values("image_id")
        rows = rows.filter(id__in=Subquery(used))
    row = await rows.first()
    if row is not None:
        ctx.loaders.image_by_id.prime(row.id, row)
    return row


DEFAULT_WIDTH_MAX = 2048
SRCSET_WIDTHS = (320, 640, 960, 1280, 1920)
AUTO = "auto"
SEARCH_MAX = 200


@dataclass(frozen=True)
class Request:
    """A rendition as a client asks for it; checked before any URL is made."""

    width: int | None = None
    height: int | None = None
    fit: str = "cover"
    format: str = "jpeg"  # or AUTO: the media route picks by the browser's Accept header
    crop: str | None = None


def _spec(image: models.Image, asked: Request, width: int) -> renditions.Spec:
    if not 1 <= width <= renditions.MAX_SIZE:
        raise BadUserInput(f"width must be between 1 and {renditions.MAX_SIZE}.")
    if asked.height is not None and not 1 <= asked.height <= renditions.MAX_SIZE:
        raise BadUserInput(f"height must be between 1 and {renditions.MAX_SIZE}.")
    return renditions.Spec(
        width=width,
        height=asked.height,
        fit=asked.fit,
        format="jpeg" if asked.format == AUTO else asked.format,
        crop=asked.crop,
        focal_x=image.focal_x,
        focal_y=image.focal_y,
    )


def url(ctx: Context, image: models.Image, asked: Request = Request()) -> str:
    """A signed rendition URL; costs no SQL (the image row has all it needs).

    Without a width: the whole picture, at most DEFAULT_WIDTH_MAX wide.
    """
    width = asked.width if asked.width is not None else min(image.width, DEFAULT_WIDTH_MAX)
    return _signed(ctx, image, _spec(image, asked, width), auto=asked.format == AUTO)


def _signed(ctx: Context, image: models.Image, spec: renditions.Spec, *, auto: bool) -> str:
    path = renditions.path_of(image.storage_key, spec)
    signature = signing.sign(path, ctx.media.signing_key)
    return f"{ctx.media.url}/{path}?s={signature}" + ("&auto=1" if auto else "")


def src_set(
    ctx: Context, image: models.Image, asked: Request, widths: list[int] | None = None
) -> str:
    """`url 320w, url 640w, ...`: the given widths, or the usual ones up to the original's."""
    chosen = widths if widths is not None else [w for w in SRCSET_WIDTHS if w < image.width]
    if widths is None:
        chosen.append(min(image.width, SRCSET_WIDTHS[-1]))
    if len(chosen) > len(SRCSET_WIDTHS) * 2:
        raise BadUserInput(f"Ask for at most {len(SRCSET_WIDTHS) * 2} widths.")
    auto = asked.format == AUTO
    return ", ".join(
        f"{_signed(ctx, image, _spec(image, asked, width), auto=auto)} {width}w"
        for width in sorted(set(chosen))
    )


def credit_line(image: models.Image) -> str | None:
    """`© HOLDER YEAR / CREATOR`, dropping whichever parts are missing."""
    holder = image.copyright_holder or image.credit_line
    owner = " ".join(part for part in (holder, str(image.copyright_year or "")) if part)
    parts = [f"© {owner}" if owner else "", image.creator]
    return " / ".join(part for part in parts if part) or None


async def usages(ctx: Context, image: models.Image) -> list[models.Caption]:
    """Every caption showing the picture, drafts and the trash included: editors only."""
    if ctx.viewer.user is None:
        raise Forbidden("Where a picture is used is for newsroom accounts.")
    return await models.Caption.filter(image_id=image.id).order_by("article_id", "id")


async def search(
    ctx: Context, *, text: str | None, first: int | None, after: str | None
) -> Page[models.Image]:
    """The picture library, newest first, for newsroom accounts: `text` matches alt text,
    description, caption (any use's), creator, credit line or copyright holder."""
    if ctx.viewer.user is None:
        raise Forbidden("The picture library is for newsroom accounts.")
    rows = models.Image.all()
    if text is not None and text.strip():
        needle = text.strip()[:SEARCH_MAX]
        captioned = models.Caption.filter(text__icontains=needle).values("image_id")
        rows = rows.filter(
            Q(alt_text__icontains=needle)
            | Q(description__icontains=needle)
            | Q(creator__icontains=needle)
            | Q(credit_line__icontains=needle)
            | Q(copyright_holder__icontains=needle)
            | Q(id__in=Subquery(captioned))
        )
    ordered = rows.order_by("-id")

    async def fetch(offset: int, limit: int) -> list[models.Image]:
        return list(await ordered.offset(offset).limit(limit))

    return await paginate(fetch, rows.count, first=first, after=after)
