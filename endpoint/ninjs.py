"""GET /ninjs/{locale}/{slug}: a published article as its IPTC ninjs item, for agencies'
and aggregators' fetchers that speak no GraphQL.

The same object as `Article.ninjs`, read the way GraphQL reads it (the same context, so the
same visibility: a signed-in editor or a preview token gets drafts too), and answered as a
public GraphQL answer is: its Surrogate-Key lets the answer cache keep it, hand it out with
an ETag and 304s, and drop it exactly when something it shows changes.
"""

from typing import Final

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from endpoint.refusal import refusal
from endpoint.view import GraphQLView
from resolvers import articles, ninjs
from resolvers.errors import BadUserInput

PATH: Final = "/ninjs/"
NOT_FOUND: Final = "No published article has that slug in that language."


class NinjsRoute:
    def __init__(self, view: GraphQLView) -> None:
        self.view = view  # for the context every GraphQL request gets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = Response()
        context = await self.view.get_context(request, response)
        try:
            locale, slug = request.path_params["locale"], request.path_params["slug"]
            try:
                article = await articles.by_slug(context, slug, locale)
            except BadUserInput:  # an unknown locale names nothing, as an unknown slug
                article = None
            if article is None:
                await refusal(404, NOT_FOUND, "NOT_FOUND", {"Cache-Control": "no-store"})(
                    scope, receive, send
                )
                return
            item = await ninjs.item(context, article)
        finally:
            context.loaders.release()
        headers = (
            # The keys of everything it shows: what the cache (and a CDN) drop it by.
            {"Surrogate-Key": " ".join(sorted(context.shown.keys))}
            if context.viewer.public and "authorization" not in request.headers
            else {"Cache-Control": "private, no-store"}
        )
        answer = Response(orjson.dumps(item), media_type="application/json", headers=headers)
        await answer(scope, receive, send)
