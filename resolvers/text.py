"""Editor-written text is an HTML fragment with a small allow-list of inline tags."""

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
    )


def plain(text: str) -> str:
    """No tags at all: for alt text and names that end up in attributes or labels."""
    return nh3.clean(text.strip(), tags=set())
