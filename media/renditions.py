"""Renditions: crops and sizes of an original, their file paths, and the pixels themselves."""

import io
import re
from dataclasses import dataclass

from PIL import Image, ImageCms

from media import _decode, storage

FORMATS = ("jpeg", "webp", "avif")
CROPS = {"16:9": (16, 9), "4:3": (4, 3), "1:1": (1, 1)}
FITS = ("cover", "contain")
MAX_SIZE = 4096

EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}
SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "jpeg": {"format": "JPEG", "quality": 82, "progressive": True, "optimize": True},
    "webp": {"format": "WEBP", "quality": 80, "method": 4},
    "avif": {"format": "AVIF", "quality": 60, "speed": 6},
}


@dataclass(frozen=True)
class Spec:
    """One rendition. Focal points are used in whole percent, as `path_of` writes them.
    Raises ValueError for values `path_of` could not name."""

    width: int
    height: int | None = None  # None: keep the (cropped) aspect ratio
    fit: str = "cover"  # "cover": fill width x height around the focal point; "contain": fit inside
    format: str = "jpeg"
    crop: str | None = None  # a key of CROPS: crop to that ratio around the focal point first
    focal_x: float = 0.5
    focal_y: float = 0.5

    def __post_init__(self) -> None:
        sizes = [self.width] if self.height is None else [self.width, self.height]
        if not all(isinstance(size, int) and 1 <= size <= MAX_SIZE for size in sizes):
            raise ValueError(f"Sizes must be whole numbers from 1 to {MAX_SIZE}.")
        if self.fit not in FITS:
            raise ValueError(f"Unknown fit: {self.fit!r}")
        if self.format not in FORMATS:
            raise ValueError(f"Unknown format: {self.format!r}")
        if self.crop is not None and self.crop not in CROPS:
            raise ValueError(f"Unknown crop: {self.crop!r}")
        if not all(0 <= focal <= 1 for focal in (self.focal_x, self.focal_y)):
            raise ValueError("The focal point must lie within 0..1.")


def percent(focal: float) -> int:
    return round(focal * 100)


def crop_box(
    width: int, height: int, ratio: tuple[int, int], focal_x: float, focal_y: float
) -> tuple[int, int, int, int]:
    """The largest box of `ratio` inside width x height, centred on the focal point as far as
    the edges allow; the focal point is always inside the box."""
    across, down = ratio
    if width * down >= height * across:  # wider than the ratio: full height
        box_width, box_height = max(1, min(width, round(height * across / down))), height
    else:
        box_width, box_height = width, max(1, min(height, round(width * down / across)))
    left = _place(width, box_width, focal_x)
    top = _place(height, box_height, focal_y)
    return left, top, left + box_width, top + box_height


def _place(length: int, box: int, focal: float) -> int:
    centre = min(max(focal, 0.0), 1.0) * length
    return min(max(round(centre - box / 2), 0), length - box)


def render(original: bytes, spec: Spec) -> bytes:
    """Decodes, applies EXIF orientation, crops (named crop, then cover crop around the focal
    point), resizes with LANCZOS (never upscales), encodes in spec.format, and writes no
    metadata (no EXIF, XMP, IPTC or ICC; colours are converted to sRGB). Deterministic."""
    format = _decode.sniff(original)
    if format is None:
        raise ValueError("Not a picture Dateline stores.")
    with _decode.quiet_bomb_warnings():
        return _render(original, format, spec)


def _render(original: bytes, format: str, spec: Spec) -> bytes:
    with _decode.open_image(original, format) as opened:
        opened.load()
        image = _to_srgb(opened, keep_alpha=spec.format != "jpeg")
        image = _decode.upright(image, _decode.orientation(opened))
    focal_x, focal_y = percent(spec.focal_x) / 100, percent(spec.focal_y) / 100
    if spec.crop is not None:
        box = crop_box(*image.size, CROPS[spec.crop], focal_x, focal_y)
        focal_x = (focal_x * image.width - box[0]) / (box[2] - box[0])
        focal_y = (focal_y * image.height - box[1]) / (box[3] - box[1])
        image = image.crop(box)
    size = _target_size(image.size, spec)
    if spec.height is not None and spec.fit == "cover":
        image = image.crop(crop_box(*image.size, (spec.width, spec.height), focal_x, focal_y))
    if size != image.size:
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    image.info = {}  # some encoders copy metadata from here
    out = io.BytesIO()
    image.save(out, **SAVE_OPTIONS[spec.format])  # type: ignore[arg-type]
    return out.getvalue()


