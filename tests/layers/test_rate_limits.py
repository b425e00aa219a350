"""throttling.middleware: one unit from the caller's bucket per request, before anything."""

from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.types import Receive, Scope, Send

import models
from auth import tokens
from auth.viewer import Viewer
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
        logins=MemoryBuckets(),
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
        # A forged token is a stranger: the address's bucket, already empty.
        stranger = await client.get("/", headers=bearer(forged))

    assert (address, account) == ([200, 429], [200, 200, 429])
    assert (stranger.status_code, stranger.json()) == (429, REFUSED)
    assert {
        k: stranger.headers[k] for k in ("ratelimit-limit", "retry-after", "cache-control")
    } == {
        "ratelimit-limit": "1",
        "retry-after": "1000",
        "cache-control": "no-store",
    }
    assert len(app.seen) == 1 + 2  # a refused request never reaches the app


class Authenticating(Echo):
    """Accepts one API token, as the authentication layer further in would."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and (b"authorization", b"Bearer dl_api_good") in scope["headers"]
        ):
            scope["user"] = Viewer(api_token=models.ApiToken(id=1, name="frontend"))
        await super().__call__(scope, receive, send)


async def test_an_api_token_has_its_own_bucket_once_it_has_authenticated() -> None:
    layer = limited(Authenticating())
    async with client_of(layer, "10.0.0.1") as good, client_of(layer, "10.0.0.2") as made_up:
        first = await good.get("/", headers=bearer("dl_api_good"))  # the address pays once
        then = [(await good.get("/", headers=bearer("dl_api_good"))).status_code for _ in range(4)]
        invented = [
            (await made_up.get("/", headers=bearer(f"dl_api_{n}"))).status_code for n in range(3)
        ]

    assert first.status_code == 200
    assert then == [200, 200, 200, 429]  # its own bucket of three
    assert invented == [200, 429, 429]  # made-up tokens are the address's: no bucket each


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
