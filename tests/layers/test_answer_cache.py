"""cache.middleware: public answers kept whole and served from memory, exactly."""

import asyncio
import json
from datetime import UTC, datetime

import httpx

from cache.answers import Answers
from cache.entry import Policy
from cache.middleware import AnswerCacheMiddleware
from tests.layers.apps import Echo, client_of

QUERY = "{ articles { slug } }"
KEPT = [(b"surrogate-key", b"a:1 articles")]


async def _no_change(now: datetime) -> datetime | None:
    return None


def cached(app: Echo, memory_bytes: int = 1_000_000) -> tuple[AnswerCacheMiddleware, Answers]:
    answers = Answers(
        memory_bytes=memory_bytes,
        policy=Policy(max_age=60, stale_while_revalidate=300),
        lifetime=3600,
        next_change=_no_change,
    )
    return AnswerCacheMiddleware(app, path="/graphql", answers=answers, clock=lambda: 1e9), answers


def get(client: httpx.AsyncClient, query: str = QUERY, **headers: str) -> object:
    return client.get("/graphql", params={"query": query}, headers=headers)


async def test_a_kept_answer_is_served_from_memory_with_the_same_bytes() -> None:
    app = Echo(KEPT)
    layer, _ = cached(app)
    async with client_of(layer) as client:
        first = await client.get("/graphql", params={"query": QUERY})
        second = await client.get("/graphql", params={"query": QUERY})
        unchanged = await client.get(
            "/graphql", params={"query": QUERY}, headers={"if-none-match": first.headers["etag"]}
        )

    assert len(app.seen) == 1
    assert (first.headers["x-cache"], second.headers["x-cache"]) == ("MISS", "HIT")
    assert first.content == second.content == b'{"echo":""}'
    assert dict(second.headers) == {
        "content-type": "application/json",
        "etag": first.headers["etag"],
        "vary": "Authorization",
        "cache-control": "public, max-age=60, stale-while-revalidate=300",
        "surrogate-key": "a:1 articles",
        "cache-tag": "a:1,articles",
        "content-length": "11",
        "x-cache": "HIT",
    }
    assert (unchanged.status_code, unchanged.content) == (304, b"")


async def test_other_spellings_of_a_request_share_its_answer() -> None:
    app = Echo(KEPT)
    layer, _ = cached(app)
    body = {"query": QUERY, "variables": {"b": 2, "a": 1}}
    async with client_of(layer) as client:
        posted = await client.post("/graphql", json=body)
        reordered = await client.post(
            "/graphql",
            content=json.dumps({"variables": {"a": 1, "b": 2}, "query": QUERY}),
            headers={"content-type": "application/json"},
        )
        as_get = await client.get("/graphql", params={"variables": '{"a":1,"b":2}', "query": QUERY})

    assert [r.headers["x-cache"] for r in (posted, reordered, as_get)] == ["MISS", "HIT", "HIT"]
    assert len(app.seen) == 1


async def test_what_the_app_does_not_mark_goes_out_as_it_came_and_is_not_kept() -> None:
    app = Echo([(b"cache-control", b"no-store")])
    layer, _ = cached(app)
    async with client_of(layer) as client:
        answers = [await client.get("/graphql", params={"query": QUERY}) for _ in range(2)]

    assert len(app.seen) == 2
    assert [dict(a.headers) for a in answers] == [
        {"content-type": "application/json", "cache-control": "no-store"}
    ] * 2


async def test_signed_requests_are_never_answered_or_kept_here() -> None:
    app = Echo(KEPT)
    layer, _ = cached(app)
    signed = {"authorization": "Bearer something"}
    async with client_of(layer) as client:
        await client.get("/graphql", params={"query": QUERY})
        answers = [
            await client.get("/graphql", params={"query": QUERY}, headers=signed) for _ in range(2)
        ]

    assert len(app.seen) == 3
    assert ["x-cache" in a.headers for a in answers] == [False, False]


async def test_no_cache_runs_the_request_and_keeps_what_it_got() -> None:
    app = Echo(KEPT)
    layer, _ = cached(app)
    async with client_of(layer) as client:
        await client.get("/graphql", params={"query": QUERY})
        fresh = await client.get(
            "/graphql", params={"query": QUERY}, headers={"cache-control": "no-cache"}
        )
        after = await client.get("/graphql", params={"query": QUERY})

    assert (fresh.headers["x-cache"], after.headers["x-cache"], len(app.seen)) == ("MISS", "HIT", 2)


