"""Demo pictures drawn on the spot with Pillow, so nothing is downloaded or shipped."""

import io
from pathlib import Path

from PIL import Image, ImageDraw


def draw(width: int, height: int, sky: str, sea: str) -> bytes:
    """A horizon scene: sky over sea, a sun and a strip of land; a JPEG of the given size."""
    picture = Image.new("RGB", (width, height), sky)
    pen = ImageDraw.Draw(picture)
    horizon = height * 3 // 5
    pen.rectangle((0, horizon, width, height), fill=sea)
    radius = height // 8
    pen.ellipse(
        (width // 5, horizon // 3, width // 5 + 2 * radius, horizon // 3 + 2 * radius),
        fill="#f6d365",
    )
    pen.polygon(
        [(width // 2, horizon), (width * 3 // 4, horizon - height // 6), (width, horizon)],
        fill="#3b5b3b",
    )
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=70)
    return out.getvalue()


def store(media_root: Path, key: str, data: bytes) -> None:
    path = media_root / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
