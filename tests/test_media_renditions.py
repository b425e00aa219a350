"""media.renditions and media.signing: crops, sizes, formats, clean output, named paths."""

import dataclasses
import io
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from media import signing
from media.renditions import (
    CROPS,
    FITS,
    FORMATS,
    Spec,
    crop_box,
    output_size,
    parse_path,
    path_of,
    render,
)
from tests import pictures

ORIGINAL = "originals/3f/3f9a.jpg"


@pytest.fixture(autouse=True, scope="module")
def empty_database() -> None:
    """These tests touch no database (this replaces the suite's per-test table wipe)."""


@pytest.fixture(scope="module")
def scene() -> bytes:
    return pictures.encoded(pictures.scene((1200, 800)), "JPEG", quality=90)


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize(
    ("spec", "size"),
    [
        (Spec(width=640, height=360), (640, 360)),
        (Spec(width=640), (640, 427)),  # keeps the 3:2 aspect ratio
        (Spec(width=640, height=640, fit="contain"), (640, 427)),
        (Spec(width=300, crop="1:1"), (300, 300)),
        (Spec(width=320, crop="16:9", focal_x=0.9, focal_y=0.1), (320, 180)),
        (Spec(width=400, height=400, crop="4:3"), (400, 400)),
        (Spec(width=4000), (1200, 800)),  # never upscaled
        (Spec(width=2400, height=1200), (1200, 600)),  # the same shape, at most the original
        (Spec(width=4096, height=4096, fit="contain"), (1200, 800)),
    ],
)
def test_renditions_have_the_requested_size_and_format(
    scene: bytes, format: str, spec: Spec, size: tuple[int, int]
) -> None:
    spec = dataclasses.replace(spec, format=format)

    image = opened(render(scene, spec))

    assert (image.format, image.size) == ({"jpeg": "JPEG"}.get(format, format.upper()), size)
    # What documents state of a rendition without rendering it.
    assert output_size(1200, 800, spec) == size


def test_the_orientation_is_applied() -> None:
    original = pictures.plain((60, 40), exif=pictures.exif(orientation=6))

    assert opened(render(original, Spec(width=40))).size == (40, 60)


def transparent(mode: str, format: str) -> bytes:
    if mode == "P":
        image = Image.new("P", (50, 50), 0)
        image.putpalette([255, 0, 0] * 256)
        return pictures.encoded(image, format, transparency=0)
    return pictures.encoded(Image.new("RGBA", (50, 50), (255, 0, 0, 0)).convert(mode), format)


@pytest.mark.parametrize(("mode", "format"), [("RGBA", "PNG"), ("P", "GIF"), ("LA", "WEBP")])
@pytest.mark.parametrize("target", FORMATS)
def test_transparency_is_kept_where_the_format_allows(mode: str, format: str, target: str) -> None:
    image = opened(render(transparent(mode, format), Spec(width=50, format=target)))

    if target == "jpeg":
        assert (image.mode, image.getpixel((25, 25))) == ("RGB", (255, 255, 255))
    else:
        assert (image.mode, image.getpixel((25, 25))[3]) == ("RGBA", 0)  # type: ignore[index]


def test_the_focal_point_stays_in_the_picture() -> None:
    # A red mark at (90%, 10%) on grey: cropping square around it must keep the mark.
    picture = Image.new("RGB", (1000, 500), pictures.GREY)
    picture.paste((255, 0, 0), (880, 30, 920, 70))
    original = pictures.encoded(picture, "PNG")

    around = opened(render(original, Spec(width=100, crop="1:1", focal_x=0.9, focal_y=0.1)))
    centred = opened(render(original, Spec(width=100, crop="1:1")))

    red, green, blue = around.getpixel((80, 10))  # type: ignore[misc]  # the right half
    assert red > 200
    assert max(green, blue) < 40
    assert centred.getextrema()[0][1] < 160  # type: ignore[index]  # grey only: no red mark


