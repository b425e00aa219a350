"""media.probe: what an upload is, and which uploads are refused (and how)."""

import time
from datetime import UTC, datetime, timedelta, timezone

import blurhash
import pytest
from PIL import Image

from media.probe import Probed, Refused, probe
from tests import pictures

LIMITS = {"max_bytes": 10_000_000, "max_pixels": 40_000_000}
# The reference blurhash of a flat grey 32 x 21 thumbnail (the encoder's basis is not
# orthogonal on a grid, so even a flat picture has small AC terms).
GREY_LANDSCAPE = "L2Eyb[_3fQ_3~qoffQoffQfQfQfQ"
GREY_PORTRAIT = "L2Eyb[~qfQ~q_3offQoffQfQfQfQ"


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """These tests touch no database (this replaces the suite's per-test table wipe)."""


def nothing_known(**fields: object) -> Probed:
    values: dict[str, object] = {
        "format": "JPEG",
        "mime_type": "image/jpeg",
        "extension": "jpg",
        "width": 60,
        "height": 40,
        "creator": "",
        "credit_line": "",
        "copyright_notice": "",
        "copyright_holder": "",
        "copyright_year": None,
        "caption": "",
        "date_taken": None,
        "blurhash": GREY_LANDSCAPE,
        "dominant_color": "#808080",
    }
    values.update(fields)
    return Probed(**values)  # type: ignore[arg-type]


def test_iptc_rights_in_utf8() -> None:
    data = pictures.with_iptc(
        pictures.plain(),
        [
            (1, 90, b"\x1b%G"),
            (2, 80, "Søren Ødegård".encode()),
            (2, 110, b" AFP "),
            (2, 116, "© AFP 2023".encode()),
            (2, 120, "Tide gauge on Funafuti — Tuvalu\x00".encode()),
            (2, 55, b"20230504"),
            (2, 60, b"103000+1200"),
        ],
    )

    assert probe(data, **LIMITS) == nothing_known(
        creator="Søren Ødegård",
        credit_line="AFP",
        copyright_notice="© AFP 2023",
        copyright_holder="AFP",
        copyright_year=2023,
        caption="Tide gauge on Funafuti — Tuvalu",
        date_taken=datetime(2023, 5, 4, 10, 30, tzinfo=timezone(timedelta(hours=12))),
    )


def test_iptc_in_latin1_without_a_charset_marker() -> None:
    data = pictures.with_iptc(
        pictures.plain(),
        [
            (2, 80, "José Martí".encode("latin-1")),
            (2, 80, b"Ed Jones"),  # repeatable
            (2, 116, "Copyright 2019-2021 Reuters. All rights reserved.".encode("latin-1")),
            (2, 55, b"20210101"),  # no time: midnight UTC
        ],
    )

    assert probe(data, **LIMITS) == nothing_known(
        creator="José Martí, Ed Jones",
        copyright_notice="Copyright 2019-2021 Reuters. All rights reserved.",
        copyright_holder="Reuters",
        copyright_year=2019,
        date_taken=datetime(2021, 1, 1, tzinfo=UTC),
    )


def test_xmp_rights() -> None:
    packet = pictures.xmp(
        creator="Ed Jones",
        credit="AFP",
        rights="© AFP 2023",
        owner="Agence France-Presse",
        description="Tide gauge",
        date="2023-05-04T10:30:00+02:00",
    )

    assert probe(pictures.plain(xmp=packet), **LIMITS) == nothing_known(
        creator="Ed Jones",
        credit_line="AFP",
        copyright_notice="© AFP 2023",
        copyright_holder="Agence France-Presse",
        copyright_year=2023,
        caption="Tide gauge",
        date_taken=datetime(2023, 5, 4, 10, 30, tzinfo=timezone(timedelta(hours=2))),
    )


def test_iptc_wins_over_xmp() -> None:
    packet = pictures.xmp(
        creator="XMP Creator",
        credit="XMP",
        rights="© XMP 2000",
        owner="XMP Owner",
        description="XMP caption",
        date="2000-01-01",
    )
    data = pictures.with_iptc(
        pictures.plain(xmp=packet), [(2, 80, b"Ed Jones"), (2, 116, "© AFP 2023".encode())]
    )

    assert probe(data, **LIMITS) == nothing_known(
        creator="Ed Jones",
        credit_line="XMP",
        copyright_notice="© AFP 2023",
        copyright_holder="XMP Owner",
        copyright_year=2023,
        caption="XMP caption",
        date_taken=datetime(2000, 1, 1, tzinfo=UTC),
    )


def test_exif_rights_and_orientation() -> None:
    tags = pictures.exif(
        artist="Søren Ødegård".encode(),
        copyright="© Reuters".encode(),
        description=b"  A tide gauge  ",
        orientation=6,  # rotated: the stored 60 x 40 shows as 40 x 60
        taken="2023:05:04 10:30:00",
        offset="-03:00",
    )

    assert probe(pictures.plain(exif=tags), **LIMITS) == nothing_known(
        width=40,
        height=60,
        creator="Søren Ødegård",
        copyright_notice="© Reuters",
        copyright_holder="Reuters",
        copyright_year=2023,  # from the date taken
        caption="A tide gauge",
        date_taken=datetime(2023, 5, 4, 10, 30, tzinfo=timezone(timedelta(hours=-3))),
        blurhash=GREY_PORTRAIT,
    )


