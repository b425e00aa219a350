"""An agency's body (HTML, or plain text) as Dateline's body blocks.

What the blocks can say, they say: paragraphs, headings, quotes, and pictures where a
figure names one of the item's associations. Markup they cannot represent (a layout's
divs and spans, tables, lists, classes) is flattened into paragraphs of inline text; the
original body itself stays with the article (models.NinjsSource), and its export gives it
back until the body is edited. Text is sanitised as an editor's is (resolvers.text.clean).
"""

import html
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

import lxml.html
from lxml import etree

from models.body import Heading, Paragraph, Quote
from resolvers import text

BLOCKS_MAX: Final = 2_000
_SKIPPED = frozenset(
    {"head", "title", "script", "style", "template", "noscript", "iframe", "object", "hr"}
)
_HEADINGS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
_BLOCK_TAGS = frozenset(
    {
        *_SKIPPED,
        *_HEADINGS,
        "p",
        "blockquote",
        "figure",
        "img",
        "pre",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "body",
        "html",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "address",
        "details",
        "summary",
        "figcaption",
    }
)
# Where a figure or img names the picture it shows.
_PICTURE_ATTRIBUTES = ("data-assoc-ref", "data-association", "data-uri", "uri", "src")


def _longest(kind: type[Paragraph | Heading | Quote]) -> int:
    """The block's own limit on its text (models.body), so the two cannot disagree."""
    found = (getattr(m, "max_length", None) for m in kind.model_fields["text"].metadata)
    return next(limit for limit in found if isinstance(limit, int))


_LIMITS: Final = {
    "paragraph": _longest(Paragraph),
    "heading": _longest(Heading),
    "quote": _longest(Quote),
}


@dataclass(frozen=True)
class Figure:
    """A picture in the body: the association it shows, by its index in the item."""

    association: int
    caption: str = ""


Part = dict[str, Any] | Figure


class TooLong(Exception):
    """A block longer than its kind allows, or too many blocks."""


def from_text(value: str) -> list[Part]:
    """Plain text: a paragraph per line."""
    return _bounded(
        {"type": "paragraph", "text": html.escape(line.strip(), quote=False)}
        for line in value.splitlines()
        if line.strip()
    )


def from_html(value: str, pictures: Mapping[str, int], headline: str = "") -> list[Part]:
    """HTML (a fragment or a whole document). `pictures` finds an association's index by
    its name, uri or a rendition's href; an h1 repeating the headline is left out."""
    if not value.strip():
        return []
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        document = lxml.html.document_fromstring(value, parser=parser)
    except (etree.ParserError, ValueError):
        return []
    return _bounded(_Walk(pictures, text.plain(headline)).element(document))


def _bounded(parts: Iterator[Part]) -> list[Part]:
    found: list[Part] = []
    for part in parts:
        if isinstance(part, dict):
            _fits(part)
        found.append(part)
        if len(found) > BLOCKS_MAX:
            raise TooLong(f"at most {BLOCKS_MAX} blocks")
    return found


def _fits(block: dict[str, Any]) -> None:
    limit = _LIMITS[block["type"]]
    if len(block["text"]) > limit:
        raise TooLong(f"a {block['type']} of at most {limit} characters")


def _inner(element: Any) -> str:
    inside = "".join(lxml.html.tostring(child, encoding=str, with_tail=True) for child in element)
    return html.escape(element.text or "", quote=False) + inside


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


class _Walk:
    def __init__(self, pictures: Mapping[str, int], headline: str) -> None:
        self.pictures = pictures
        self.headline = headline

    def element(self, element: Any) -> Iterator[Part]:
        tag = _tag(element)
        if tag in _SKIPPED or not tag:
            return
        if tag == "p":
            yield from _paragraph(_inner(element))
        elif tag in _HEADINGS:
            heading = text.clean(_inner(element))
            if heading and not (tag == "h1" and text.plain(heading) == self.headline):
                yield {"type": "heading", "text": heading, "level": _HEADINGS[tag]}
        elif tag == "blockquote":
            yield from self._quote(element)
        elif tag in ("figure", "img"):
            yield from self._figure(element)
        elif tag == "pre":
            lines = (element.text_content() or "").splitlines()
            yield from _paragraph("<br>".join(html.escape(line, quote=False) for line in lines))
        elif tag == "figcaption":
            return
        else:
            yield from self._container(element)

    def _container(self, element: Any) -> Iterator[Part]:
        """Block children in order; the inline runs between them become paragraphs."""
        if not any(_tag(child) in _BLOCK_TAGS for child in element):
            yield from _paragraph(_inner(element))
            return
        run = [html.escape(element.text or "", quote=False)]
        for child in element:
            if _tag(child) in _BLOCK_TAGS:
                yield from _paragraph("".join(run))
                yield from self.element(child)
                run = [html.escape(child.tail or "", quote=False)]
            else:
                run.append(lxml.html.tostring(child, encoding=str, with_tail=True))
        yield from _paragraph("".join(run))

    def _quote(self, element: Any) -> Iterator[Part]:
        cited = element.find(".//footer")
        if cited is None:
            cited = element.find(".//cite")
        attribution = text.clean(_inner(cited)) if cited is not None else ""
        if cited is not None:
            cited.drop_tree()
        paragraphs = element.findall(".//p")
        inner = "<br>".join(_inner(p) for p in paragraphs) if paragraphs else _inner(element)
        quoted = text.clean(inner)
        if quoted:
            yield {"type": "quote", "text": quoted, "attribution": attribution}

    def _figure(self, element: Any) -> Iterator[Part]:
        candidates = [element, *element.iter("img")]
        for candidate in candidates:
            for name in _PICTURE_ATTRIBUTES:
                found = self.pictures.get(candidate.get(name) or "")
                if found is not None:
                    caption = element.find(".//figcaption")
                    shown = text.clean(_inner(caption)) if caption is not None else ""
                    yield Figure(found, shown)
                    return


def _paragraph(inner: str) -> Iterator[dict[str, Any]]:
    cleaned = text.clean(inner)
    if cleaned:
        yield {"type": "paragraph", "text": cleaned}
