"""The public site: where readers find each article and section, and who publishes them.

Dateline serves no pages; a frontend does, at addresses of its own. Feeds, sitemaps and
structured data still have to name those addresses, so a newsroom states the shape once:
a pattern of `{locale}`, `{section}` (the section's slug) and `{slug}`, such as
`https://news.example/{locale}/{section}/{slug}`. A section's address is the pattern up
to `{section}`; a pattern without `{section}` before `{slug}` gives sections none.
`articles.url` and `sections.url` fill the patterns in.
"""

import string
from dataclasses import dataclass
from typing import Final

PLACES: Final = frozenset({"locale", "section", "slug"})


def problem_with(pattern: str) -> str | None:
    """Why `pattern` cannot be an article address pattern; None when it can."""
    if not pattern.startswith(("https://", "http://")):
        return "must be an absolute http(s) address"
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as error:
        return f"is not a pattern: {error}"
    unknown = sorted(set(names) - PLACES)
    if unknown:
        return f"names {', '.join(unknown)}; only {{locale}}, {{section}} and {{slug}} exist"
    if "slug" not in names:
        return "must name {slug}"
    return None


@dataclass(frozen=True)
class Site:
    publisher: str = "Dateline"
    article_pattern: str | None = None  # checked by problem_with when settings load

    @property
    def front(self) -> str | None:
        """The public site's own address: the pattern before its first place."""
        return None if self.article_pattern is None else self.article_pattern.split("{")[0]

    @property
    def section_pattern(self) -> str | None:
        pattern = self.article_pattern
        if pattern is None or "{section}" not in pattern.split("{slug}")[0]:
            return None
        return pattern.split("{section}")[0] + "{section}"


# Contexts built outside the server (and a newsroom that states no addresses).
NO_ADDRESSES: Final = Site()
