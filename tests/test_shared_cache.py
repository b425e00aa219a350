"""Two server processes share the response cache through the real Redis."""

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import redis.asyncio as redis
from starlette.applications import Starlette

from cache.documents import RedisDocuments
from cache.responses import Entry, RedisCache
from demo import content
from tests import factories
from tests.servers import free_port, wait_until_healthy

REPO = Path(__file__).parent.parent
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by these tests
EDITOR = ("desk@newsroom.test", "a long enough password")
PAGE = "query($slug: String!) { article(slug: $slug) { id headline version } }"


@pytest.fixture
def empty_database() -> None:
    """Overrides the suite's: the servers below have their own database."""


@pytest.fixture
async def shared() -> AsyncIterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


async def test_redis_cache_keeps_an_entry_until_one_of_its_keys_changes(
    shared: redis.Redis,
) -> None:
    cache = RedisCache(shared, longest=60)
    entry = Entry(body=b'{"data":{}}', etag='"e"', keys=("a:1", "articles"), expires=2e9)
    other = Entry(b"{}", '"o"', ("a:2",), expires=2e9)
    started = await cache.generation()
    await cache.put("home", entry, started=started)
    await cache.put("other", other, started=started)

    kept = await cache.get("home", now=1e9)
    await cache.invalidate({"a:1"})
    dropped = await cache.get("home", now=1e9)
    untouched = await cache.get("other", now=1e9)
    expired = await cache.get("other", now=2e9)

    assert (kept, dropped, untouched, expired) == (entry, None, other, None)


async def _serve(cwd: Path, env: dict[str, str], *extra: str) -> asyncio.subprocess.Process:
    port = env["DATELINE_PORT"]
    with (cwd / f"server-{port}.log").open("wb") as log:  # the server keeps its own copy
        return await asyncio.create_subprocess_exec(
            *[sys.executable, "-m", "cli", "serve", *extra, "--host", "127.0.0.1", "--port", port],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )


async def test_an_edit_through_one_server_is_fresh_through_the_other(
    tmp_path: Path, shared: redis.Redis
) -> None:
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    base_env |= {
        "PYTHONPATH": str(REPO),
        "DATELINE_REDIS_URL": REDIS_URL,
        "DATELINE_SCHEDULER_SECONDS": "0",
    }
    account = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "cli", "create-user", "--email", EDITOR[0]],
        *["--role", "editor", "--password-stdin"],
        cwd=tmp_path,
        env=base_env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.DEVNULL,
    )
    await account.communicate(f"{EDITOR[1]}\n".encode())
    ports = [str(free_port()), str(free_port())]
    writer = await _serve(tmp_path, base_env | {"DATELINE_PORT": ports[0]}, "--demo")
    processes = [writer]
    try:
        await wait_until_healthy(
            f"http://127.0.0.1:{ports[0]}", writer, tmp_path / f"server-{ports[0]}.log"
        )
        reader = await _serve(tmp_path, base_env | {"DATELINE_PORT": ports[1]})
        processes.append(reader)
        await wait_until_healthy(
            f"http://127.0.0.1:{ports[1]}", reader, tmp_path / f"server-{ports[1]}.log"
        )
        preflight = {"apollo-require-preflight": "true"}
        one = httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports[0]}", headers=preflight)
        other = httpx.AsyncClient(base_url=f"http://127.0.0.1:{ports[1]}", headers=preflight)
        params = {"query": PAGE, "variables": f'{{"slug": "{content.STORY_SLUG}"}}'}

        first = await other.get("/graphql", params=params)
        second = await other.get("/graphql", params=params)
        login = await one.post(
            "/graphql",
            json={
                "query": "mutation($e: String!, $p: String!) "
                "{ login(email: $e, password: $p) { ... on Session { accessToken } } }",
                "variables": {"e": EDITOR[0], "p": EDITOR[1]},
            },
        )
        token = login.json()["data"]["login"]["accessToken"]
        article = first.json()["data"]["article"]
        edited = await one.post(
            "/graphql",
            json={
                "query": "mutation($id: ID!, $v: Int!) { updateArticle(id: $id, "
                'expectedVersion: $v, input: {headline: "Tide gauges go in"}) { __typename } }',
                "variables": {"id": article["id"], "v": article["version"]},
            },
            headers={"authorization": f"Bearer {token}"},
        )
        after = await other.get("/graphql", params=params)
        await one.aclose()
        await other.aclose()
    finally:
        for process in processes:
            if process.returncode is None:
                process.terminate()
                await process.wait()

    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("MISS", "HIT")
    assert edited.json()["data"] == {"updateArticle": {"__typename": "Article"}}
    assert (after.headers["x-cache"], after.json()["data"]["article"]["headline"]) == (
        "MISS",
        "Tide gauges go in",
    )


@pytest.fixture
def unreachable_redis(app: Starlette) -> Iterator[None]:
    """The suite's server, its cache and persisted queries pointed at a closed port."""
    delivery = app.state.delivery
    saved = delivery.responses, delivery.documents
    dead = redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    delivery.responses, delivery.documents = RedisCache(dead, longest=60), RedisDocuments(dead)
    yield
    delivery.responses, delivery.documents = saved


async def test_readers_are_served_uncached_while_redis_is_down(
    unreachable_redis: None, client: httpx.AsyncClient
) -> None:
    """The shared cache is an accelerator: without it, answers still come, just uncached."""
    await factories.article(slug="tide", headline="Tide")
    query = '{ article(slug: "tide") { headline } }'

    answers = [await client.get("/graphql", params={"query": query}) for _ in range(2)]

    assert [(a.status_code, a.headers.get("x-cache"), a.json()["data"]) for a in answers] == [
        (200, "MISS", {"article": {"headline": "Tide"}}),
        (200, "MISS", {"article": {"headline": "Tide"}}),  # nothing could be kept
    ]
