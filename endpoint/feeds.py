"""The feeds: GET /feeds/{locale}/rss.xml, atom.xml and feed.json (the newest stories of
a locale) and /feeds/{locale}/sections/{slug}/rss.xml (of one section)."""

from collections.abc import Callable
from typing import Final

import orjson
from starlette.requests import Request

from endpoint.documents import Document, DocumentRoute, Read
from endpoint.view import GraphQLView
from resolvers import feeds, locales, sections
from resolvers.context import Context

PATH: Final = "/feeds/"
NOT_FOUND: Final = "No feed here: check the locale and the section's slug."

FORMATS: Final[dict[str, tuple[Callable[[feeds.Feed, str], bytes], str]]] = {
    "rss.xml": (feeds.rss, "application/rss+xml; charset=utf-8"),
    "atom.xml": (feeds.atom, "application/atom+xml; charset=utf-8"),
    "feed.json": (
        lambda feed, at: orjson.dumps(feeds.json_feed(feed, at)),
        "application/feed+json",
    ),
}


def _reader(name: str, *, of_section: bool) -> Read:
    write, media_type = FORMATS[name]

    async def read(context: Context, request: Request) -> Document | None:
        params = request.path_params
        locale = locales.locale(context, params["locale"])
        section = None
        if of_section:
            section = await sections.by_slug(context, params["slug"], locale)
            if section is None:
                return None
        feed = await feeds.newest(context, locale, section)
        return Document(write(feed, str(request.url)), media_type)

    return read


def routes(view: GraphQLView) -> list[tuple[str, DocumentRoute]]:
    """(path, route) for each feed."""
    site = [
        (
            f"{PATH}{{locale}}/{name}",
            DocumentRoute(view, _reader(name, of_section=False), missing=NOT_FOUND),
        )
        for name in FORMATS
    ]
    section = (
        f"{PATH}{{locale}}/sections/{{slug}}/rss.xml",
        DocumentRoute(view, _reader("rss.xml", of_section=True), missing=NOT_FOUND),
    )
    return [*site, section]
