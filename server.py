"""The ASGI app: `uvicorn server:app`, or `dateline serve`."""

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import redis.asyncio as redis
import strawberry
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from tortoise import connections
from tortoise.contrib.starlette import RegisterTortoise

import playground
import schema
from auth.backend import TokenBackend, refuse
from auth.tokens import TokenPolicy
from auth.viewer import ANONYMOUS, Viewer
from cache import http
from cache.delivery import Answer, Delivery, DocumentRefused, Purge, log_purge
from cache.documents import MemoryDocuments, RedisDocuments
from cache.responses import Entry, MemoryCache, RedisCache
from media.policy import MediaPolicy, signing_key
from media.route import MediaRoute
from media.storage import LocalStorage
from observability import sql
from resolvers import article_edits, articles, persisted, previews, surrogates
from resolvers.context import Context
from schema.limits import Limits
from settings import Settings
from throttling import buckets
from throttling.buckets import MemoryBuckets, RateLimits, RedisBuckets, Rule

logger = logging.getLogger("dateline")

GRAPHQL_PATH = "/graphql"
_current: ContextVar[Request] = ContextVar("request")


Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


# Apollo's rule: a request a browser sends cross-site without a preflight (a form, a
# multipart upload) must carry a header no simple request can have.
PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-apollo-operation-name")


MULTIPART_OVERHEAD = 64 * 1024  # the operations, the map and the part headers


def _content_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _capped(receive: Receive, cap: int) -> Receive:
    """`receive`, refusing a body (chunked, say) that grows past `cap` bytes."""
    seen = 0

    async def capped() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > cap:
            raise StarletteHTTPException(413, "The request body is larger than allowed.")
        return message

    return capped


CODES = {403: "FORBIDDEN", 404: "NOT_FOUND", 413: "PAYLOAD_TOO_LARGE"}