def test_broken_metadata_is_ignored() -> None:
    data = pictures.with_iptc(
        pictures.plain(
            xmp=b"<x:xmpmeta><!DOCTYPE bomb [<!ENTITY a 'aaaa'>]>&a;",
            exif=pictures.exif(taken="2023:13:45 99:00:00", offset="+99:99"),
        ),
        [(2, 80, b"\xff\xfe\x00"), (2, 55, b"2023"), (2, 60, b"xx"), (2, 116, b"\x1c\x02")],
    )

    assert probe(data, **LIMITS) == nothing_known(creator="ÿþ")


@pytest.mark.parametrize(
    ("format", "mime_type", "extension", "options"),
    [
        ("PNG", "image/png", "png", {}),
        ("WEBP", "image/webp", "webp", {"lossless": True}),
        ("AVIF", "image/avif", "avif", {"quality": 100}),
        ("GIF", "image/gif", "gif", {}),
    ],
)
def test_every_accepted_format(
    format: str, mime_type: str, extension: str, options: dict[str, object]
) -> None:
    picture = Image.new("RGB", (400, 300), (31, 58, 95))
    picture.paste((240, 140, 40), (300, 0, 400, 300))

    probed = probe(pictures.encoded(picture, format, **options), **LIMITS)

    assert (probed.format, probed.mime_type, probed.extension) == (format, mime_type, extension)
    assert (probed.width, probed.height) == (400, 300)
    assert probed.dominant_color in ("#1f3a5f", "#1e3a5f")  # AVIF is lossy even at 100
    # The placeholder is navy on the left and orange on the right.
    placeholder = blurhash.decode(probed.blurhash, 4, 3)
    left, right = placeholder[1][0], placeholder[1][3]
    assert left[2] > left[0]
    assert right[0] > right[2]


def test_transparent_pixels_are_summarised_over_white() -> None:
    picture = Image.new("RGBA", (40, 40), (0, 0, 0, 0))

    probed = probe(pictures.encoded(picture, "PNG"), **LIMITS)

    assert probed.dominant_color == "#ffffff"


def test_a_decompression_bomb_is_refused_without_decoding_it() -> None:
    bomb = pictures.png_header_only(30_000, 30_000)  # 900 megapixels in about 110 KB
    assert len(bomb) < 200_000

    started = time.perf_counter()
    with pytest.raises(Refused) as refused:
        probe(bomb, **LIMITS)

    assert refused.value.code == "TOO_MANY_PIXELS"
    assert time.perf_counter() - started < 1  # decoding it would take seconds and gigabytes


@pytest.mark.parametrize(
    "size",
    [
        (10_000, 10_000),  # over Pillow's warning limit, under its error limit
        (6_400, 6_400),  # under Pillow's limits, over ours
    ],
)
def test_pixels_over_the_limit_are_refused_before_decoding(size: tuple[int, int]) -> None:
    # The suite turns warnings into errors: Pillow's DecompressionBombWarning must not escape.
    with pytest.raises(Refused) as refused:
        probe(pictures.png_header_only(*size), **LIMITS)

    assert refused.value.code == "TOO_MANY_PIXELS"


def test_pixels_at_the_limit_are_accepted() -> None:
    probed = probe(pictures.plain((200, 100)), max_bytes=10_000, max_pixels=20_000)

    assert (probed.width, probed.height) == (200, 100)


def test_a_file_over_the_byte_limit_is_refused_whatever_it_holds() -> None:
    data = pictures.plain()

    with pytest.raises(Refused) as refused:
        probe(data, max_bytes=len(data) - 1, max_pixels=10_000)

    assert refused.value.code == "FILE_TOO_LARGE"
    assert probe(data, max_bytes=len(data), max_pixels=10_000).width == 60


def other_format(format: str) -> bytes:
    return pictures.plain(format=format)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"Dear editor,\nplease publish this.\n", id="text"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b"<script>alert(document.cookie)</script></svg>",
            id="svg-with-script",
        ),
        pytest.param(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', id="svg"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", id="pdf"),
        pytest.param(b"<html><script>alert(1)</script></html>GIF89a", id="html"),
        pytest.param(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", id="heic"),
        pytest.param(other_format("TIFF"), id="tiff"),
        pytest.param(other_format("BMP"), id="bmp"),
        pytest.param(other_format("ICO"), id="ico"),
        pytest.param(b"8BPS\x00\x01" + bytes(40), id="psd"),
    ],
)
def test_anything_but_the_five_formats_is_unsupported(data: bytes) -> None:
    with pytest.raises(Refused) as refused:
        probe(data, **LIMITS)

    assert refused.value.code == "UNSUPPORTED_FORMAT"
    assert refused.value.message == "Only JPEG, PNG, WebP, AVIF and GIF pictures are accepted."


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(pictures.encoded(pictures.scene(), "JPEG")[:20_000], id="truncated-jpeg"),
        pytest.param(pictures.encoded(pictures.scene(), "PNG")[:20_000], id="truncated-png"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40), id="jpeg-header-only"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, id="png-garbage"),
        pytest.param(b"GIF89a", id="gif-signature-only"),
    ],
)
def test_truncated_or_corrupt_files_are_refused(data: bytes) -> None:
    with pytest.raises(Refused) as refused:
        probe(data, **LIMITS)

    assert refused.value.code == "CORRUPT_FILE"
