"""The ASGI app: `dateline serve` (or `uvicorn server:app`).

Wiring only: the settings, the layers in front of the routes, the routes, and the
resources the lifespan owns. A GraphQL request passes, in order: the outage answer (a database that
cannot answer gets 503, whichever part needed it), rate limits (every
request pays, cached answers too; pictures pay the same), the CSRF preflight rule, the
body's deadline, the body cap, the answer cache (public requests answered from memory), then routing,
authentication and the GraphQL view.
"""

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import redis.asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route
from tortoise.contrib.starlette import RegisterTortoise

import playground
import schema
from auth.backend import TokenBackend, refuse
from auth.tokens import TokenPolicy
from cache.answers import Answers, Purge, log_purge
from cache.breaker import Breaker
from cache.documents import Documents, MemoryDocuments, RedisDocuments
from cache.entry import Policy
from cache.middleware import AnswerCacheMiddleware
from endpoint import feeds, ninjs, sitemaps
from endpoint.body_deadline import BodyDeadlineMiddleware
from endpoint.body_limit import BodyLimitMiddleware
from endpoint.outage import OutageMiddleware
from endpoint.preflight import HEADERS as PREFLIGHT_HEADERS
from endpoint.preflight import PreflightMiddleware
from endpoint.view import GraphQLView, Newsroom
from media.policy import MediaPolicy, signing_key
from media.route import MediaRoute
from media.storage import LocalStorage
from observability import health, logs, sql
from resolvers import articles, persisted, scheduler
from resolvers.site import Site
from schema.limits import Limits
from settings import Settings
from throttling.buckets import MemoryBuckets, RateLimits, RedisBuckets, Rule
from throttling.middleware import RateLimitMiddleware

GRAPHQL_PATH = "/graphql"
MEDIA_PATH = "/media/"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def _redis(settings: Settings) -> redis.Redis | None:
    if not settings.redis_url:
        return None
    timeout = settings.redis_timeout_seconds
    # No retries: a call that times out has cost its caller enough (the breaker decides
    # when to try again), and a reconnect must be seen, not papered over.
    return redis.Redis.from_url(
        settings.redis_url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )


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
    logs.configure(settings.log_format, settings.log_level)
    secret = settings.secret_key.get_secret_value()
    shared = _redis(settings)
    breaker = Breaker()
    answers = Answers(
        memory_bytes=settings.cache_memory_bytes,
        policy=Policy(settings.max_age, settings.stale_while_revalidate),
        lifetime=settings.cache_seconds,
        next_change=articles.next_change,
        purge=purge,
        client=shared,
        breaker=breaker,
        timeout=settings.redis_timeout_seconds,
    )
    documents = Documents(
        store=RedisDocuments(shared, breaker) if shared is not None else MemoryDocuments(10_000),
        registered=persisted.registered,
        persisted_only=settings.persisted_only,
        max_chars=settings.max_document_chars,
    )
    media = MediaPolicy(
        storage=LocalStorage(settings.media_root),
        url=settings.media_url.rstrip("/"),
        signing_key=signing_key(secret),
        max_upload_bytes=settings.max_upload_bytes,
        max_image_pixels=settings.max_image_pixels,
    )
    per_minute = 1 / 60
    shared_rates = settings.shared_rate_limits
    rates = RateLimits(
        buckets=RedisBuckets(shared, breaker) if shared_rates and shared else MemoryBuckets(),
        logins=RedisBuckets(shared, breaker) if shared_rates and shared else MemoryBuckets(),
        secret=secret,
        per_token=Rule(settings.rate_burst_per_token, settings.rate_per_token),
        per_account=Rule(settings.rate_burst_per_account, settings.rate_per_account),
        per_address=Rule(settings.rate_burst_per_address, settings.rate_per_address),
        logins_per_account=Rule(settings.login_attempts_per_account, per_minute),
        logins_per_address=Rule(settings.login_attempts_per_address, 20 * per_minute),
    )
    if settings.debug:
        sql.install()
    limits = Limits(**{f.name: getattr(settings, f.name) for f in dataclasses.fields(Limits)})
    view = GraphQLView(
        schema.build(
            debug=settings.debug,
            production=settings.production,
            limits=limits,
            batch=settings.max_batch,
        ),
        newsroom=Newsroom(
            locales=frozenset(settings.locales),
            default_locale=settings.default_locale,
            media=media,
            tokens=TokenPolicy(
                secret=secret,
                access_ttl=timedelta(minutes=settings.access_token_minutes),
                refresh_ttl=timedelta(days=settings.refresh_token_days),
            ),
            limits=rates,
            invalidate=answers.invalidate,
            clock=clock,
            site=Site(publisher=settings.publisher_name, article_pattern=settings.public_url),
        ),
        documents=documents,
        ide=settings.serves_graphiql,
        public_timeout=settings.public_timeout_seconds,
        max_batch=settings.max_batch,
    )

    def unix_now() -> float:
        return clock().timestamp()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Tortoise 1.x binds its connections to the task that opened them; the Starlette
        # helper turns on the global fallback so that request tasks see them too.
        async with RegisterTortoise(app, config=settings.tortoise_config()):
            tasks = [asyncio.create_task(answers.follow())]
            if settings.scheduler_seconds > 0:
                every = settings.scheduler_seconds
                tasks.append(asyncio.create_task(scheduler.run(clock, every, answers.invalidate)))
            try:
                yield
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                if shared is not None:
                    await shared.aclose()

    # In front of routing (Starlette's router and exception layers cost a cached answer
    # more than the cache does), each on the paths it guards.
    layers = [
        *_cors(settings.cors_origins),
        Middleware(OutageMiddleware),
        Middleware(
            RateLimitMiddleware,
            limits=rates,
            clock=unix_now,
            paths=(
                GRAPHQL_PATH,
                MEDIA_PATH,
                ninjs.PATH,
                feeds.PATH,
                sitemaps.INDEX,
                sitemaps.PAGES,
            ),
        ),
        Middleware(PreflightMiddleware, path=GRAPHQL_PATH, required=settings.csrf_prevention),
        Middleware(BodyDeadlineMiddleware, seconds=settings.body_timeout_seconds),
        Middleware(
            BodyLimitMiddleware,
            path=GRAPHQL_PATH,
            json_bytes=settings.max_body_bytes,
            upload_bytes=settings.max_upload_bytes,
        ),
        Middleware(
            AnswerCacheMiddleware,
            path=GRAPHQL_PATH,
            answers=answers,
            clock=unix_now,
            routes=(ninjs.PATH, feeds.PATH, sitemaps.INDEX, sitemaps.PAGES),
        ),
    ]
    authenticated = Middleware(
        AuthenticationMiddleware, backend=TokenBackend(secret), on_error=refuse
    )
    app = Starlette(
        routes=[
            Route(GRAPHQL_PATH, view, methods=["GET", "POST"], middleware=[authenticated]),
            Route(
                ninjs.PATH + "{locale}/{slug}",
                ninjs.route(view),
                methods=["GET"],
                middleware=[authenticated],
            ),
            *(
                Route(path, route, methods=["GET"], middleware=[authenticated])
                for path, route in [*feeds.routes(view), *sitemaps.routes(view)]
            ),
            Route("/healthz", health.healthz),
            Route("/readyz", health.readyz),
            *playground.routes(),
            Route(MEDIA_PATH + "{path:path}", MediaRoute(media), methods=["GET", "HEAD"]),
        ],
        middleware=layers,
        lifespan=lifespan,
    )
    app.state.answers = answers
    app.state.documents = documents
    return app


app = create_app()