def _http_error(
    status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A refusal before or around GraphQL, shaped like a GraphQL error, with its code."""
    code = code or CODES.get(status, "BAD_REQUEST")
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]},
        status_code=status,
        headers=headers,
    )


# Content types a browser sends cross-site without asking first (a "simple" request).
SIMPLE_TYPES = ("", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data")


class PreflightRequired(Exception):
    """A request a browser could have sent from another site without asking first."""


def _viewer(request: Request) -> Viewer:
    """Who the authentication middleware found the request speaks for."""
    return request.user if isinstance(request.user, Viewer) else ANONYMOUS


def _require_preflight(request: Request) -> None:
    """Apollo's CSRF rule: a simple request (a GET, a form, a multipart upload, text/plain)
    must carry a header no simple request can, which makes a browser ask the server (CORS)
    first. Opening GraphiQL (a GET with no query) is exempt: it runs nothing."""
    if request.method == "POST" and _content_type(request) not in SIMPLE_TYPES:
        return
    if request.method == "GET" and not (
        "query" in request.query_params or "extensions" in request.query_params
    ):
        return
    if not any(request.headers.get(name) for name in PREFLIGHT_HEADERS):
        raise PreflightRequired


class GraphQLApp(GraphQL[Context, None]):
    def __init__(
        self,
        graphql_schema: strawberry.Schema,
        settings: Settings,
        clock: Clock,
        media: MediaPolicy,
        delivery: Delivery,
        rates: RateLimits,
    ) -> None:
        # Multipart carries uploads; see `run` for the CSRF rule it needs.
        super().__init__(
            graphql_schema,
            allow_queries_via_get=True,
            multipart_uploads_enabled=True,
            graphql_ide="graphiql" if settings.serves_graphiql else None,
        )
        self.clock = clock
        self.csrf_prevention = settings.csrf_prevention
        self.public_timeout = settings.public_timeout_seconds
        self.max_body_bytes = settings.max_body_bytes
        self.media = media
        self.delivery = delivery
        self.limits = rates
        example, *self.workflow = playground.tabs()
        self.example_query = example["query"]
        self.max_batch = settings.max_batch
        self.locales = frozenset(settings.locales)
        self.default_locale = settings.default_locale
        self.tokens = TokenPolicy(
            secret=settings.secret_key.get_secret_value(),
            access_ttl=timedelta(minutes=settings.access_token_minutes),
            refresh_ttl=timedelta(days=settings.refresh_token_days),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        limited = await self._rate_limited(request)
        if limited is not None:
            await limited(scope, receive, send)
            return
        try:
            if self.csrf_prevention:
                _require_preflight(request)
            if _content_type(request) == "multipart/form-data":
                request = await self._upload_request(scope, receive)
            elif request.method == "POST":
                request = self._capped_request(request, scope, receive)
            response = await self._delivered(request)
        except PreflightRequired:
            response = _http_error(
                400,
                "This request needs an Apollo-Require-Preflight header (any value): browsers "
                "send GETs, forms and uploads across sites without asking first.",
                "PREFLIGHT_REQUIRED",
            )
        except DocumentRefused as refused:
            # A CDN keeping PERSISTED_QUERY_NOT_FOUND would break the URL for good.
            response = _http_error(
                refused.status, refused.message, refused.code, {"Cache-Control": "no-store"}
            )
        except StarletteHTTPException as error:  # a malformed or oversized multipart body
            response = _http_error(error.status_code, str(error.detail))
        except HTTPException as error:
            # Malformed JSON, a missing query, a mutation over GET: a JSON error, not text.
            response = _http_error(error.status_code, error.reason)
        finally:
            # Uploaded parts are spooled to temporary files; Strawberry leaves them open.
            await request.close()
        context: Context | None = getattr(request.state, "context", None)
        if context is not None and context.rate_refused is not None:
            # Refused for its cost: the same 429 and headers as a refusal at the door.
            response = Response(
                bytes(response.body),
                status_code=429,
                media_type="application/json",
                headers={**context.rate_refused, "Cache-Control": "no-store"},
            )
        await response(scope, receive, send)

    async def _public_run(self, request: Request) -> Response:
        """A public operation, stopped after `public_timeout` seconds: a stranger's query
        must not hold a worker (editors' operations are not cut short)."""
        try:
            return await asyncio.wait_for(self.run(request), self.public_timeout)
        except TimeoutError:
            return _http_error(503, "The operation took too long and was stopped.", "TIMEOUT")

    async def _rate_limited(self, request: Request) -> Response | None:
        """429 once the caller's bucket is empty: per API token, account, or address."""
        rule, taken = await self.limits.request(request, self.clock().timestamp())
        if taken.allowed:
            return None
        return _http_error(
            429,
            "Too many requests; slow down (see Retry-After).",
            "RATE_LIMITED",
            buckets.headers(rule, taken),
        )

    def _capped_request(self, request: Request, scope: Scope, receive: Receive) -> Request:
        """A JSON body over `max_body_bytes` is refused (413) before it is read whole."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            raise StarletteHTTPException(413, "The request body is larger than allowed.")
        return Request(scope, _capped(receive, self.max_body_bytes))

    async def _upload_request(self, scope: Scope, receive: Receive) -> Request:
        """A multipart request, checked before its body is read: only a signed-in account
        with the preflight header may send one, at most one file of the upload cap.

        Without this, anyone could make the server spool a thousand large parts to disk
        before any resolver looked at who was asking.
        """
        request = Request(scope, receive)
        _require_preflight(request)  # whatever csrf_prevention says: uploads always ask first
        viewer = _viewer(request)
        if viewer.user is None:
            raise HTTPException(403, "Uploads are for newsroom accounts; sign in first.")
        cap = self.media.max_upload_bytes + MULTIPART_OVERHEAD
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise HTTPException(
                413, f"An upload may be at most {self.media.max_upload_bytes} bytes."
            )
        request = Request(scope, _capped(receive, cap))
        # Parsed here with limits; Strawberry then reads the same, cached form.
        await request.form(max_files=1, max_fields=2)
        return request

    async def _delivered(self, request: Request) -> Response | Answer:
        """The GraphQL answer, from the response cache when the request is public.

        Public means no account and no preview: anonymous readers and content:read tokens
        see the same published content, so they share entries. `Cache-Control: no-cache`
        on the request skips the lookup (the answer is still stored).
        """
        delivery = self.delivery
        _current.set(request)  # for parse_http_body, which Strawberry hands an adapter
        viewer = _viewer(request)
        if not viewer.public:
            response = await self.run(request)
            response.headers["Cache-Control"] = "private, no-store"
            return response
        lookup = "no-cache" not in request.headers.get("cache-control", "")
        # A GET's query string names its answer as it stands: looked up before any parsing,
        # which is most of the cost of a hit.
        raw = http.raw_key(request)
        now = self.clock().timestamp()
        if lookup and raw is not None:
            entry = await delivery.cached(raw, now)
            if entry is not None:
                return delivery.answer(request, entry, hit=True)
        wanted = await http.asked(request)
        if wanted is None:
            response = await self._public_run(request)
            response.headers["Cache-Control"] = "no-store"
            return response
        key = wanted.key()
        started = await delivery.generation()
        if lookup:
            entry = await delivery.cached(key, now)
            if entry is not None:
                if raw is not None:  # valid as of `started`: this query string's from now on
                    await delivery.keep(raw, entry, started)
                return delivery.answer(request, entry, hit=True)
        response = await self._public_run(request)
        context: Context | None = getattr(request.state, "context", None)
        document: str | None = getattr(request.state, "document", None)
        if (
            response.status_code != 200
            or context is None
            or document is None
            or not http.is_query(document, wanted.operation)
            or "errors" in orjson.loads(response.body)
        ):
            # Errors and mutations are not kept here, so nobody downstream may keep them.
            response.headers["Cache-Control"] = "no-store"
            return response
        body = bytes(response.body)
        entry = Entry(
            body=body,
            etag=http.etag_of(body),
            keys=tuple(sorted(context.loaders.keys)),
            expires=await delivery.expiry(context.now),
        )
        for name in (key, raw) if raw is not None else (key,):
            await delivery.keep(name, entry, started)
        return delivery.answer(request, entry, hit=False)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A persisted-query GET has no `query` either; it wants data, whatever it accepts.
        persisted = request.query_params.get("extensions") is not None
        return not persisted and super().should_render_graphql_ide(request)

    async def parse_http_body(self, request_adapter: Any) -> Any:
        """Resolves automatic persisted queries (Apollo's protocol) and registered documents."""
        data = await super().parse_http_body(request_adapter)
        request = _current.get()
        if isinstance(data, list):  # batching on: each operation by the same rules
            for item in data:
                item.query = await self.delivery.document(request, item.query, item.extensions)
            return data
        data.query = await self.delivery.document(request, data.query, data.extensions)
        request.state.document = data.query
        return data

    async def parse_multipart(self, request: Any) -> dict[str, str]:
        # The stock parser answers a `map` naming a path that is not there (or not a
        # container) with a 500; the multipart spec's own error for it is a 400.
        try:
            return await super().parse_multipart(request)
        except (TypeError, IndexError, AttributeError, ValueError, KeyError):
            raise HTTPException(
                400, "The multipart map names a part or a path that is not there"
            ) from None

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)  # several times faster than the json module on big pages

    def parse_json(self, data: str | bytes) -> Any:
        # The stock parser lets invalid UTF-8 and non-object JSON ("hi", 5, null) through
        # to code that expects a dict, which answered 500.
        try:
            parsed = orjson.loads(data)
        except orjson.JSONDecodeError:
            raise HTTPException(400, "Unable to parse request body as JSON") from None
        if isinstance(parsed, list):
            self._check_batch(len(parsed))
        elif not isinstance(parsed, dict):
            raise HTTPException(400, "Expected a JSON object")
        return parsed

    def _check_batch(self, operations: int) -> None:
        """A JSON array is a batch: refused unless DATELINE_MAX_BATCH allows that many."""
        if self.max_batch == 1:
            raise DocumentRefused(
                "BATCH_NOT_ALLOWED", "Batching is not enabled: send one operation.", 400
            )
        if operations > self.max_batch:
            raise DocumentRefused(
                "BATCH_NOT_ALLOWED",
                f"A batch may hold at most {self.max_batch} operations; it has {operations}.",
                400,
            )

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        viewer = _viewer(request)
        request.state.context = context = Context(
            request=request,
            response=response,
            locales=self.locales,
            default_locale=self.default_locale,
            media=self.media,
            tokens=self.tokens,
            viewer=viewer,
            now=self.clock(),
            draft_ids=await previews.scope(viewer.preview_of)
            if viewer.preview_of is not None
            else frozenset(),
            invalidate=self.delivery.invalidate,
            limits=self.limits,
        )
        return context

    async def render_graphql_ide(self, request: Request) -> Response:
        return playground.page(
            graphql_path=GRAPHQL_PATH, example_query=self.example_query, workflow=self.workflow
        )


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:  # any failure to reach the database means "not ready"
        return JSONResponse({"ready": False}, status_code=503)
    return JSONResponse({"ready": True})


async def _scheduler(clock: Clock, every: float, delivery: Delivery) -> None:
    """Marks due scheduled articles published. Readers never wait for it: see models.visible.

    Their cached pages expired at the due time; what was cached since still shows the
    old status and version, so those are dropped too.
    """
    while True:
        await asyncio.sleep(every)
        try:
            for article_id in await article_edits.publish_due(clock()):
                await delivery.invalidate(await surrogates.changed_article(article_id))
        except Exception:  # a failed round is retried on the next one; the server goes on
            logger.exception("scheduled publishing failed")


def _cors(origins: list[str]) -> list[Middleware]:
    """Outermost, when origins are set: a browser's preflight is answered before anyone
    asks who it is. Without origins no browser page elsewhere may call the API."""
    if not origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type", *PREFLIGHT_HEADERS],
            expose_headers=["etag", "x-cache"],
            max_age=600,
        )
    ]


