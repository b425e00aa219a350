"""CSRF: Apollo's preflight rule, as an ASGI layer in front of the GraphQL view.

A browser sends some requests to any site without asking it first: a GET, a form, a
multipart upload, a text/plain POST ("simple" requests). Those must carry a header no
simple request can have (`Apollo-Require-Preflight` or `X-Apollo-Operation-Name`), which
makes a browser on another site ask the server (CORS) before it may send one. Opening
GraphiQL, a GET with no query, runs nothing and is exempt. Uploads always need the header,
whatever the setting: they spool files to disk.
"""

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from endpoint.refusal import refusal

HEADERS = ("apollo-require-preflight", "x-apollo-operation-name")
# Content types a browser sends cross-site without asking first.
SIMPLE_TYPES = ("", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data")
MESSAGE = (
    "This request needs an Apollo-Require-Preflight header (any value): browsers send GETs, "
    "forms and uploads across sites without asking first."
)
_HEADERS = tuple(name.encode() for name in HEADERS)


def content_type(value: bytes) -> str:
    """A Content-Type header's media type, lowercased, without its parameters."""
    return value.split(b";")[0].strip().lower().decode("latin-1")


class PreflightMiddleware:
    def __init__(self, app: ASGIApp, *, path: str, required: bool = True) -> None:
        self.app = app
        self.path = path  # the GraphQL endpoint
        self.required = required  # False: only uploads need the header

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or not self._refused(scope):
            await self.app(scope, receive, send)
            return
        await refusal(400, MESSAGE, "PREFLIGHT_REQUIRED")(scope, receive, send)

    def _refused(self, scope: Scope) -> bool:
        kind = None
        for name, value in scope["headers"]:
            if name in _HEADERS and value:
                return False  # what frontends send: the first thing looked for
            if name == b"content-type" and kind is None:  # the first, as the view reads it
                kind = value
        if scope["method"] == "POST":
            media = content_type(kind or b"")
            return media == "multipart/form-data" or (self.required and media in SIMPLE_TYPES)
        if scope["method"] == "GET" and self.required:
            asked = {
                name
                for name, _ in parse_qsl(
                    scope["query_string"].decode("latin-1"), keep_blank_values=True
                )
            }
            return "query" in asked or "extensions" in asked
        return False
