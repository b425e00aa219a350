"""What an uploaded file is: refused early, or measured, described and summarised."""

from dataclasses import dataclass
from datetime import datetime

import blurhash
from PIL import Image

from media import _decode, _rights


class Refused(Exception):
    """A file Dateline will not store. `code` is one of: "FILE_TOO_LARGE", "TOO_MANY_PIXELS",
    "UNSUPPORTED_FORMAT", "CORRUPT_FILE"."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Probed:
    format: str
    mime_type: str
    extension: str
    width: int
    height: int
    creator: str
    credit_line: str
    copyright_notice: str
    copyright_holder: str
    copyright_year: int | None
    caption: str
    date_taken: datetime | None
    blurhash: str
    dominant_color: str


def probe(data: bytes, *, max_bytes: int, max_pixels: int) -> Probed:
    """Refuses (Refused) before decoding pixels: size over max_bytes -> FILE_TOO_LARGE;
    not a JPEG/PNG/WebP/AVIF/GIF by content sniffing (SVG, text, PDF, anything Pillow
    cannot identify) -> UNSUPPORTED_FORMAT; width*height over max_pixels read from the
    header -> TOO_MANY_PIXELS (a decompression bomb is refused without decoding it, and
    Pillow's own DecompressionBombError/Warning never escape); truncated or corrupt data
    (full decode fails) -> CORRUPT_FILE. Text values are stripped, decoded correctly (IPTC
    is often latin-1 or UTF-8 with the 1:90 charset marker), and never raise.

    Only the first frame of an animation is decoded. CPU-bound: call it in a thread."""
    if len(data) > max_bytes:
        raise Refused("FILE_TOO_LARGE", f"The file is larger than {max_bytes} bytes.")
    format = _decode.sniff(data)
    if format is None:
        raise Refused(
            "UNSUPPORTED_FORMAT", "Only JPEG, PNG, WebP, AVIF and GIF pictures are accepted."
        )
    with _decode.quiet_bomb_warnings():
        try:
            image = _decode.open_image(data, format)
        except Image.DecompressionBombError:
            raise _too_many(max_pixels) from None
        except Exception:
            raise Refused("CORRUPT_FILE", "The picture cannot be read.") from None
        with image:
            width, height = image.size
            if width < 1 or height < 1:
                raise Refused("CORRUPT_FILE", "The picture has no pixels.")
            if width * height > max_pixels:
                raise _too_many(max_pixels)
            try:
                image.load()
            except Image.DecompressionBombError:
                raise _too_many(max_pixels) from None
            except Exception:
                raise Refused("CORRUPT_FILE", "The picture is truncated or corrupt.") from None
            orientation = _decode.orientation(image)
            rights = _rights.read(image)
            thumbnail = _thumbnail(image, orientation)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    mime_type, extension = _decode.FORMATS[format]
    return Probed(
        format=format,
        mime_type=mime_type,
        extension=extension,
        width=width,
        height=height,
        creator=rights.creator,
        credit_line=rights.credit_line,
        copyright_notice=rights.copyright_notice,
        copyright_holder=rights.copyright_holder,
        copyright_year=rights.copyright_year,
        caption=rights.caption,
        date_taken=rights.date_taken,
        blurhash=blurhash.encode(_rows(thumbnail), components_x=4, components_y=3),
        dominant_color=_dominant_color(thumbnail),
    )


def _too_many(max_pixels: int) -> Refused:
    return Refused("TOO_MANY_PIXELS", f"The picture has more than {max_pixels} pixels.")


def _thumbnail(image: Image.Image, orientation: int) -> Image.Image:
    """An upright RGB copy at most 32 pixels on its longer side (alpha laid over white)."""
    small = _decode.flatten(image, keep_alpha=False)
    small.thumbnail((32, 32), Image.Resampling.BILINEAR)
    return _decode.upright(small, orientation)


def _rows(image: Image.Image) -> list[list[tuple[int, int, int]]]:
    width, height = image.size
    raw = image.tobytes()  # RGB, row by row
    pixels = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, width * height * 3, 3)]
    return [pixels[y * width : (y + 1) * width] for y in range(height)]


def _dominant_color(image: Image.Image) -> str:
    """The most common colour of a median-cut palette of eight."""
    palette_image = image.quantize(colors=8, method=Image.Quantize.MEDIANCUT)
    counts = palette_image.histogram()
    index = max(range(len(counts)), key=lambda i: (counts[i], -i))
    palette = palette_image.getpalette() or [0, 0, 0]
    red, green, blue = palette[index * 3 : index * 3 + 3]
    return f"#{red:02x}{green:02x}{blue:02x}"
