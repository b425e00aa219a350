"""throttling.middleware: one unit from the caller's bucket per request, before anything."""

from datetime import UTC, datetime, timedelta
from typing import Any

from auth import tokens
from tests.layers.apps import Echo, client_of
from throttling.buckets import MemoryBuckets, RateLimits, Rule
from throttling.middleware import RateLimitMiddleware

SECRET = "a test secret of at least thirty-two characters"
NOW = datetime(2026, 12, 1, tzinfo=UTC)
REFUSED = {
    "errors": [
        {
            "message": "Too many requests; slow down (see Retry-After).",
            "extensions": {"code": "RATE_LIMITED"},
        }
    ]
}


def limited(app: Echo, paths: tuple[str, ...] = ("/",)) -> RateLimitMiddleware:
    rates = RateLimits(
        buckets=MemoryBuckets(),
        secret=SECRET,
        per_token=Rule(3, 0.001),
        per_account=Rule(2, 0.001),
        per_address=Rule(1, 0.001),
        logins_per_account=Rule(5, 1),
        logins_per_address=Rule(5, 1),
    )
    return RateLimitMiddleware(app, limits=rates, clock=NOW.timestamp, paths=paths)


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def test_each_caller_spends_its_own_bucket_then_gets_429() -> None:
    app = Echo()
    issued = datetime.now(UTC)  # signatures and expiry are checked against the real time
    access = tokens.issue_access(
        user_id=7, role="editor", secret=SECRET, now=issued, ttl=timedelta(minutes=5)
    )
    forged = tokens.issue_access(
        user_id=7,
        role="editor",
        secret="another secret entirely, also long",
        now=issued,
        ttl=timedelta(minutes=5),
    )
    async with client_of(limited(app)) as client:
        address = [(await client.get("/")).status_code for _ in range(2)]
        account = [(await client.get("/", headers=bearer(access))).status_code for _ in range(3)]
        api = [(await client.get("/", headers=bearer("dl_api_x"))).status_code for _ in range(4)]
        # A forged token is a stranger: the address's bucket, already empty.
        stranger = await client.get("/", headers=bearer(forged))

    assert (address, account, api) == ([200, 429], [200, 200, 429], [200, 200, 200, 429])
    assert (stranger.status_code, stranger.json()) == (429, REFUSED)
    assert {
        k: stranger.headers[k] for k in ("ratelimit-limit", "retry-after", "cache-control")
    } == {
        "ratelimit-limit": "1",
        "retry-after": "1000",
        "cache-control": "no-store",
    }
    assert len(app.seen) == 1 + 2 + 3  # a refused request never reaches the app


async def test_addresses_have_buckets_of_their_own() -> None:
    app = limited(Echo())
    async with client_of(app, "10.0.0.1") as one, client_of(app, "10.0.0.2") as two:
        answers = [(await c.get("/")).status_code for c in (one, two, one)]

    assert answers == [200, 200, 429]


async def test_only_the_paths_it_guards_pay() -> None:
    app = Echo()
    async with client_of(limited(app, paths=("/graphql", "/media/"))) as client:
        answers = [
            (await client.get(path)).status_code
            for path in ("/healthz", "/healthz", "/media/a.jpg", "/graphql", "/media/b.jpg")
        ]

    assert answers == [200, 200, 200, 429, 429]


async def test_other_connections_pass_untouched() -> None:
    app = Echo()

    await limited(app)({"type": "lifespan"}, _never, _never)

    assert app.seen == [{"type": "lifespan"}]


async def _never(*args: object) -> Any:
    raise AssertionError("a lifespan message was read or sent")
