"""The public site: where readers find each article and section, and who publishes them.

Dateline serves no pages; a frontend does, at addresses of its own. Feeds, sitemaps and
structured data still have to name those addresses, so a newsroom states the shape once:
a pattern of `{locale}`, `{section}` (the section's slug) and `{slug}`, such as
`https://news.example/{locale}/{section}/{slug}`. A section's address is the pattern up
to `{section}`; a pattern without `{section}` before `{slug}` gives sections none.
"""

import string
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import models
from resolvers.loaded import Maybe, then

if TYPE_CHECKING:  # the context holds a Site: only its type is needed here
    from resolvers.context import Context

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
    def section_pattern(self) -> str | None:
        pattern = self.article_pattern
        if pattern is None or "{section}" not in pattern.split("{slug}")[0]:
            return None
        return pattern.split("{section}")[0] + "{section}"


# Contexts built outside the server (and a newsroom that states no addresses).
NO_ADDRESSES: Final = Site()


def article_url(ctx: "Context", article: models.Article) -> Maybe[str | None]:
    """The article's address on the public site; None when none is configured."""
    pattern = ctx.site.article_pattern
    if pattern is None:
        return None
    if "{section}" not in pattern:
        return pattern.format(locale=article.locale, section="", slug=article.slug)
    from resolvers import sections  # imports the context, which imports this module

    return then(
        sections.of_article(ctx, article),
        lambda section: pattern.format(
            locale=article.locale, section=section.slug, slug=article.slug
        ),
    )


def section_url(ctx: "Context", section: models.Section) -> str | None:
    pattern = ctx.site.section_pattern
    if pattern is None:
        return None
    return pattern.format(locale=section.locale, section=section.slug)
