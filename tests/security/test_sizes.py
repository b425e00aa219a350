"""Checklist section A: bodies and operations that are simply too big or too slow."""

from collections.abc import AsyncIterator

import httpx
import pytest
from tortoise import connections

from settings import Settings
from tests.conftest import client_of, variant


@pytest.fixture
async def strict(settings: Settings, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """A server with the default body cap, on the suite's database."""
    async with client_of(variant(settings, max_body_bytes=256 * 1024)) as client:
        yield client


async def test_a_body_over_the_cap_is_refused_before_it_is_read(
    strict: httpx.AsyncClient,
) -> None:
    """A-size: a 1 MB JSON body is refused with 413; the next request is served."""
    huge = {"query": "{ __typename }", "variables": {"padding": "x" * 1_000_000}}

    refused = await strict.post("/graphql", json=huge)
    normal = await strict.post("/graphql", json={"query": "{ __typename }"})

    assert (refused.status_code, refused.json()) == (
        413,
        {
            "errors": [
                {
                    "message": "The request body is larger than allowed.",
                    "extensions": {"code": "PAYLOAD_TOO_LARGE"},
                }
            ]
        },
    )
    assert normal.json()["data"] == {"__typename": "Query"}


async def test_postgresql_cancels_a_statement_past_the_timeout(settings: Settings) -> None:
    """A11: a runaway statement is cancelled by the database itself, whoever waits for it.

    On SQLite (one file, no server) there is nothing to configure: the connection is the
    plain URL.
    """
    config = settings.tortoise_config()["connections"]["default"]
    if settings.database_url.startswith("postgres"):
        assert config["credentials"]["server_settings"] == {"statement_timeout": "10000"}
        rows = await connections.get("default").execute_query_dict("SHOW statement_timeout")
        assert rows == [{"statement_timeout": "10s"}]
    else:
        assert config == settings.database_url
