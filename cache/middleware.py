"""The answer cache as an ASGI layer, in front of authentication and the GraphQL view.

A public request (no Authorization header: no account, no token, no preview link) is
looked up by its raw name (the GET's query string, the POST's JSON body) in this worker's
memory and, on a hit, answered from there with headers built once: no Redis, no parsing,
no GraphQL. Otherwise it is looked up in Redis, then parsed and looked up by what it asks
(so other spellings of the same request share the entry), and only then run; concurrent
misses of one request in one worker run once. The GraphQL view marks an answer worth
keeping by its Surrogate-Key header (a query that succeeded, for the public); anything
else it answers goes out exactly as it was.

`Cache-Control: no-cache` on a request skips the lookups (its answer is still kept).

GETs under `routes` (the ninjs route) are kept the same way, named by path and query
string: their handlers mark what to keep with the same Surrogate-Key header.
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cache import http
from cache.answers import Answers
from cache.entry import Answer, Entry


@dataclass(slots=True)
class _Asks:
    """The few request headers the cache reads, found in one pass."""

    signed: bool  # an Authorization header: never answered from here
    json: bool
    lookup: bool  # no `Cache-Control: no-cache`
    if_none_match: bytes | None

    @staticmethod
    def of(headers: list[tuple[bytes, bytes]]) -> "_Asks":
        """The first of each header, as Starlette and Strawberry read them."""
        signed, kind, control, condition = False, None, None, None
        for name, value in headers:
            if name == b"authorization":
                signed = True
            elif name == b"content-type" and kind is None:
                kind = value
            elif name == b"cache-control" and control is None:
                control = value
            elif name == b"if-none-match" and condition is None:
                condition = value
        json = kind is not None and kind.lower().startswith(b"application/json")
        lookup = control is None or b"no-cache" not in control.lower()
        return _Asks(signed, json, lookup, condition)


class AnswerCacheMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        path: str,
        answers: Answers,
        clock: Callable[[], float],
        routes: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.path = path  # the GraphQL endpoint
        self.routes = routes  # path prefixes of other public JSON GETs
        self.answers = answers
        self.clock = clock  # Unix time, the app's clock
        self.filling: dict[str, asyncio.Future[Answer | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        if scope["path"] != self.path:
            if self.routes and scope["method"] == "GET" and scope["path"].startswith(self.routes):
                await self._route(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        asks = _Asks.of(scope["headers"])
        method = scope["method"]
        if asks.signed or (method == "POST" and not asks.json):
            await self.app(scope, receive, send)
            return
        body = b""
        if method == "POST":
            read = await _read(receive)
            if read is None:  # the client went away before it finished asking
                return
            body = read
            receive = _replay(body, receive)
        name = http.raw_name(method, scope["query_string"], body)
        condition = asks.if_none_match if method == "GET" else None
        now = self.clock()
        if asks.lookup:
            answer = self.answers.local(name, now)
            if answer is not None:
                await answer.send(send, hit=True, if_none_match=condition)
                return
        await self._miss(scope, receive, send, name, body, asks.lookup, condition, now)

    async def _route(self, scope: Scope, receive: Receive, send: Send) -> None:
        asks = _Asks.of(scope["headers"])
        if asks.signed:
            await self.app(scope, receive, send)
            return
        name = http.route_name(scope["path"], scope["query_string"])
        now = self.clock()
        if asks.lookup:
            answer = self.answers.local(name, now)
            if answer is not None:
                await answer.send(send, hit=True, if_none_match=asks.if_none_match)
                return
        await self._miss(
            scope, receive, send, name, b"", asks.lookup, asks.if_none_match, now, full=name
        )

    async def _miss(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        name: str,
        body: bytes,
        lookup: bool,
        condition: bytes | None,
        now: float,
        *,
        full: str | None = None,  # a route's: its name needs no parsing
    ) -> None:
        if full is None:
            wanted = http.asked(scope["method"], scope["query_string"], body)
            if wanted is None:  # nothing the cache can name: the view answers it (an error)
                await self.app(scope, receive, send)
                return
            full = wanted.name()
        if lookup:
            answer = await self.answers.lookup(name, now)
            if answer is None and full != name:
                answer = await self.answers.lookup(full, now, alias=name)
            if answer is None and full in self.filling:  # the same request, being run
                answer = await asyncio.shield(self.filling[full])
            if answer is not None:
                await answer.send(send, hit=True, if_none_match=condition)
                return
        started = await self.answers.started()
        # Others asking the same meanwhile wait for this run, if its answer can be kept.
        filled = None
        if started is not None and full not in self.filling:
            filled = self.filling[full] = asyncio.get_running_loop().create_future()
        answer, kept = None, False
        try:
            status, headers, out = await _run(self.app, scope, receive)
            keys = _kept_keys(status, headers)
            if keys is not None:
                entry = Entry(
                    out,
                    http.etag_of(out),
                    keys,
                    await self.answers.expiry(now),
                    _content_type(headers),
                )
                answer, kept = await self.answers.keep((full, name), entry, started)
        finally:
            if filled is not None:
                del self.filling[full]
                # Only an answer still valid goes to those who waited: one a write
                # overtook while it ran is this request's alone, and they run their own.
                filled.set_result(answer if kept else None)
        if answer is not None:
            await answer.send(send, hit=False, if_none_match=condition)
            return
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": out})


def _kept_keys(status: int, headers: list[tuple[bytes, bytes]]) -> tuple[str, ...] | None:
    """The surrogate keys of an answer the view marked as one to keep; None otherwise."""
    if status != 200:
        return None
    for name, value in headers:
        if name == b"surrogate-key":
            return tuple(value.decode().split())
    return None


def _content_type(headers: list[tuple[bytes, bytes]]) -> bytes:
    return next((value for name, value in headers if name == b"content-type"), b"application/json")


async def _read(receive: Receive) -> bytes | None:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """`receive` for the app behind: the body already read, then the client as it is."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


async def _run(
    app: ASGIApp, scope: Scope, receive: Receive
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """The app's whole answer, held back so the cache can keep it."""
    status = 500
    headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def held(message: Message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, held)
    return status, headers, b"".join(chunks)
