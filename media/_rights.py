"""Rights and caption metadata read from IPTC IIM, XMP and EXIF. Never raises."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from PIL import Image

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC = "http://purl.org/dc/elements/1.1/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
PLUS = "http://ns.useplus.org/ldf/xmp/1.0/"
XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"

YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Rights:
    creator: str = ""
    credit_line: str = ""
    copyright_notice: str = ""
    copyright_holder: str = ""
    copyright_year: int | None = None
    caption: str = ""
    date_taken: datetime | None = None


def read(image: Image.Image) -> Rights:
    iptc = _safely(_iptc, image) or {}
    xmp = _safely(_xmp, image) or {}
    exif = _safely(_exif, image) or {}

    def first(*values: Any) -> str:
        return next((v for v in values if isinstance(v, str) and v), "")

    notice = first(iptc.get("copyright_notice"), xmp.get("rights"), exif.get("copyright"))
    date_taken = next(
        (d for d in (iptc.get("date"), xmp.get("date"), exif.get("date")) if d is not None),
        None,
    )
    year_in_notice = YEAR.search(notice)
    if year_in_notice:
        year: int | None = int(year_in_notice.group(1))
    else:
        year = date_taken.year if date_taken else None
    return Rights(
        creator=first(iptc.get("creator"), xmp.get("creator"), exif.get("artist")),
        credit_line=first(iptc.get("credit"), xmp.get("credit")),
        copyright_notice=notice,
        copyright_holder=first(xmp.get("holder"), holder_from_notice(notice)),
        copyright_year=year,
        caption=first(iptc.get("caption"), xmp.get("description"), exif.get("description")),
        date_taken=date_taken,
    )


def _safely(read: Any, image: Image.Image) -> dict[str, Any] | None:
    try:
        result: dict[str, Any] = read(image)
    except Exception:
        return None
    return result


def clean(text: str) -> str:
    """Drops control characters (except line breaks and tabs) and surrounding space."""
    kept = (c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    return "".join(kept).strip()


def decode(raw: bytes, *, utf8: bool = False) -> str:
    """UTF-8 when marked or valid, else Windows-1252, else Latin-1 (which never fails)."""
    if utf8:
        return clean(raw.decode("utf-8", "replace"))
    for encoding in ("utf-8", "cp1252"):
        try:
            return clean(raw.decode(encoding))
        except UnicodeDecodeError:
            pass
    return clean(raw.decode("latin-1"))


def holder_from_notice(notice: str) -> str:
    """The holder named in a notice: "© AFP 2023" -> "AFP"."""
    text = re.sub(r"(?i)\ball rights reserved\b", " ", notice)
    text = re.sub(r"(?i)©|\(c\)|\bcopyright\b|\bcopr\.", " ", text)
    text = re.sub(r"\b(1[89]|20)\d\d(\s*[-–]\s*(1[89]|20)\d\d)?\b", " ", text)
    text = text.split("/")[0]
    return " ".join(text.split()).strip(" ,.;:-–—")


# IPTC IIM (in JPEG's APP13 "Photoshop 3.0" resource 0x0404)


def iim_records(block: bytes) -> dict[tuple[int, int], list[bytes]]:
    records: dict[tuple[int, int], list[bytes]] = {}
    at = 0
    while at + 5 <= len(block) and block[at] == 0x1C:
        record, dataset = block[at + 1], block[at + 2]
        size = int.from_bytes(block[at + 3 : at + 5], "big")
        at += 5
        if size & 0x8000:  # extended dataset: the next n bytes hold the size
            count = size & 0x7FFF
            if count > 4:
                break
            size = int.from_bytes(block[at : at + count], "big")
            at += count
        if at + size > len(block):
            break
        records.setdefault((record, dataset), []).append(block[at : at + size])
        at += size
    return records


def _iptc(image: Image.Image) -> dict[str, Any]:
    resources = image.info.get("photoshop")
    block = resources.get(0x0404) if isinstance(resources, dict) else None
    if not isinstance(block, bytes):
        return {}
    records = iim_records(block)
    utf8 = any(b"\x1b%G" in value for value in records.get((1, 90), []))

    def text(dataset: int) -> str:
        values = (decode(v, utf8=utf8) for v in records.get((2, dataset), []))
        return ", ".join(v for v in values if v)

    date = records.get((2, 55), [b""])[0].decode("ascii", "replace")
    time = records.get((2, 60), [b""])[0].decode("ascii", "replace")
    return {
        "creator": text(80),
        "credit": text(110),
        "copyright_notice": text(116),
        "caption": text(120),
        "date": _iptc_date(date, time),
    }


def _iptc_date(date: str, time: str) -> datetime | None:
    day = re.fullmatch(r"(\d{4})(\d\d)(\d\d)", date.strip())
    clock = re.fullmatch(r"(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)(\d\d))?", time.strip())
    if not day:
        return None
    hour, minute, second = (int(clock[i]) for i in (1, 2, 3)) if clock else (0, 0, 0)
    if clock and clock[4]:
        sign, hours, minutes = clock[4], int(clock[5]), int(clock[6])
    else:
        sign, hours, minutes = "+", 0, 0
    parts = (int(day[1]), int(day[2]), int(day[3]), hour, minute, second)
    return _moment(*parts, sign=sign, hours=hours, minutes=minutes)


def _moment(*parts: int, sign: str = "+", hours: int = 0, minutes: int = 0) -> datetime | None:
    """An aware datetime, UTC when no offset is known; None when the parts are impossible."""
    try:
        offset = timedelta(hours=hours, minutes=minutes)
        zone = timezone(-offset if sign == "-" else offset)
        year, month, day, hour, minute, second = parts
        return datetime(year, month, day, hour, minute, second, tzinfo=zone)
    except ValueError:
        return None


# XMP


def _xmp_packet(image: Image.Image) -> bytes:
    for key in ("xmp", "XML:com.adobe.xmp"):
        value = image.info.get(key)
        if isinstance(value, str):
            return value.encode("utf-8")
        if isinstance(value, bytes):
            return value
    return b""


def _xmp(image: Image.Image) -> dict[str, Any]:
    packet = _xmp_packet(image).strip(b"\x00 \t\r\n")
    if not packet:
        return {}
    root = ElementTree.fromstring(packet)
    descriptions = list(root.iter(f"{{{RDF}}}Description"))

    def prop(namespace: str, name: str) -> str:
        tag = f"{{{namespace}}}{name}"
        for description in descriptions:
            if tag in description.attrib:
                return clean(description.attrib[tag])
            child = description.find(tag)
            if child is not None:
                return _xmp_value(child)
        return ""

    holders = [
        clean(element.get(f"{{{PLUS}}}CopyrightOwnerName", "") or "") for element in root.iter()
    ] + [clean(element.text or "") for element in root.iter(f"{{{PLUS}}}CopyrightOwnerName")]
    holder = ", ".join(h for h in holders if h) or prop(XMP_RIGHTS, "Owner")
    return {
        "creator": prop(DC, "creator"),
        "credit": prop(PHOTOSHOP, "Credit"),
        "rights": prop(DC, "rights"),
        "holder": holder,
        "description": prop(DC, "description"),
        "date": _iso_date(prop(PHOTOSHOP, "DateCreated")),
    }


def _xmp_value(element: Element) -> str:
    """A simple property's text; an rdf:Alt's x-default (else first) item; a list's items."""
    alt = element.find(f"{{{RDF}}}Alt")
    if alt is not None:
        items = alt.findall(f"{{{RDF}}}li")
        chosen = next((li for li in items if li.get(XML_LANG) == "x-default"), None)
        chosen = chosen if chosen is not None else next(iter(items), None)
        return clean(chosen.text or "") if chosen is not None else ""
    for kind in ("Seq", "Bag"):
        container = element.find(f"{{{RDF}}}{kind}")
        if container is not None:
            values = (clean(li.text or "") for li in container.findall(f"{{{RDF}}}li"))
            return ", ".join(v for v in values if v)
    return clean(element.text or "")


