"""Redis that stops, comes back with its data, or hangs: never a stale answer, never a wait.

Each test runs its own redis-server on another port (tests.servers.RedisServer) and a real
`dateline serve` with two workers on it; the shared Redis is never touched.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis.asyncio as redis

from cache.answers import Answers
from cache.entry import Entry, Policy
from tests import desk
from tests.servers import RedisServer, environment, serving

TIMEOUT = "0.2"  # DATELINE_REDIS_TIMEOUT_SECONDS: a ping unanswered for 2 x this is a loss
LOSS_NOTICED = 1.5  # seconds: more than a worker's lease (4 x the timeout) and a ping
RETITLED = "Tide gauges go in"


@pytest.fixture
def empty_database() -> None:
    """Overrides the suite's: the server below has its own database."""


@dataclass
class Newsroom:
    base: str
    editor: httpx.AsyncClient
    token: str
    article: dict[str, Any]  # the story as it was first read

    async def retitle(self) -> Any:
        return await desk.retitle(self.editor, self.token, self.article, RETITLED)

    async def reads(self, count: int) -> list[tuple[str, str]]:
        """`count` readers, each on a connection of its own (so on either worker), each
        reading the story page by GET and by POST: (X-Cache, headline) of each."""
        seen = []
        for _ in range(count):
            async with desk.client(self.base) as reader:
                for how in ("get", "post"):
                    cache, article = await desk.read(reader, how)
                    seen.append((cache, article["headline"]))
        return seen


@asynccontextmanager
async def newsroom(tmp_path: Path, store: RedisServer) -> AsyncIterator[Newsroom]:
    """The demo newsroom on two workers sharing `store`, the story page persisted."""
    env = environment(DATELINE_REDIS_URL=store.url, DATELINE_REDIS_TIMEOUT_SECONDS=TIMEOUT)
    await desk.add_editor(tmp_path, env)
    async with (
        serving(tmp_path, env, "--demo", "--workers", "2") as (base, _),
        desk.client(base) as editor,
    ):
        await desk.register(editor)
        token = await desk.sign_in(editor)
        _, article = await desk.read(editor, "get")
        room = Newsroom(base, editor, token, article)
        await _joined(room)
        yield room


async def _joined(room: Newsroom) -> None:
    """Until readers are answered from the cache, reader after reader: /healthz answers
    once one worker is up, and the other may still be joining Redis, serving uncached."""
    streak = 0
    for _ in range(100):
        seen = await room.reads(1)
        streak = streak + 1 if {cache for cache, _ in seen} == {"HIT"} else 0
        if streak == 8:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the workers never answered from the cache")


async def test_redis_back_with_its_data_after_an_edit_serves_no_old_answer(
    tmp_path: Path,
) -> None:
    store = RedisServer(tmp_path, persistent=True)
    await store.start()
    try:
        async with newsroom(tmp_path, store) as room:
            warm = await room.reads(20)  # both workers have it, and so has Redis
            await store.stop()  # it writes what it keeps, entries and stamps included
            await asyncio.sleep(LOSS_NOTICED)
            edited = await room.retitle()
            during = await room.reads(10)
            await store.start()  # with every entry it had, the old page among them
            after = await room.reads(100)
    finally:
        await store.stop()

    assert {seen for seen, _ in warm[4:]} == {"HIT"}, warm  # each worker missed at most once
    assert edited == {"updateArticle": {"__typename": "Article"}}
    assert set(during) == {("MISS", RETITLED)}  # uncached, and fresh
    assert {headline for _, headline in after} == {RETITLED}
    assert after[-2:] == [("HIT", RETITLED)] * 2  # and the cache is back


async def test_a_hung_redis_costs_readers_nothing_and_leaves_nothing_stale(
    tmp_path: Path,
) -> None:
    store = RedisServer(tmp_path, persistent=False)
    await store.start()
    try:
        async with newsroom(tmp_path, store) as room:
            warm = await room.reads(20)
            store.pause()  # SIGSTOP: connections stay open, nothing answers
            await asyncio.sleep(LOSS_NOTICED)
            # Each read must come back within the client's 10 s, the public time limit.
            hung = await room.reads(10)
            edited = await room.retitle()
            during = await room.reads(10)
            store.resume()
            after = await room.reads(100)
    finally:
        store.resume()
        await store.stop()

    assert {seen for seen, _ in warm[4:]} == {"HIT"}
    assert set(hung) == {("MISS", room.article["headline"])}  # the copy is not trusted
    assert edited == {"updateArticle": {"__typename": "Article"}}
    assert set(during) == {("MISS", RETITLED)}
    assert {headline for _, headline in after} == {RETITLED}
    assert after[-2:] == [("HIT", RETITLED)] * 2


async def _no_change(now: datetime) -> datetime | None:
    return None


def _worker(url: str) -> Answers:
    client = redis.Redis.from_url(url, socket_timeout=1)
    return Answers(
        memory_bytes=1_000_000,
        policy=Policy(60, 300),
        lifetime=3600,
        next_change=_no_change,
        client=client,
    )


async def _following(worker: Answers) -> asyncio.Task[None]:
    task = asyncio.create_task(worker.follow())
    for _ in range(200):
        if worker.usable:
            return task
        await asyncio.sleep(0.02)
    pytest.fail("the worker did not join the channel")


async def test_a_new_worker_on_a_redis_restarted_with_its_data_trusts_nothing_from_before(
    tmp_path: Path,
) -> None:
    """The worker that owed an invalidation may be gone (a crash, a deploy): a Redis that
    restarted since the epoch was made may have missed one, so a worker joining it, even
    for the first time, starts a new epoch."""
    store = RedisServer(tmp_path, persistent=True)
    await store.start()
    page = Entry(body=b'{"data":{}}', etag='"e"', keys=("a:1",), expires=2e9)
    try:
        before = _worker(store.url)
        following = await _following(before)
        await before.keep(["page"], page, await before.started())
        kept = await before.lookup("page", 1e9)
        following.cancel()
        await asyncio.gather(following, return_exceptions=True)
        assert before.shared is not None
        await before.shared.client.aclose()
        await store.stop()
        await store.start()  # with the entry, its epoch and its stamps
        after = _worker(store.url)
        following = await _following(after)
        found = await after.lookup("page", 1e9)
        following.cancel()
        await asyncio.gather(following, return_exceptions=True)
        assert after.shared is not None
        await after.shared.client.aclose()
    finally:
        await store.stop()

    assert kept is not None
    assert found is None
