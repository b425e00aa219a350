"""CSRF: Apollo's preflight rule, as an ASGI layer in front of the GraphQL view.

A browser sends some requests to any site without asking it first: a GET, a form, a
multipart upload, a text/plain POST ("simple" requests). Those must carry a header no
simple request can have (`Apollo-Require-Preflight` or `X-Apollo-Operation-Name`), which
makes a browser on another site ask the server (CORS) before it may send one. Opening
GraphiQL, a GET with no query, runs nothing and is exempt. Uploads always need the header,
whatever the setting: they spool files to disk.
"""

from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Receive, Scope, Send

from endpoint.refusal import refusal

HEADERS = ("apollo-require-preflight", "x-apollo-operation-name")
# Content types a browser sends cross-site without asking first.
SIMPLE_TYPES = ("", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data")
MESSAGE = (
    "This request needs an Apollo-Require-Preflight header (any value): browsers send GETs, "
    "forms and uploads across sites without asking first."
)


def content_type(headers: Headers) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()


class PreflightMiddleware:
    def __init__(self, app: ASGIApp, *, required: bool = True) -> None:
        self.app = app
        self.required = required  # False: only uploads need the header

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._refused(scope):
            await self.app(scope, receive, send)
            return
        await refusal(400, MESSAGE, "PREFLIGHT_REQUIRED")(scope, receive, send)

    def _refused(self, scope: Scope) -> bool:
        headers = Headers(scope=scope)
        if any(headers.get(name) for name in HEADERS):
            return False
        kind = content_type(headers)
        if scope["method"] == "POST":
            return kind == "multipart/form-data" or (self.required and kind in SIMPLE_TYPES)
        if scope["method"] == "GET" and self.required:
            params = QueryParams(scope["query_string"])
            return "query" in params or "extensions" in params
        return False
