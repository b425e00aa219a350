"""Pictures for the media tests, made on the spot: plain ones, and ones that carry rights
metadata written byte by byte (IPTC IIM in a Photoshop APP13 block), XMP or EXIF."""

import io
import struct
import zlib

from PIL import Image

GREY = (128, 128, 128)  # survives JPEG exactly: no chroma, a flat block


def encoded(image: Image.Image, format: str = "JPEG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=format, **options)
    return out.getvalue()


def plain(size: tuple[int, int] = (60, 40), format: str = "JPEG", **options: object) -> bytes:
    return encoded(Image.new("RGB", size, GREY), format, **options)


def scene(size: tuple[int, int] = (1200, 800)) -> Image.Image:
    """Detail everywhere, so a truncated file really misses pixels."""
    return Image.effect_mandelbrot(size, (-2.0, -1.0, 1.0, 1.0), 64).convert("RGB")


def iim(records: list[tuple[int, int, bytes]]) -> bytes:
    """IPTC IIM datasets: 0x1C, record, dataset, 2-byte length, value."""
    return b"".join(
        b"\x1c" + bytes([record, dataset]) + struct.pack(">H", len(value)) + value
        for record, dataset, value in records
    )


def with_iptc(jpeg: bytes, records: list[tuple[int, int, bytes]]) -> bytes:
    """`jpeg` with an APP13 "Photoshop 3.0" segment holding 8BIM resource 0x0404, after SOI."""
    data = iim(records)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(data))
    resource += data + b"\x00" * (len(data) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + segment + jpeg[2:]


def xmp(
    *, creator: str, credit: str, rights: str, owner: str, description: str, date: str
) -> bytes:
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/"
    photoshop:Credit="{credit}"
    photoshop:DateCreated="{date}">
   <dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt></dc:rights>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="fr">Légende</rdf:li>
    <rdf:li xml:lang="x-default">{description}</rdf:li>
   </rdf:Alt></dc:description>
   <plus:CopyrightOwner><rdf:Seq><rdf:li rdf:parseType="Resource">
    <plus:CopyrightOwnerName>{owner}</plus:CopyrightOwnerName>
   </rdf:li></rdf:Seq></plus:CopyrightOwner>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def exif(
    *,
    artist: bytes = b"",
    copyright: bytes = b"",
    description: bytes = b"",
    orientation: int = 1,
    taken: str = "",
    offset: str = "",
    gps: bool = False,
) -> Image.Exif:
    """EXIF with UTF-8 text given as bytes (Pillow would write a str as ASCII)."""
    tags = Image.Exif()
    for tag, value in ((0x013B, artist), (0x8298, copyright), (0x010E, description)):
        if value:
            tags[tag] = value
    tags[0x0112] = orientation
    details = tags.get_ifd(0x8769)
    if taken:
        details[0x9003] = taken
    if offset:
        details[0x9011] = offset
    if gps:
        location = tags.get_ifd(0x8825)
        location.update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)})
    return tags


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header declares width x height; its data is all zero rows of one bit,
    so the file stays small (about 0.01% of the pixel count) and decodes to a huge image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = bytes(1 + (width + 7) // 8)  # filter byte, then the row
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def srgb_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
