"""Editor-written text is an HTML fragment with a small allow-list of inline tags."""

import html

import nh3

INLINE_TAGS = frozenset({"a", "b", "br", "em", "i", "strong", "sub", "sup"})
_ATTRIBUTES = {"a": {"href"}}


def clean(text: str) -> str:
    """Keeps inline formatting and links; drops scripts, styles, handlers and other tags."""
    return nh3.clean(
        text.strip(),
        tags=set(INLINE_TAGS),
        attributes=_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
    ).strip()  # again: a dropped tag can leave a space at either end


def plain(text: str) -> str:
    """Text, not HTML: for alt text and names that end up in attributes or labels.

    Tags are dropped and entities decoded, so "Asia & Pacific" is stored as written (not
    `&amp;`, which every renderer would show literally). Angle brackets go too: plain text
    never needs markup, and a renderer that forgets to escape cannot be handed any.
    """
    return untagged(text.strip()).replace("<", "").replace(">", "").strip()


def untagged(fragment: str) -> str:
    """The fragment's text: every tag dropped, entities decoded (angle brackets a decoded
    entity leaves are text, kept)."""
    return html.unescape(nh3.clean(fragment, tags=set()))