def create_app(
    settings: Settings | None = None, clock: Clock = utc_now, purge: Purge = log_purge
) -> Starlette:
    """The app. `clock` is injectable so tests can move time without restarting it;
    `purge` is called with the surrogate keys of every invalidation (a CDN's purge API)."""
    settings = settings or Settings()
    shared = redis.Redis.from_url(settings.redis_url) if settings.redis_url else None
    delivery = Delivery(
        responses=RedisCache(shared, longest=settings.cache_seconds)
        if shared is not None
        else MemoryCache(settings.cache_entries),
        documents=RedisDocuments(shared) if shared is not None else MemoryDocuments(10_000),
        registered=persisted.registered,
        next_change=articles.next_change,
        cache_seconds=settings.cache_seconds,
        max_age=settings.max_age,
        stale_while_revalidate=settings.stale_while_revalidate,
        persisted_only=settings.persisted_only,
        max_document_chars=settings.max_document_chars,
        purge=purge,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Tortoise 1.x binds its connections to the task that opened them; the Starlette
        # helper turns on the global fallback so that request tasks see them too.
        async with RegisterTortoise(app, config=settings.tortoise_config()):
            task = None
            if settings.scheduler_seconds > 0:
                task = asyncio.create_task(_scheduler(clock, settings.scheduler_seconds, delivery))
            try:
                yield
            finally:
                if task is not None:
                    task.cancel()
                if shared is not None:
                    await shared.aclose()

    if settings.debug:
        sql.install()
    media = MediaPolicy(
        storage=LocalStorage(settings.media_root),
        url=settings.media_url.rstrip("/"),
        signing_key=signing_key(settings.secret_key.get_secret_value()),
        max_upload_bytes=settings.max_upload_bytes,
        max_image_pixels=settings.max_image_pixels,
    )
    per_minute = 1 / 60
    rates = RateLimits(
        buckets=RedisBuckets(shared)
        if shared is not None and settings.shared_rate_limits
        else MemoryBuckets(),
        per_token=Rule(settings.rate_burst_per_token, settings.rate_per_token),
        per_account=Rule(settings.rate_burst_per_account, settings.rate_per_account),
        per_address=Rule(settings.rate_burst_per_address, settings.rate_per_address),
        logins_per_account=Rule(settings.login_attempts_per_account, per_minute),
        logins_per_address=Rule(settings.login_attempts_per_address, 20 * per_minute),
    )
    limits = Limits(**{f.name: getattr(settings, f.name) for f in dataclasses.fields(Limits)})
    built = schema.build(
        debug=settings.debug,
        production=settings.production,
        limits=limits,
        batch=settings.max_batch,
    )
    graphql = GraphQLApp(built, settings, clock, media, delivery, rates)
    app = Starlette(
        routes=[
            Route(GRAPHQL_PATH, graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            *playground.routes(),
            Route("/media/{path:path}", MediaRoute(media), methods=["GET", "HEAD"]),
        ],
        middleware=[
            *_cors(settings.cors_origins),
            Middleware(
                AuthenticationMiddleware,
                backend=TokenBackend(settings.secret_key.get_secret_value()),
                on_error=refuse,
            ),
        ],
        lifespan=lifespan,
    )
    app.state.delivery = delivery
    return app


app = create_app()
