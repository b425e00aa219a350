"""Redis that stops, comes back with its data, or hangs: never a stale answer, never a wait.

Each test runs its own redis-server on another port (tests.servers.RedisServer) and a real
`dateline serve` with two workers on it; the shared Redis is never touched.
"""

import asyncio
from pathlib import Path

import pytest

from tests import desk
from tests.servers import RedisServer, environment, serving

TIMEOUT = "0.2"  # DATELINE_REDIS_TIMEOUT_SECONDS: a ping unanswered for 2 x this is a loss
LOSS_NOTICED = 1.0  # seconds: more than enough for every worker to notice


@pytest.fixture
def empty_database() -> None:
    """Overrides the suite's: the server below has its own database."""


async def _reads(base: str, count: int) -> list[tuple[str, str]]:
    """`count` readers, each on a connection of its own (so on either worker), each
    reading the story page by GET and by POST."""
    seen = []
    for _ in range(count):
        async with desk.client(base) as reader:
            for how in ("get", "post"):
                cache, article = await desk.read(reader, how)
                seen.append((cache, article["headline"]))
    return seen


async def test_redis_back_with_its_data_after_an_edit_serves_no_old_answer(
    tmp_path: Path,
) -> None:
    store = RedisServer(tmp_path, persistent=True)
    await store.start()
    env = environment(DATELINE_REDIS_URL=store.url, DATELINE_REDIS_TIMEOUT_SECONDS=TIMEOUT)
    await desk.add_editor(tmp_path, env)
    try:
        async with (
            serving(tmp_path, env, "--demo", "--workers", "2") as (base, _),
            desk.client(base) as editor,
        ):
            await desk.register(editor)
            token = await desk.sign_in(editor)
            _, article = await desk.read(editor, "get")
            warm = await _reads(base, 20)  # both workers have it, and so has Redis
            await store.stop()  # it writes what it keeps, entries and stamps included
            await asyncio.sleep(LOSS_NOTICED)
            edited = await desk.retitle(editor, token, article, "Tide gauges go in")
            during = await _reads(base, 10)
            await store.start()  # with every entry it had, the old page among them
            after = await _reads(base, 100)
    finally:
        await store.stop()

    assert {seen for seen, _ in warm[4:]} == {"HIT"}  # each worker missed at most once
    assert edited == {"updateArticle": {"__typename": "Article"}}
    assert set(during) == {("MISS", "Tide gauges go in")}  # uncached, and fresh
    assert {headline for _, headline in after} == {"Tide gauges go in"}
    assert after[-2:] == [("HIT", "Tide gauges go in")] * 2  # and the cache is back


async def test_a_hung_redis_costs_readers_nothing_and_leaves_nothing_stale(
    tmp_path: Path,
) -> None:
    store = RedisServer(tmp_path, persistent=False)
    await store.start()
    env = environment(DATELINE_REDIS_URL=store.url, DATELINE_REDIS_TIMEOUT_SECONDS=TIMEOUT)
    await desk.add_editor(tmp_path, env)
    try:
        async with (
            serving(tmp_path, env, "--demo", "--workers", "2") as (base, _),
            desk.client(base) as editor,
        ):
            await desk.register(editor)
            token = await desk.sign_in(editor)
            _, article = await desk.read(editor, "get")
            warm = await _reads(base, 20)
            store.pause()  # SIGSTOP: connections stay open, nothing answers
            await asyncio.sleep(LOSS_NOTICED)
            # Each read must come back within the client's 10 s, the public time limit.
            hung = await _reads(base, 10)
            edited = await desk.retitle(editor, token, article, "Tide gauges go in")
            during = await _reads(base, 10)
            store.resume()
            after = await _reads(base, 100)
    finally:
        store.resume()
        await store.stop()

    assert {seen for seen, _ in warm[4:]} == {"HIT"}
    assert set(hung) == {("MISS", article["headline"])}  # uncached: the copy is not trusted
    assert edited == {"updateArticle": {"__typename": "Article"}}
    assert set(during) == {("MISS", "Tide gauges go in")}
    assert {headline for _, headline in after} == {"Tide gauges go in"}
    assert after[-2:] == [("HIT", "Tide gauges go in")] * 2
