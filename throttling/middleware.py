"""Rate limits as an ASGI layer: every request pays one from its caller's bucket first.

It stands in front of everything else, the answer cache included, so a cached answer
costs its caller like any other; an operation's extra cost (its node count) is charged
later, when the operation is checked (schema.limits).
"""

from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from auth.viewer import Viewer
from endpoint.refusal import refusal
from throttling.buckets import RateLimits, headers

MESSAGE = "Too many requests; slow down (see Retry-After)."


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        limits: RateLimits,
        clock: Callable[[], float],
        paths: tuple[str, ...] = ("/",),
    ) -> None:
        self.app = app
        self.limits = limits
        self.clock = clock  # Unix time, the app's clock
        self.paths = paths  # what it guards: every path starting with one of these

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.paths):
            await self.app(scope, receive, send)
            return
        rule, taken = await self.limits.request(scope, self.clock())
        if taken.allowed:
            await self.app(scope, receive, send)
            # Authentication (further in) found who it was: an API token it accepted has
            # its own bucket from the next request on.
            viewer = scope.get("user")
            if isinstance(viewer, Viewer) and viewer.api_token is not None:
                self.limits.authenticated(_bearer(scope))
            return
        await refusal(429, MESSAGE, "RATE_LIMITED", headers(rule, taken))(scope, receive, send)


def _bearer(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"authorization":
            token: str = value.decode("latin-1").partition(" ")[2].strip()
            return token
    return ""
