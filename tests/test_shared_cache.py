"""Workers and servers sharing answers through the real Redis, kept exact by pub/sub."""

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
import redis.asyncio as redis

from cache.answers import Answers
from cache.entry import Entry, Policy
from cache.shared import ENTRIES
from tests import desk
from tests.servers import environment, serving

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by these tests
NOW = 1e9
HOME = Entry(body=b'{"data":{}}', etag='"e"', keys=("a:1", "articles"), expires=2e9)


@pytest.fixture
def empty_database() -> None:
    """Overrides the suite's: these tests use no database (or the servers' own)."""


async def _no_change(now: datetime) -> datetime | None:
    return None


@pytest.fixture
async def workers() -> AsyncIterator[tuple[Answers, Answers]]:
    """Two workers' answer caches, each with its own connections, following the channel."""
    clients = [redis.Redis.from_url(REDIS_URL, socket_timeout=1) for _ in range(2)]
    await clients[0].flushdb()
    pair = tuple(
        Answers(
            memory_bytes=1_000_000,
            policy=Policy(60, 300),
            lifetime=3600,
            next_change=_no_change,
            client=client,
        )
        for client in clients
    )
    following = [asyncio.create_task(worker.follow()) for worker in pair]
    for _ in range(100):
        if all(worker.usable for worker in pair):
            break
        await asyncio.sleep(0.02)
    yield pair[0], pair[1]
    for task in following:
        task.cancel()
    await asyncio.gather(*following, return_exceptions=True)
    await clients[0].flushdb()
    for client in clients:
        await client.aclose()


async def test_an_invalidation_has_left_every_workers_copy_when_it_returns(
    workers: tuple[Answers, Answers],
) -> None:
    one, other = workers
    await one.keep(["home"], HOME, await one.started())
    from_redis = await other.lookup("home", NOW)
    held = (one.local("home", NOW), other.local("home", NOW))

    await one.invalidate({"a:1"})

    assert from_redis is not None
    assert from_redis.entry == HOME
    assert [answer is not None for answer in held] == [True, True]
    # No waiting: the writer returned only once the other worker had dropped it.
    assert (one.local("home", NOW), other.local("home", NOW)) == (None, None)
    assert await other.lookup("home", NOW) is None


async def test_an_entry_keeps_its_content_type_through_redis_and_old_entries_read_as_json(
    workers: tuple[Answers, Answers],
) -> None:
    one, other = workers
    feed = Entry(b"<rss/>", '"f"', ("articles",), 2e9, b"application/rss+xml; charset=utf-8")
    await one.keep(["feed"], feed, await one.started())
    assert one.shared is not None
    # As an entry stored before entries had a type: no `type` field in its hash.
    await one.keep(["old"], HOME, await one.started())
    await one.shared.client.hdel(ENTRIES + "old", "type")

    from_redis = await other.lookup("feed", NOW)
    old = await other.lookup("old", NOW)

    assert from_redis is not None
    assert from_redis.entry == feed
    assert (b"content-type", b"application/rss+xml; charset=utf-8") in from_redis.hit
    assert old is not None
    assert old.entry.content_type == b"application/json"


async def test_an_answer_computed_while_another_worker_wrote_is_never_kept(
    workers: tuple[Answers, Answers],
) -> None:
    one, other = workers
    started = await other.started()
    await one.invalidate({"articles"})  # committed while `other` was computing

    await other.keep(["home"], HOME, started)

    assert (other.local("home", NOW), await one.lookup("home", NOW)) == (None, None)


async def test_an_invalidation_is_sent_even_when_the_breaker_is_open(
    workers: tuple[Answers, Answers],
) -> None:
    """Another call's failure a moment ago must not leave other workers with the old answer."""
    one, other = workers
    await one.keep(["home"], HOME, await one.started())
    await other.lookup("home", NOW)
    assert one.shared is not None
    one.shared.breaker.failed(ConnectionError("a rate-limit call timed out"))

    await one.invalidate({"a:1"})

    assert (other.local("home", NOW), await other.lookup("home", NOW)) == (None, None)


async def test_a_silent_receiver_makes_the_writer_wait_its_lease_out(
    workers: tuple[Answers, Answers],
) -> None:
    """A worker that never confirms (stuck, or its link dead without a word) may still hold
    the answer; it stops trusting its copy when its lease runs out, and the write is
    acknowledged no sooner."""
    one, _ = workers
    assert one.shared is not None
    listener = redis.Redis.from_url(REDIS_URL)
    loop = asyncio.get_running_loop()
    async with listener.pubsub() as silent:
        await silent.subscribe(one.shared.channel)  # subscribed; never reads or confirms
        started = loop.time()
        delivered = await one.shared.invalidate(["a:1"])
        waited = loop.time() - started
    await listener.aclose()

    assert delivered is True
    assert waited >= one.shared.lease - 0.05


async def test_an_entry_newer_than_the_counter_is_not_trusted(
    workers: tuple[Answers, Answers],
) -> None:
    """A counter that went missing (evicted, say) would let stamped entries pass."""
    one, other = workers
    await one.invalidate({"x"})  # the counter is 1
    await one.keep(["home"], HOME, await one.started())
    assert one.shared is not None
    await one.shared.client.delete("dateline:cache:generation")

    assert await other.lookup("home", NOW) is None


async def test_an_edit_through_one_server_is_fresh_through_both(tmp_path: Path) -> None:
    """Acceptance: after the edit, 100 reads through each server by GET (hash) and POST."""
    env = environment(DATELINE_REDIS_URL=REDIS_URL)
    emptied = redis.Redis.from_url(REDIS_URL)
    await emptied.flushdb()
    await emptied.aclose()
    await desk.add_editor(tmp_path, env)
    async with (
        serving(tmp_path, env, "--demo") as (first, _),
        serving(tmp_path, env) as (second, _),
        desk.client(first) as one,
        desk.client(second) as other,
    ):
        await desk.register(one)
        before = [
            await desk.read(reader, how) for reader in (one, other) for how in ("get", "post")
        ]
        cached = [
            await desk.read(reader, how) for reader in (one, other) for how in ("get", "post")
        ]
        edited = await desk.retitle(one, await desk.sign_in(one), before[0][1], "Tide gauges go in")
        after = [
            await desk.read(reader, how)
            for _ in range(100)
            for reader in (one, other)
            for how in ("get", "post")
        ]

    assert [seen for seen, _ in cached] == ["HIT"] * 4
    assert edited == {"updateArticle": {"__typename": "Article"}}
    assert {article["headline"] for _, article in after} == {"Tide gauges go in"}
    assert len(after) == 400
