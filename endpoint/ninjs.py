"""GET /ninjs/{locale}/{slug}: a published article as its IPTC ninjs item, for agencies'
and aggregators' fetchers that speak no GraphQL: the same object as `Article.ninjs`."""

from typing import Final

import orjson
from starlette.requests import Request

from endpoint.documents import Document, DocumentRoute
from endpoint.view import GraphQLView
from resolvers import articles, ninjs
from resolvers.context import Context

PATH: Final = ninjs.ROUTE
NOT_FOUND: Final = "No published article has that slug in that language."


async def _item(context: Context, request: Request) -> Document | None:
    params = request.path_params
    article = await articles.by_slug(context, params["slug"], params["locale"])
    if article is None:
        return None
    return Document(orjson.dumps(await ninjs.item(context, article)), "application/json")


def route(view: GraphQLView) -> DocumentRoute:
    return DocumentRoute(view, _item, missing=NOT_FOUND)
