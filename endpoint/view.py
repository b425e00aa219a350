"""The GraphQL view: Strawberry's ASGI app with Dateline's hooks, and nothing else.

Its hooks: the per-request context, reading the request (persisted documents, batches,
uploads), running the operation (public ones within a time limit, marked for the answer
cache when they are worth keeping), encoding with orjson, and the GraphiQL page. Rate
limits, CSRF, body caps, caching and authentication are the layers in front of it.
"""

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import strawberry
from cross_web import HTTPException
from cross_web.request._starlette import StarletteRequestAdapter
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

import playground
from auth.tokens import TokenPolicy
from auth.viewer import viewer_of
from cache import http
from cache.documents import DocumentRefused, Documents
from endpoint.outage import unavailable
from endpoint.refusal import Refused, refusal
from media.policy import MediaPolicy
from models import outage
from resolvers import previews
from resolvers.context import Context
from resolvers.site import Site
from throttling.buckets import RateLimits

TIMED_OUT = "The operation took too long and was stopped."
OUTCOME = "dateline.outcome"  # the scope key execute_operation leaves the outcome under
logger = logging.getLogger("dateline.requests")
# How deep a request's JSON (its variables, its extensions) may nest. Dateline's deepest
# input (a body block inside setArticleBody's list) is a handful of levels; graphql-core's
# coercion, orjson's encoder and the cache's key all recurse, so anything deeper is refused
# before any of them sees it.
MAX_JSON_DEPTH = 32


@dataclass(frozen=True)
class Newsroom:
    """What every request's context shares, built once with the app."""

    locales: frozenset[str]
    default_locale: str
    media: MediaPolicy
    tokens: TokenPolicy
    limits: RateLimits
    invalidate: Callable[[set[str]], Awaitable[None]]
    clock: Callable[[], datetime]
    site: Site


class _Adapter(StarletteRequestAdapter):
    """Strawberry's request adapter, with the request it adapts in reach of the hooks."""

    def __init__(self, request: Request) -> None:
        super().__init__(request)
        self.request = request


class GraphQLView(GraphQL[Context, None]):
    request_adapter_class = _Adapter

    def __init__(
        self,
        graphql_schema: strawberry.Schema,
        *,
        newsroom: Newsroom,
        documents: Documents,
        ide: bool,
        public_timeout: float,
        max_batch: int,
    ) -> None:
        super().__init__(
            graphql_schema,
            allow_queries_via_get=True,
            multipart_uploads_enabled=True,  # guarded by parse_multipart and the layers
            graphql_ide="graphiql" if ide else None,
        )
        self.newsroom = newsroom
        self.documents = documents
        self.public_timeout = public_timeout
        self.max_batch = max_batch
        example, *self.workflow = playground.tabs()
        self.example_query = example["query"]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        started = time.perf_counter()
        try:
            response = await self.run(request)
        except (Refused, DocumentRefused) as refused:
            response = _refusal(refused)
        except StarletteHTTPException as error:  # a malformed multipart body
            response = refusal(error.status_code, str(error.detail))
        except HTTPException as error:
            # Malformed JSON, a missing query, a mutation over GET: JSON, not text.
            response = refusal(error.status_code, error.reason)
        finally:
            await request.close()  # uploaded parts are spooled to files Strawberry leaves open
        await response(scope, receive, send)
        _log(scope, response, started)

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        viewer = viewer_of(request)
        newsroom = self.newsroom
        return Context(
            request=request,
            response=response,
            locales=newsroom.locales,
            default_locale=newsroom.default_locale,
            media=newsroom.media,
            tokens=newsroom.tokens,
            viewer=viewer,
            now=newsroom.clock(),
            draft_ids=await previews.scope(viewer.preview_of)
            if viewer.preview_of is not None
            else frozenset(),
            invalidate=newsroom.invalidate,
            limits=newsroom.limits,
            site=newsroom.site,
        )

    async def parse_http_body(self, request_adapter: Any) -> Any:
        """Resolves automatic persisted queries (Apollo's protocol) and registered documents."""
        data = await super().parse_http_body(request_adapter)
        public = viewer_of(request_adapter.request).public
        for item in data if isinstance(data, list) else [data]:
            item.query = await self.documents.resolve(item.query, item.extensions, public=public)
        return data

    def parse_query_params(self, params: Any) -> dict[str, Any]:
        """A GET's `variables` and `extensions` as a POST's are: a JSON object, or null.
        The stock parser reads them as request bodies, so `variables=[1]` was refused as
        a batch and `variables=null` as not an object."""
        found = dict(params)
        for name in ("variables", "extensions"):
            text = found.get(name)
            if not text:
                continue
            try:
                value = orjson.loads(text)
            except orjson.JSONDecodeError:
                raise HTTPException(400, f"Unable to parse `{name}` as JSON") from None
            if value is None:
                del found[name]
            elif not isinstance(value, dict):
                raise HTTPException(
                    400, f"The GraphQL operation's `{name}` must be an object or null, if provided."
                )
            else:
                _shallow(value, name)
                found[name] = value
        return found

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
        for operation in parsed if isinstance(parsed, list) else [parsed]:
            if isinstance(operation, dict):
                for name in ("variables", "extensions"):
                    _shallow(operation.get(name), name)
        return parsed

    def _check_batch(self, operations: int) -> None:
        """A JSON array is a batch: refused unless DATELINE_MAX_BATCH allows that many."""
        if self.max_batch == 1:
            raise Refused(400, "Batching is not enabled: send one operation.", "BATCH_NOT_ALLOWED")
        if operations > self.max_batch:
            raise Refused(
                400,
                f"A batch may hold at most {self.max_batch} operations; it has {operations}.",
                "BATCH_NOT_ALLOWED",
            )

    async def parse_multipart(self, request_adapter: Any) -> dict[str, str]:
        """An upload, read only for a signed-in account, and only one file of it.

        Without this, anyone could make the server spool a thousand large parts to disk
        before any resolver looked at who was asking.
        """
        request: Request = request_adapter.request
        if viewer_of(request).user is None:
            raise HTTPException(403, "Uploads are for newsroom accounts; sign in first.")
        await request.form(max_files=1, max_fields=2)  # Strawberry then reads the same form
        # The stock parser answers a `map` naming a path that is not there (or not a
        # container) with a 500; the multipart spec's own error for it is a 400.
        try:
            return await super().parse_multipart(request_adapter)
        except (TypeError, IndexError, AttributeError, ValueError, KeyError):
            raise HTTPException(
                400, "The multipart map names a part or a path that is not there"
            ) from None

    async def execute_operation(
        self,
        request: Request,
        request_adapter: Any,
        request_data: Any,
        context: Context,
        root_value: None,
        sub_response: Response,
    ) -> Any:
        """Runs the operation. A public one is stopped after `public_timeout` seconds (a
        stranger's query must not hold a worker; editors' are not cut short), and its
        answer is marked for the answer cache when it is a query that succeeded."""
        run = super().execute_operation(
            request=request,
            request_adapter=request_adapter,
            request_data=request_data,
            context=context,
            root_value=root_value,
            sub_response=sub_response,
        )
        try:
            if not context.viewer.public:
                result = await run
            else:
                try:
                    result = await asyncio.wait_for(run, self.public_timeout)
                except TimeoutError:
                    raise Refused(503, TIMED_OUT, "TIMEOUT") from None
        finally:
            context.loaders.release()
        if isinstance(result, ExecutionResult) and result.errors:
            request.scope[OUTCOME] = _Outcome(
                context.request_id,
                request_data.operation_name,
                (result.errors[0].extensions or {}).get("code"),
            )
        if isinstance(result, ExecutionResult) and any(
            (error.extensions or {}).get("code") == outage.CODE for error in result.errors or ()
        ):
            # Part of an answer would read as "not found" or as a failed write: none at all.
            raise unavailable()
        if not context.viewer.public:
            sub_response.headers["cache-control"] = "private, no-store"
        elif (
            isinstance(result, ExecutionResult)
            and not result.errors
            and sub_response.status_code is None
            and "authorization" not in request.headers  # only those the cache layer takes
            and http.is_query(request_data.query or "", request_data.operation_name)
        ):
            # The keys of everything it shows: what the cache (and a CDN) drop it by.
            sub_response.headers["surrogate-key"] = " ".join(sorted(context.shown.keys))
        else:
            # Errors and mutations are not kept here, so nobody downstream may keep them.
            sub_response.headers["cache-control"] = "no-store"
        return result

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)  # several times faster than the json module on big pages

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A persisted-query GET has no `query` either; it wants data, whatever it accepts.
        persisted = request.query_params.get("extensions") is not None
        return not persisted and super().should_render_graphql_ide(request)

    async def render_graphql_ide(self, request: Request) -> Response:
        return playground.page(
            graphql_path=request.url.path, example_query=self.example_query, workflow=self.workflow
        )


