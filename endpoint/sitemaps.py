"""The sitemaps: GET /sitemap.xml (the index), /sitemaps/{locale}-{n}.xml (its pages) and
/sitemaps/news.xml (Google News'). They name the public site's pages, so without
DATELINE_PUBLIC_URL each answers 404; so does one with nothing to list (no story in the
last 48 hours, a page past the last), which the sitemap schemas allow no empty document for."""

from typing import Final

from starlette.requests import Request

from endpoint.documents import Document, DocumentRoute, Read
from endpoint.view import GraphQLView
from resolvers import locales, sitemaps
from resolvers.context import Context

INDEX: Final = "/sitemap.xml"
PAGES: Final = "/sitemaps/"
XML: Final = "application/xml; charset=utf-8"
NOT_FOUND: Final = "No sitemap here (sitemaps need DATELINE_PUBLIC_URL and a story to list)."


def _document(data: bytes | None) -> Document | None:
    return None if data is None else Document(data, XML)


async def _index(context: Context, request: Request) -> Document | None:
    return _document(await sitemaps.index(context, str(request.base_url).rstrip("/") + PAGES))


async def _news(context: Context, request: Request) -> Document | None:
    return _document(await sitemaps.news(context))


async def _page(context: Context, request: Request) -> Document | None:
    params = request.path_params
    locale = locales.locale(context, params["locale"])
    return _document(await sitemaps.page(context, locale, params["number"]))


def routes(view: GraphQLView) -> list[tuple[str, DocumentRoute]]:
    """(path, route) for each sitemap; news.xml before the pages, whose pattern it fits."""
    reads: list[tuple[str, Read]] = [
        (INDEX, _index),
        (PAGES + "news.xml", _news),
        (PAGES + "{locale}-{number:int}.xml", _page),
    ]
    return [(path, DocumentRoute(view, read, missing=NOT_FOUND)) for path, read in reads]
