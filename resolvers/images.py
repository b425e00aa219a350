import functools
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from tortoise.expressions import Subquery

import models
from media import renditions, signing
from resolvers import permissions, surrogates
from resolvers import search as searching
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.pagination import Order, Page, Window, paginate, seek


async def by_id(ctx: Context, image_id: int) -> models.Image | None:
    """An image by id. Readers get it only through what they may see of a story
    (`Visibility.pictures`: a draft's photos stay unseen, teasers to it included);
    newsroom accounts get any, a fresh upload included."""
    rows = models.Image.filter(id=image_id)
    # Found or not: publishing may show it, and a rights edit changes what it shows.
    ctx.shown.add(surrogates.image(image_id), surrogates.picture_use(image_id))
    if ctx.viewer.user is None:
        used = ctx.visibility.pictures().values("image_id")
        rows = rows.filter(id__in=Subquery(used))
    row = await rows.first()
    if row is not None:
        ctx.loaders.image_by_id.prime(row.id, row)
    return row


# Renditions are made on demand, so the sizes the API hands out are few: widths snap up
# to this list and heights to a few shapes. Signed URLs then name a small, bounded set
# of files per picture, whoever asks.
WIDTHS = (160, 320, 480, 640, 800, 960, 1280, 1600, 1920, 2048)
SHAPES = ((16, 9), (3, 2), (4, 3), (1, 1), (3, 4), (2, 3), (9, 16))  # width : height
SRCSET_WIDTHS = (320, 640, 960, 1280, 1920)
AUTO = "auto"
# Newest first: ids only grow.
NEWEST: Order[models.Image] = Order("images", descending=True, value=lambda row: row.id, kind=int)


@dataclass(frozen=True)
class Request:
    """A rendition as a client asks for it; checked before any URL is made."""

    width: int | None = None
    height: int | None = None
    fit: str = "cover"
    format: str = "jpeg"  # or AUTO: the media route picks by the browser's Accept header
    crop: str | None = None


@dataclass(frozen=True)
class _Picture:
    """What a rendition URL depends on of a picture, as a cache key."""

    storage_key: str
    width: int
    height: int
    focal_x: float
    focal_y: float

    @classmethod
    def of(cls, image: models.Image) -> "_Picture":
        return cls(image.storage_key, image.width, image.height, image.focal_x, image.focal_y)


def _visible_width(image: _Picture, crop: str | None) -> int:
    """How wide the picture is once cropped: no rendition is wider."""
    if crop is None:
        return image.width
    left, _, right, _ = renditions.crop_box(
        image.width, image.height, renditions.CROPS[crop], image.focal_x, image.focal_y
    )
    return right - left


def snapped(width: int) -> int:
    """The smallest listed width at least `width` (the largest for anything bigger)."""
    if width < 1:
        raise BadUserInput("width must be at least 1.")
    return next((w for w in WIDTHS if w >= width), WIDTHS[-1])


def _height(width: int, asked: tuple[int, int]) -> int:
    """The height at `width` of the listed shape nearest the asked width : height."""
    asked_width, asked_height = asked
    if asked_height < 1:
        raise BadUserInput("height must be at least 1.")
    ratio = asked_width / asked_height
    across, down = min(SHAPES, key=lambda shape: abs(shape[0] / shape[1] - ratio))
    return max(1, min(renditions.MAX_SIZE, round(width * down / across)))


def _spec(image: _Picture, asked: Request, width: int) -> renditions.Spec:
    wanted = width
    width = min(snapped(width), _visible_width(image, asked.crop))
    return renditions.Spec(
        width=width,
        height=_height(width, (wanted, asked.height)) if asked.height is not None else None,
        fit=asked.fit,
        format="jpeg" if asked.format == AUTO else asked.format,
        crop=asked.crop,
        focal_x=image.focal_x,
        focal_y=image.focal_y,
    )


def remote(image: models.Image, asked: Request = Request()) -> dict[str, Any] | None:
    """For a picture whose file stays at the agency (imported from ninjs): the largest of
    its renditions that fits the asked width and height (the smallest when none does;
    the largest when nothing is asked). None for a picture stored here.

    Crops, fits and formats are the agency's business: its files are shown as they are.
    """
    if image.remote_renditions is None:
        return None
    shown = sorted(
        (r for r in image.remote_renditions if _showable(r)),
        key=lambda r: (r["width"], r["height"]),
    )
    if not shown:
        return None
    fitting = [
        r
        for r in shown
        if (asked.width is None or r["width"] <= asked.width)
        and (asked.height is None or r["height"] <= asked.height)
    ]
    return fitting[-1] if fitting else shown[0]


def _showable(rendition: dict[str, Any]) -> bool:
    width, height = rendition.get("width"), rendition.get("height")
    return (
        isinstance(rendition.get("href"), str)
        and isinstance(width, int)
        and isinstance(height, int)
        and str(rendition.get("contentType", "image/")).startswith("image/")
    )


def url(ctx: Context, image: models.Image, asked: Request = Request()) -> str:
    """A signed rendition URL; costs no SQL (the image row has all it needs).

    Widths snap up to WIDTHS, never past the (cropped) picture; without a width, the
    whole picture at its width or the largest listed one. A picture whose file stays at
    the agency is one of its renditions (`remote`).
    """
    if image.remote_renditions is not None:
        if asked.width is not None:
            snapped(asked.width)  # refuses a width below 1, as for any picture
        found = remote(image, asked)
        return str(found["href"]) if found is not None else ""
    return _url(ctx.media.url, ctx.media.signing_key, _Picture.of(image), asked)