@dataclass(frozen=True)
class _Outcome:
    """What the log says of an operation that ended in errors (set by execute_operation)."""

    request_id: str
    operation: str | None
    code: str | None


def _log(scope: Scope, response: Response, started: float) -> None:
    """One line per request that failed (INFO: a client's mistake or an outage, never a
    traceback; observability.logs folds repeats), DEBUG for one that succeeded."""
    outcome: _Outcome | None = scope.get(OUTCOME)
    code = outcome.code if outcome is not None else None
    if code is None and response.status_code >= 400:
        code = _refusal_code(response)
    level = logging.INFO if code is not None else logging.DEBUG
    if not logger.isEnabledFor(level):
        return
    fields = {
        "request_id": outcome.request_id if outcome is not None else None,
        "operation": outcome.operation if outcome is not None else None,
        "code": code,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "fold": ("outcome", code) if code is not None else None,
    }
    logger.log(level, "graphql %s", code or "ok", extra=fields)


def _refusal_code(response: Response) -> str:
    try:
        code = orjson.loads(response.body)["errors"][0]["extensions"]["code"]
    except (orjson.JSONDecodeError, KeyError, IndexError, TypeError):
        return f"HTTP_{response.status_code}"
    return str(code)


def _shallow(value: Any, name: str) -> None:
    """Refuses a `variables` or `extensions` value whose objects and lists nest deeper
    than MAX_JSON_DEPTH (the value itself is the first level); measured level by level,
    without recursion."""
    level, depth = [value], 0
    while containers := [outer for outer in level if isinstance(outer, dict | list)]:
        depth += 1
        if depth > MAX_JSON_DEPTH:
            raise Refused(
                400,
                f"The operation's `{name}` are nested deeper than {MAX_JSON_DEPTH} levels.",
                "BAD_USER_INPUT",
            )
        level = [
            inner
            for outer in containers
            for inner in (outer.values() if isinstance(outer, dict) else outer)
        ]


def _refusal(refused: Refused | DocumentRefused) -> Response:
    if isinstance(refused, Refused):
        return refused.response()
    # Never kept (refusals are not): a CDN keeping PERSISTED_QUERY_NOT_FOUND would break
    # the URL for good.
    return refusal(refused.status, refused.message, refused.code)