async def test_an_invalidation_drops_exactly_the_answers_showing_a_key() -> None:
    shown = Echo(KEPT)
    layer, answers = cached(shown)
    async with client_of(layer) as client:
        await client.get("/graphql", params={"query": QUERY})
        await answers.invalidate({"a:2"})
        untouched = await client.get("/graphql", params={"query": QUERY})
        await answers.invalidate({"a:1"})
        dropped = await client.get("/graphql", params={"query": QUERY})

    assert (untouched.headers["x-cache"], dropped.headers["x-cache"]) == ("HIT", "MISS")


async def test_a_fill_that_started_before_a_write_is_not_kept() -> None:
    app = Echo(KEPT)
    layer, answers = cached(app)
    written = asyncio.Event()

    async def write_meanwhile() -> None:
        await answers.invalidate({"articles"})  # committed while the answer was computed
        written.set()

    app.hold = write_meanwhile
    async with client_of(layer) as client:
        during = await client.get("/graphql", params={"query": QUERY})
        app.hold = None
        after = await client.get("/graphql", params={"query": QUERY})

    assert written.is_set()
    assert (during.headers["x-cache"], after.headers["x-cache"], len(app.seen)) == (
        "MISS",
        "MISS",
        2,
    )


async def test_concurrent_misses_of_one_request_run_once() -> None:
    app = Echo(KEPT)
    layer, _ = cached(app)
    release = asyncio.Event()

    async def slow() -> None:
        await release.wait()

    app.hold = slow
    async with client_of(layer) as client:
        waiting = [
            asyncio.create_task(client.get("/graphql", params={"query": QUERY})) for _ in range(5)
        ]
        await asyncio.sleep(0.05)
        release.set()
        answers = await asyncio.gather(*waiting)

    assert len(app.seen) == 1
    assert sorted(a.headers["x-cache"] for a in answers) == ["HIT"] * 4 + ["MISS"]
    assert {a.content for a in answers} == {b'{"echo":""}'}


async def test_the_memory_copy_keeps_to_its_bytes() -> None:
    app = Echo(KEPT)
    layer, answers = cached(app, memory_bytes=3000)  # room for two small answers
    async with client_of(layer) as client:
        for n in range(3):
            await client.get("/graphql", params={"query": f"{{ n{n} }}"})
        again = [
            (await client.get("/graphql", params={"query": f"{{ n{n} }}"})).headers["x-cache"]
            for n in (2, 1, 0)
        ]

    assert answers.copy.size <= 3000
    assert again == ["HIT", "HIT", "MISS"]  # the oldest went first


async def test_those_waiting_on_a_run_a_write_overtook_run_their_own() -> None:
    app = Echo(KEPT)
    layer, answers = cached(app)
    release = asyncio.Event()

    async def written_meanwhile() -> None:
        await release.wait()
        app.hold = None  # the runs after this one are quick
        await answers.invalidate({"articles"})

    app.hold = written_meanwhile
    async with client_of(layer) as client:
        waiting = [
            asyncio.create_task(client.get("/graphql", params={"query": QUERY})) for _ in range(3)
        ]
        await asyncio.sleep(0.05)
        release.set()
        answers_seen = await asyncio.gather(*waiting)

    assert len(app.seen) == 3  # the first run's answer was overtaken: nobody else gets it
    assert [a.headers["x-cache"] for a in answers_seen] == ["MISS"] * 3


async def test_other_paths_are_never_answered_or_kept_here() -> None:
    app = Echo(KEPT)
    layer, _ = cached(app)
    async with client_of(layer) as client:
        answers = [await client.get("/elsewhere", params={"query": QUERY}) for _ in range(2)]

    assert len(app.seen) == 2
    assert ["x-cache" in a.headers for a in answers] == [False, False]


async def test_the_next_scheduled_time_is_looked_up_once_until_a_write() -> None:
    """Every fill needs it (entries expire then); it only moves with a write, or in time."""
    asked: list[datetime] = []
    due = datetime.fromtimestamp(2e9, UTC)

    async def next_change(now: datetime) -> datetime | None:
        asked.append(now)
        return due if now < due else None  # once it is out, nothing else is scheduled

    answers = Answers(
        memory_bytes=1_000_000, policy=Policy(60, 300), lifetime=3600, next_change=next_change
    )

    first = await answers.expiry(1e9)
    again = await answers.expiry(1e9 + 1)
    await answers.invalidate({"a:1"})  # a write: a schedule may have moved
    after_write = await answers.expiry(1e9 + 2)
    past_it = await answers.expiry(2e9 + 1)  # its time has come: the next one, please

    assert (first, again, after_write) == (1e9 + 3600, 1e9 + 1 + 3600, 1e9 + 2 + 3600)
    assert past_it == 2e9 + 1 + 3600
    assert len(asked) == 3