def size(image: models.Image, asked: Request = Request()) -> tuple[int, int]:
    """The width and height of the rendition `url(ctx, image, asked)` names; no SQL."""
    found = remote(image, asked)
    if found is not None:
        return int(found["width"]), int(found["height"])
    picture = _Picture.of(image)
    width = asked.width if asked.width is not None else _visible_width(picture, asked.crop)
    return renditions.output_size(image.width, image.height, _spec(picture, asked, width))


def absolute_url(ctx: Context, image: models.Image, asked: Request = Request()) -> str:
    """`url`, absolute against this request's address when the media address is a path:
    for what is read away from a page (ninjs items, structured data, feeds)."""
    return urljoin(str(ctx.request.base_url), url(ctx, image, asked))


def src_set(
    ctx: Context, image: models.Image, asked: Request, widths: list[int] | None = None
) -> str:
    """`url 320w, url 640w, ...`: the given widths, or the usual ones up to the picture's."""
    if widths is not None and len(widths) > len(WIDTHS):
        raise BadUserInput(f"Ask for at most {len(WIDTHS)} widths.")
    if image.remote_renditions is not None:
        listed = _widest(image) if widths is None else []
        for width in sorted(set(widths or ())):
            snapped(width)  # refuses a width below 1
            found = remote(image, Request(width=width))
            if found is not None and found not in listed:
                listed.append(found)
        return ", ".join(f"{r['href']} {r['width']}w" for r in listed)
    chosen = tuple(widths) if widths is not None else None
    return _src_set(ctx.media.url, ctx.media.signing_key, _Picture.of(image), asked, chosen)


def _widest(image: models.Image) -> list[dict[str, Any]]:
    """Each width of an imported picture once, the largest rendition of it."""
    by_width: dict[int, dict[str, Any]] = {}
    for rendition in image.remote_renditions or []:
        if _showable(rendition):
            by_width[rendition["width"]] = rendition
    return [by_width[width] for width in sorted(by_width)]


# Signed URLs are computed once per picture, size and key: a page asks for the same few
# renditions of the same pictures all day. A refused request (BadUserInput) is not kept.
SIGNED_KEPT = 65_536


@functools.lru_cache(maxsize=SIGNED_KEPT)
def _url(base: str, key: str, image: _Picture, asked: Request) -> str:
    width = asked.width if asked.width is not None else _visible_width(image, asked.crop)
    return _signed(base, key, image, _spec(image, asked, width), auto=asked.format == AUTO)


@functools.lru_cache(maxsize=SIGNED_KEPT)
def _src_set(
    base: str, key: str, image: _Picture, asked: Request, widths: tuple[int, ...] | None
) -> str:
    widest = _visible_width(image, asked.crop)
    chosen = (
        [_spec(image, asked, width).width for width in widths]
        if widths is not None
        else [w for w in SRCSET_WIDTHS if w < widest] + [min(widest, SRCSET_WIDTHS[-1])]
    )
    auto = asked.format == AUTO
    return ", ".join(
        f"{_signed(base, key, image, _spec(image, asked, width), auto=auto)} {width}w"
        for width in sorted(set(chosen))
    )


def _signed(base: str, key: str, image: _Picture, spec: renditions.Spec, *, auto: bool) -> str:
    path = renditions.path_of(image.storage_key, spec)
    signature = signing.sign(signing.covered(path, auto=auto), key)
    return f"{base}/{path}?s={signature}" + ("&auto=1" if auto else "")


def credit_line(image: models.Image) -> str | None:
    """`© HOLDER YEAR / CREATOR`, dropping whichever parts are missing."""
    return _credit_line(
        image.copyright_holder or image.credit_line, image.copyright_year, image.creator
    )


# Once per picture's rights: a page asks for each picture's credit several times.
@functools.lru_cache(maxsize=SIGNED_KEPT)
def _credit_line(holder: str | None, year: int | None, creator: str | None) -> str | None:
    owner = " ".join(part for part in (holder, str(year or "")) if part)
    parts = [f"© {owner}" if owner else "", creator]
    return " / ".join(part for part in parts if part) or None


async def usages(ctx: Context, image: models.Image) -> list[models.Caption]:
    """Every caption showing the picture, drafts and the trash included: editors only."""
    permissions.to_read(
        ctx, permissions.WRITER, "Where a picture is used is for newsroom accounts."
    )
    return await ctx.loaders.captions_by_image_id.load(image.id)


async def search(
    ctx: Context, *, text: str | None, first: int | None, after: str | None
) -> Page[models.Image]:
    """The picture library, newest first, for newsroom accounts: `text`'s words are found
    in alt text, description, caption (any use's), creator, credit line or copyright
    holder, through the search index (resolvers.search, resolvers.search_index)."""
    permissions.to_read(ctx, permissions.WRITER, "The picture library is for newsroom accounts.")
    if text is not None and text.strip():
        asked = searching.parsed(text)  # a query too long is refused before anything runs

        async def matching(window: Window) -> list[models.Image]:
            return await searching.pictures(asked, window)

        async def matched() -> int:
            return await searching.pictures_count(asked)

        return await paginate(matching, matched, NEWEST, first=first, after=after)
    rows = models.Image.all()

    async def fetch(window: Window) -> list[models.Image]:
        return list(await seek(rows, window, NEWEST))

    return await paginate(fetch, rows.count, NEWEST, first=first, after=after)