def _iso_date(text: str) -> datetime | None:
    """XMP dates: "2023", "2023-05", "2023-05-04", or a full ISO 8601 date-time."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            parsed = datetime(int(text), 1, 1)
        elif re.fullmatch(r"\d{4}-\d\d", text):
            parsed = datetime(int(text[:4]), int(text[5:]), 1)
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# EXIF


def _exif(image: Image.Image) -> dict[str, Any]:
    exif = image.getexif()
    details = exif.get_ifd(0x8769)

    def text(value: object) -> str:
        if isinstance(value, str):
            # Pillow reads EXIF ASCII as Latin-1; cameras and editors often write UTF-8.
            value = value.encode("latin-1", "replace")
        if not isinstance(value, bytes):
            return ""
        # Copyright may hold "photographer\0editor".
        parts = (decode(part) for part in value.split(b"\x00"))
        return "; ".join(p for p in parts if p)

    return {
        "artist": text(exif.get(0x013B)),
        "copyright": text(exif.get(0x8298)),
        "description": text(exif.get(0x010E)),
        "date": _exif_date(text(details.get(0x9003)), text(details.get(0x9011))),
    }


def _exif_date(value: str, offset: str) -> datetime | None:
    match = re.fullmatch(r"(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d):(\d\d)", value.strip())
    if not match:
        return None
    shift = re.fullmatch(r"([+-])(\d\d):(\d\d)", offset.strip())
    sign, hours, minutes = (shift[1], int(shift[2]), int(shift[3])) if shift else ("+", 0, 0)
    return _moment(*(int(part) for part in match.groups()), sign=sign, hours=hours, minutes=minutes)