@pytest.mark.parametrize("format", FORMATS)
def test_no_metadata_survives(format: str) -> None:
    packet = pictures.xmp(
        creator="Source A",
        credit="AFP",
        rights="© AFP 2023",
        owner="AFP",
        description="Secret",
        date="2023-05-04",
    )
    original = pictures.with_iptc(
        pictures.encoded(
            pictures.scene((300, 200)),
            "JPEG",
            exif=pictures.exif(artist=b"Source A", gps=True, taken="2023:05:04 10:30:00"),
            xmp=packet,
            icc_profile=pictures.srgb_profile(),
        ),
        [(2, 80, b"Source A"), (2, 120, b"Secret")],
    )
    assert opened(original).getexif().get_ifd(0x8825)  # the original does carry GPS

    data = render(original, Spec(width=150, format=format))
    image = opened(data)

    assert dict(image.getexif()) == {}
    assert not set(image.info) & {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "photoshop"}
    for trace in (b"Exif", b"GPS", b"Source A", b"Secret", b"adobe", b"Photoshop", b"ICC_PROFILE"):
        assert trace not in data


@pytest.mark.parametrize("format", FORMATS)
def test_rendering_is_deterministic(scene: bytes, format: str) -> None:
    spec = Spec(width=200, height=150, crop="16:9", focal_x=0.3, format=format)

    assert render(scene, spec) == render(scene, spec)


def test_rendering_uses_the_focal_point_the_path_names(scene: bytes) -> None:
    precise = Spec(width=200, height=200, focal_x=0.123456, focal_y=0.987)

    assert render(scene, precise) == render(
        scene, Spec(width=200, height=200, focal_x=0.12, focal_y=0.99)
    )


@given(
    width=st.integers(1, 5000),
    height=st.integers(1, 5000),
    ratio=st.sampled_from(list(CROPS.values())),
    focal_x=st.floats(0, 1),
    focal_y=st.floats(0, 1),
)
def test_crop_boxes_hold_the_focal_point(
    width: int, height: int, ratio: tuple[int, int], focal_x: float, focal_y: float
) -> None:
    left, top, right, bottom = crop_box(width, height, ratio, focal_x, focal_y)

    assert 0 <= left < right <= width
    assert 0 <= top < bottom <= height
    assert left <= focal_x * width <= right
    assert top <= focal_y * height <= bottom
    # The largest such box: it touches two opposite edges, and has the ratio (to a pixel).
    assert right - left == width or bottom - top == height
    across, down = ratio
    assert abs((right - left) * down - (bottom - top) * across) <= max(across, down)


def test_crop_boxes_centre_on_the_focal_point_when_they_can() -> None:
    assert crop_box(1600, 900, (1, 1), 0.5, 0.5) == (350, 0, 1250, 900)
    assert crop_box(1600, 900, (1, 1), 0.25, 0.5) == (0, 0, 900, 900)
    assert crop_box(1600, 900, (1, 1), 0.75, 0.5) == (700, 0, 1600, 900)
    assert crop_box(1000, 1000, (16, 9), 0.5, 0.9) == (0, 438, 1000, 1000)


segments = st.text(string.ascii_lowercase + string.digits + "_-", min_size=1, max_size=12)
keys = st.builds(
    lambda parts, extension: "/".join(parts) + "." + extension,
    st.lists(segments, min_size=1, max_size=4).filter(lambda p: p[0] != "renditions"),
    st.sampled_from(["jpg", "png", "webp", "avif", "gif"]),
)
specs = st.builds(
    Spec,
    width=st.integers(1, 4096),
    height=st.none() | st.integers(1, 4096),
    fit=st.sampled_from(FITS),
    format=st.sampled_from(FORMATS),
    crop=st.none() | st.sampled_from(list(CROPS)),
    focal_x=st.integers(0, 100).map(lambda n: n / 100),
    focal_y=st.integers(0, 100).map(lambda n: n / 100),
)


@given(key=keys, spec=specs)
def test_paths_round_trip(key: str, spec: Spec) -> None:
    path = path_of(key, spec)

    assert parse_path(path) == (key, spec)
    assert path.startswith(f"renditions/{key}/")


@given(key=keys, spec=specs, focal_x=st.floats(0, 1), focal_y=st.floats(0, 1))
def test_paths_name_focal_points_in_whole_percent(
    key: str, spec: Spec, focal_x: float, focal_y: float
) -> None:
    path = path_of(key, dataclasses.replace(spec, focal_x=focal_x, focal_y=focal_y))
    parsed = parse_path(path)

    assert parsed is not None
    assert path_of(*parsed) == path


