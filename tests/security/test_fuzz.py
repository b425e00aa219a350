"""Generated operations over the whole schema: none may crash the server.

hypothesis-graphql writes valid queries and mutations (arguments included) from the SDL;
each is sent as a stranger and as an editor. Every answer must be a coded GraphQL answer
or refusal: no 500, no unmasked exception, nothing slower than the public time limit.
CI runs DATELINE_FUZZ_EXAMPLES (150) of each kind, from a fixed seed; for a longer run:

    DATELINE_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest tests/security/test_fuzz.py
"""

import logging
import os
import time
from typing import TypeVar

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, queries

import models
import schema
from tests import factories
from tests.conftest import GraphQL

T = TypeVar("T")
EXAMPLES = int(os.environ.get("DATELINE_FUZZ_EXAMPLES", "150"))
SDL = schema.schema.as_str()
SCALARS = {
    "DateTime": st.sampled_from(["2026-01-01T00:00:00+00:00", "1999-12-31T23:59:59", "soon"]).map(
        lambda value: graphql.StringValueNode(value=value)
    ),
    "JSON": st.just(graphql.StringValueNode(value="{}")),
    "Upload": st.just(graphql.StringValueNode(value="not a file")),
}


def generated(strategy: st.SearchStrategy[T], count: int) -> list[T]:
    """`count` examples from `strategy`, the same ones on every run (a fixed seed)."""
    found: list[T] = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(example: T) -> None:
        found.append(example)

    collect()
    return found


def crashed(response: httpx.Response) -> list[str]:
    """What is wrong with an answer, if anything: the empty list for a sound one."""
    if response.status_code >= 500:
        return [f"HTTP {response.status_code}"]
    errors = response.json().get("errors") or []
    return [
        f"{error.get('message')!r} without a code or as an internal error"
        for error in errors
        if error.get("extensions", {}).get("code") in (None, "INTERNAL_SERVER_ERROR")
    ]


@pytest.mark.parametrize("kind", ["queries", "mutations"])
async def test_generated_operations_never_crash_the_server(
    client: httpx.AsyncClient, gql: GraphQL, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    await factories.article(slug="fuzzed")
    await factories.user(models.Role.EDITOR, email="fuzz@newsroom.test")
    editor = await gql.sign_in("fuzz@newsroom.test", factories.PASSWORD)
    make = queries if kind == "queries" else mutations
    documents = generated(make(SDL, custom_scalars=SCALARS), EXAMPLES)
    problems: list[tuple[str, list[str]]] = []
    slowest = 0.0

    caplog.clear()
    caplog.set_level(logging.INFO)
    for number, document in enumerate(documents):
        headers = {"authorization": f"Bearer {editor}"} if number % 2 else {}
        started = time.perf_counter()
        response = await client.post("/graphql", json={"query": document}, headers=headers)
        slowest = max(slowest, time.perf_counter() - started)
        if crashed(response):
            problems.append((document, crashed(response)))

    assert len(documents) == EXAMPLES
    assert problems == []
    # Client mistakes are logged at INFO, one line each and no traceback.
    assert [r.getMessage() for r in caplog.records if r.exc_info or r.levelno > logging.INFO] == []
    assert "Traceback" not in caplog.text
    assert slowest < 10  # the public time limit