def output_size(width: int, height: int, spec: Spec) -> tuple[int, int]:
    """The size `render` gives an upright width x height original for `spec`, known
    without decoding it: for documents that state their pictures' sizes."""
    if spec.crop is not None:
        left, top, right, bottom = crop_box(width, height, CROPS[spec.crop], 0.5, 0.5)
        width, height = right - left, bottom - top  # the box's size, wherever it sits
    return _target_size((width, height), spec)


def _target_size(size: tuple[int, int], spec: Spec) -> tuple[int, int]:
    width, height = size
    if spec.height is None:
        scale = min(1.0, spec.width / width)
    elif spec.fit == "contain":
        scale = min(1.0, spec.width / width, spec.height / height)
    else:  # cover: the requested box, shrunk to what the cropped original can fill
        scale = min(1.0, width / spec.width, height / spec.height)
        return max(1, round(spec.width * scale)), max(1, round(spec.height * scale))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _to_srgb(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """RGB or RGBA pixels in sRGB, converted through an embedded ICC profile when possible."""
    flat = _decode.flatten(image, keep_alpha=keep_alpha)
    profile = image.info.get("icc_profile")
    if not profile:
        return flat
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(
            image if image.mode == "CMYK" else flat,
            source,
            ImageCms.createProfile("sRGB"),
            outputMode=flat.mode,
        )
    except Exception:  # a broken or unusual profile: keep the pixels as they are
        return flat
    return converted if isinstance(converted, Image.Image) else flat


# Paths: "renditions/<original key>/w640-h360-cover-c16x9-f50x50.webp"

SPEC_NAME = re.compile(
    r"w(?P<width>[1-9][0-9]{0,3})"
    r"(?:-h(?P<height>[1-9][0-9]{0,3}))?"
    r"-(?P<fit>cover|contain)"
    r"(?:-c(?P<crop>16x9|4x3|1x1))?"
    r"-f(?P<x>0|[1-9][0-9]?|100)x(?P<y>0|[1-9][0-9]?|100)"
    r"\.(?P<extension>jpg|webp|avif)"
)


def path_of(key: str, spec: Spec) -> str:
    """The rendition's storage key and URL path under the media root. It holds the original's
    whole key and everything the pixels depend on, so a path names one immutable file."""
    storage.validate_key(key)
    if key.startswith("renditions/"):
        raise ValueError("A rendition has no renditions.")
    parts = [f"w{spec.width}"]
    if spec.height is not None:
        parts.append(f"h{spec.height}")
    parts.append(spec.fit)
    if spec.crop is not None:
        parts.append("c" + spec.crop.replace(":", "x"))
    parts.append(f"f{percent(spec.focal_x)}x{percent(spec.focal_y)}")
    return f"{tree_of(key)}/{'-'.join(parts)}.{EXTENSIONS[spec.format]}"


def parse_path(path: str) -> tuple[str, Spec] | None:
    """The inverse of path_of: (original key, spec), or None for anything path_of could not
    have produced."""
    prefix, _, rest = path.partition("/")
    key, _, name = rest.rpartition("/")
    match = SPEC_NAME.fullmatch(name)
    if prefix != "renditions" or not key or key.startswith("renditions/") or not match:
        return None
    try:
        storage.validate_key(key)
        spec = Spec(
            width=int(match["width"]),
            height=int(match["height"]) if match["height"] else None,
            fit=match["fit"],
            format={v: k for k, v in EXTENSIONS.items()}[match["extension"]],
            crop=match["crop"].replace("x", ":") if match["crop"] else None,
            focal_x=int(match["x"]) / 100,
            focal_y=int(match["y"]) / 100,
        )
    except ValueError:
        return None
    return key, spec


def tree_of(key: str) -> str:
    """The folder holding every rendition of the original stored at `key`."""
    return f"renditions/{key}"
