"""Opening untrusted picture bytes with Pillow: format sniffing and bomb-safe decoding."""

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image, ImageFile

# Pillow format name -> (MIME type, file extension). Nothing else is ever opened.
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "AVIF": ("image/avif", "avif"),
    "GIF": ("image/gif", "gif"),
}

# What each EXIF orientation needs to be shown upright.
ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def sniff(data: bytes) -> str | None:
    """The Pillow format name that the leading bytes announce, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and _avif_brand(data):
        return "AVIF"
    return None


def _avif_brand(data: bytes) -> bool:
    # ISO BMFF "ftyp" box: size, "ftyp", major brand, minor version, compatible brands.
    size = min(int.from_bytes(data[0:4], "big"), len(data), 4096)
    brands = [data[8:12]] + [data[i : i + 4] for i in range(16, size - 3, 4)]
    return b"avif" in brands or b"avis" in brands


@contextmanager
def quiet_bomb_warnings() -> Iterator[None]:
    """Pillow warns above its own pixel limit; Dateline applies its own limit instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def open_image(data: bytes, format: str) -> ImageFile.ImageFile:
    """Reads the header only. Raises Pillow's errors (including DecompressionBombError)."""
    return Image.open(io.BytesIO(data), formats=[format])


def orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and value in ORIENTATION else 1


def upright(image: Image.Image, orientation: int) -> Image.Image:
    method = ORIENTATION.get(orientation)
    return image if method is None else image.transpose(method)


def flatten(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """RGB (or RGBA when `keep_alpha` and the picture has transparency); alpha over white."""
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    if not has_alpha:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    if keep_alpha:
        return rgba
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")
