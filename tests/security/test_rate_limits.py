"""Checklist section D: callers that ask too often, and password guessing."""

from collections.abc import AsyncIterator

import httpx
import pytest

import models
from settings import Settings
from tests import factories
from tests.conftest import client_of, variant

SIGN_IN = (
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) "
    "{ __typename ... on Problem { code } } }"
)


@pytest.fixture
async def strict(settings: Settings, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """A server with small buckets, on the suite's database (its connections are open)."""
    app = variant(
        settings,
        rate_burst_per_address=3,
        rate_per_address=0.001,
        rate_burst_per_account=1_000,
        login_attempts_per_account=2,
        login_attempts_per_address=1_000,
    )
    async with client_of(app) as client:
        yield client


async def test_an_address_that_asks_too_often_gets_429_with_when_to_retry(
    strict: httpx.AsyncClient,
) -> None:
    """D1: a token bucket per address: a burst of 3, then refused with Retry-After."""
    answers = [await strict.post("/graphql", json={"query": "{ __typename }"}) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.json() == {
        "errors": [
            {
                "message": "Too many requests; slow down (see Retry-After).",
                "extensions": {"code": "RATE_LIMITED"},
            }
        ]
    }
    assert {name: refused.headers[name] for name in ("ratelimit-limit", "ratelimit-remaining")} == {
        "ratelimit-limit": "3",
        "ratelimit-remaining": "0",
    }
    assert int(refused.headers["retry-after"]) >= 1


async def test_pictures_and_cached_answers_spend_from_the_same_bucket(
    strict: httpx.AsyncClient,
) -> None:
    """D1: /media pays like /graphql, and a cached answer pays like any other."""
    read = {"query": "{ __typename }"}
    answers = [
        await strict.get("/graphql", params=read),
        await strict.get("/graphql", params=read),  # from the answer cache
        await strict.get("/media/demo/nothing-here.jpg"),
        await strict.get("/media/demo/nothing-here.jpg"),
    ]

    assert [(a.status_code, a.headers.get("x-cache")) for a in answers] == [
        (200, "MISS"),
        (200, "HIT"),
        (404, None),
        (429, None),
    ]
    assert answers[-1].json()["errors"][0]["extensions"] == {"code": "RATE_LIMITED"}


async def test_sign_in_attempts_are_limited_per_account_right_or_wrong(
    strict: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    """D2: a password guesser gets two tries at an account, then waits; so does its owner."""
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")

    async def attempt(password: str) -> dict[str, str]:
        # The address's sign-in bucket is large here: only the account's is tested.
        body = {"query": SIGN_IN, "variables": {"e": "desk@newsroom.test", "p": password}}
        answer = await strict.post("/graphql", json=body)
        result: dict[str, str] = answer.json()["data"]["login"]
        return result

    answers = [
        await attempt("wrong one"),
        await attempt("wrong two"),
        await attempt(factories.PASSWORD),
    ]
    still_served = await client.post("/graphql", json={"query": "{ __typename }"})

    assert answers == [
        {"__typename": "AuthenticationError", "code": "UNAUTHENTICATED"},
        {"__typename": "AuthenticationError", "code": "UNAUTHENTICATED"},
        {"__typename": "AuthenticationError", "code": "TOO_MANY_ATTEMPTS"},
    ]
    assert still_served.status_code == 200


@pytest.fixture
async def costly(settings: Settings, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """A server whose address bucket holds 40 requests' worth, refilled very slowly."""
    async with client_of(
        variant(settings, rate_burst_per_address=40, rate_per_address=0.001)
    ) as client:
        yield client


async def test_an_operation_is_charged_by_its_node_count(costly: httpx.AsyncClient) -> None:
    """A12: 100 sections' pages of 30 articles (3,100 nodes) cost 31 requests' worth."""
    big = "{ articles(first: 100) { edges { node { section { articles(first: 30) { totalCount } } } } } }"

    # Run each time (a cached answer runs nothing, so it costs just the one request).
    fresh = {"cache-control": "no-cache"}
    first = await costly.post("/graphql", json={"query": big}, headers=fresh)
    second = await costly.post("/graphql", json={"query": big}, headers=fresh)
    small = await costly.post("/graphql", json={"query": "{ __typename }"})

    assert (first.status_code, "errors" in first.json()) == (200, False)
    assert first.json()["extensions"]["cost"] == {"requested": 3100, "limit": 10000}
    assert (second.status_code, int(second.headers["retry-after"]) >= 1) == (429, True)
    assert second.json()["errors"] == [
        {
            "message": "This operation costs 31 requests' worth (its nodes / 100), more than "
            "is left; slow down.",
            "extensions": {"code": "RATE_LIMITED"},
        }
    ]
    # What is left still pays for a cheap request.
    assert small.json()["data"] == {"__typename": "Query"}


async def test_a_strangers_guesses_do_not_lock_the_editor_out(
    settings: Settings, client: httpx.AsyncClient
) -> None:
    """D-lockout: the tight sign-in bucket is per account and address."""
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    app = variant(settings, login_attempts_per_account=2, login_attempts_per_address=1_000)

    async def sign_in(address: str, password: str) -> str:
        async with client_of(app, address) as from_there:
            body = {"query": SIGN_IN, "variables": {"e": "desk@newsroom.test", "p": password}}
            answer = (await from_there.post("/graphql", json=body)).json()
            result: dict[str, str] = answer["data"]["login"]
            return result.get("code", result["__typename"])

    stranger = [await sign_in("6.6.6.6", f"guess {n}") for n in range(4)]
    editor = await sign_in("1.2.3.4", factories.PASSWORD)

    assert stranger == [
        "UNAUTHENTICATED",
        "UNAUTHENTICATED",
        "TOO_MANY_ATTEMPTS",
        "TOO_MANY_ATTEMPTS",
    ]
    assert editor == "Session"