def test_the_path_format() -> None:
    assert path_of(ORIGINAL, Spec(640, 360, crop="16:9", format="webp")) == (
        "renditions/originals/3f/3f9a.jpg/w640-h360-cover-c16x9-f50x50.webp"
    )
    assert path_of("demo/harbour.jpg", Spec(320, fit="contain", focal_x=0.05)) == (
        "renditions/demo/harbour.jpg/w320-contain-f5x50.jpg"
    )


@pytest.mark.parametrize(
    "path",
    [
        "",
        "renditions",
        "renditions/w640-cover-f50x50.jpg",
        f"renditions/{ORIGINAL}/w640-cover-f50x50.png",
        f"renditions/{ORIGINAL}/w640-cover-f50x50.jpeg",
        f"renditions/{ORIGINAL}/w640-fill-f50x50.jpg",
        f"renditions/{ORIGINAL}/w640-cover-c3x2-f50x50.jpg",
        f"renditions/{ORIGINAL}/w0-cover-f50x50.jpg",
        f"renditions/{ORIGINAL}/w-640-cover-f50x50.jpg",
        f"renditions/{ORIGINAL}/w4097-cover-f50x50.jpg",
        f"renditions/{ORIGINAL}/w640-h0-cover-f50x50.jpg",
        f"renditions/{ORIGINAL}/w640-h5000-cover-f50x50.jpg",
        f"renditions/{ORIGINAL}/w0640-cover-f50x50.jpg",
        f"renditions/{ORIGINAL}/w640-cover-f101x50.jpg",
        f"renditions/{ORIGINAL}/w640-cover-f050x50.jpg",
        f"renditions/{ORIGINAL}/w640-cover-f50x50",
        f"renditions/{ORIGINAL}/w640-cover-f50x50.jpg/extra",
        f"renditions/{ORIGINAL}/w640-cover-f50x50-x1.jpg",
        f"renditions/{ORIGINAL}/h360-w640-cover-f50x50.jpg",
        f"renditions/{ORIGINAL}/w640-cover-c16x9-c1x1-f50x50.jpg",
        f"renditions/{ORIGINAL}/W640-cover-f50x50.jpg",
        "originals/3f/x.jpg/w640-cover-f50x50.jpg",
        f"/renditions/{ORIGINAL}/w640-cover-f50x50.jpg",
        "renditions/../secret/w640-cover-f50x50.jpg",
        "renditions/a//b.jpg/w640-cover-f50x50.jpg",
        "renditions/renditions/a.jpg/w1-cover-f0x0.jpg/w640-cover-f50x50.jpg",
    ],
)
def test_paths_path_of_cannot_produce_are_refused(path: str) -> None:
    assert parse_path(path) is None


@pytest.mark.parametrize(
    "fields",
    [
        {"width": 0},
        {"width": 4097},
        {"width": 10, "height": 0},
        {"width": 10, "fit": "fill"},
        {"width": 10, "format": "png"},
        {"width": 10, "crop": "3:2"},
        {"width": 10, "focal_x": 1.01},
        {"width": 10, "focal_y": -0.1},
    ],
)
def test_specs_outside_what_a_path_can_name_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by field
        Spec(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("key", ["../x.jpg", "renditions/a.jpg", "A.jpg"])
def test_paths_of_bad_keys_are_refused(key: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        path_of(key, Spec(640))


def test_signatures() -> None:
    path = path_of(ORIGINAL, Spec(640, 360, format="avif"))
    signature = signing.sign(path, "s3cret")

    assert len(signature) == 22
    assert set(signature) <= set(string.ascii_letters + string.digits + "-_")
    assert signing.verify(path, signature, "s3cret")
    assert not signing.verify(path, signature, "other")
    assert not signing.verify(path.replace("w640", "w641"), signature, "s3cret")
    assert not signing.verify(path, signature[:-1], "s3cret")
    assert not signing.verify(path, signature[:-1] + "é", "s3cret")
    assert not signing.verify(path, "", "s3cret")
    assert not signing.verify(path, signature, "")
    with pytest.raises(ValueError, match="secret"):
        signing.sign(path, "")
