"""The real app, in-process over HTTP, on SQLite or (DATELINE_TEST_DATABASE_URL) PostgreSQL."""

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from tortoise import connections

import cli
import server
from demo import content
from settings import Settings

TABLES = (
    "article_search",
    "image_search",
    "persisted_document",
    "slug_alias",
    "audit_entry",
    "revision",
    "session",
    "api_token",
    "account",
    "related_story",
    "ninjs_source",
    "caption",
    "article_tag",
    "article_author",
    "article",
    "image",
    "tag",
    "author",
    "section",
)


def database_url(tmp: Path) -> str:
    return os.environ.get("DATELINE_TEST_DATABASE_URL") or f"sqlite://{tmp / 'test.sqlite3'}"


@pytest.fixture(scope="session")
async def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    tmp = tmp_path_factory.mktemp("dateline")
    settings = Settings(
        database_url=database_url(tmp),
        media_root=tmp / "media",
        debug=True,
        scheduler_seconds=0,
        max_upload_bytes=2_000_000,  # small enough for a test to send one byte more
        # Big enough for the bad-input tests' megabyte strings to reach the resolvers'
        # own limits; tests/security/test_sizes.py tests the cap itself.
        max_body_bytes=4_000_000,
        # The whole suite comes from one address: its own tests lower these.
        rate_burst_per_address=1_000_000,
        rate_burst_per_account=1_000_000,
        rate_burst_per_token=1_000_000,
        login_attempts_per_address=1_000_000,
        login_attempts_per_account=1_000,
    )
    if settings.database_url.startswith("postgres"):
        await _drop_everything(settings)
    # The suite runs on the schema the committed migrations build, on either database.
    await cli.migrate(settings)
    return settings


async def _drop_everything(settings: Settings) -> None:
    from tortoise import Tortoise

    await Tortoise.init(config=settings.tortoise_config())
    try:
        await connections.get("default").execute_script(
            "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
        )
    finally:
        await connections.close_all()


class Clock:
    """The app's clock: real time unless a test sets `frozen`, with no restart either way."""

    def __init__(self) -> None:
        self.frozen: datetime | None = None

    def __call__(self) -> datetime:
        return self.frozen or datetime.now(UTC)


@pytest.fixture(scope="session")
def session_clock() -> Clock:
    return Clock()


@pytest.fixture
def clock(session_clock: Clock) -> Iterator[Clock]:
    yield session_clock
    session_clock.frozen = None


class Purges(list[frozenset[str]]):
    """The purge hook a CDN would get: every invalidation's surrogate keys, in order."""

    async def __call__(self, keys: frozenset[str]) -> None:
        self.append(keys)


@pytest.fixture(scope="session")
def purges() -> Purges:
    return Purges()


@pytest.fixture(scope="session")
def app(settings: Settings, session_clock: Clock, purges: Purges) -> Starlette:
    return server.create_app(settings, clock=session_clock, purge=purges)


def variant(settings: Settings, **changes: Any) -> Starlette:
    """The app built with other settings. Run it without its lifespan: it shares the
    suite's database, whose connections the session's client keeps open."""
    return server.create_app(settings.model_copy(update=changes))


@asynccontextmanager
async def client_of(app: Starlette, address: str = "127.0.0.1") -> AsyncIterator[httpx.AsyncClient]:
    """A frontend's client of `app` (preflight header on), its requests from `address`."""
    transport = httpx.ASGITransport(app=app, client=(address, 50_000))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers={"apollo-require-preflight": "true"}
    ) as client:
        yield client


@pytest.fixture(scope="session")
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        # As frontends do: Dateline asks simple requests (GETs) for Apollo's preflight
        # header; a test of the refusal sends it empty.
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://test",
            headers={"apollo-require-preflight": "true"},
        ) as client:
            yield client


@pytest.fixture(autouse=True)
async def empty_database(
    client: httpx.AsyncClient, settings: Settings, app: Starlette, purges: Purges
) -> None:
    """Each test starts from empty tables (and fresh ids), and an empty response cache."""
    await app.state.answers.clear()
    purges.clear()
    db = connections.get("default")
    if settings.database_url.startswith("postgres"):
        await db.execute_script(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE;")
    else:
        # RESTRICT keys (a section's parent) would refuse a bulk delete row by row.
        deletes = "".join(f"DELETE FROM {table};" for table in TABLES)
        await db.execute_script(
            f"PRAGMA foreign_keys=OFF;{deletes}DELETE FROM sqlite_sequence;PRAGMA foreign_keys=ON;"
        )


class GraphQL:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def __call__(
        self, query: str, *, bearer: str | None = None, **variables: Any
    ) -> dict[str, Any]:
        """POSTs a document (with `bearer` as the Bearer token); returns the whole JSON body."""
        headers = {"authorization": f"Bearer {bearer}"} if bearer else {}
        response = await self.client.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def sign_in(self, email: str, password: str) -> str:
        """Logs in over GraphQL, as an editor does in GraphiQL; returns the access token."""
        body = await self(
            "mutation($e: String!, $p: String!) "
            "{ login(email: $e, password: $p) { ... on Session { accessToken } } }",
            e=email,
            p=password,
        )
        token: str = body["data"]["login"]["accessToken"]
        return token


@pytest.fixture
async def demo(settings: Settings) -> None:
    """The demo newsroom, loaded as `dateline demo` does."""
    await content.load(settings.media_root)


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQL:
    return GraphQL(client)
