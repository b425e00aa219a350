"""The answers of the named documents: the read path may change, what they say may not.

Each named document of tests/queries/ runs on the demo newsroom and on seeded content,
and its data and errors, keys in their order, are compared whole with those committed in
tests/answers/. A change to
the read path that changes any byte a frontend receives fails here. To record answers
anew after a deliberate change: DATELINE_RECORD_ANSWERS=1 .venv/bin/python -m pytest
tests/test_answers.py, then review the diff.
"""

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson

from demo import content, seed
from settings import Settings
from tests import servers
from tests.conftest import GraphQL
from tests.documents import document

ANSWERS = Path(__file__).parent / "answers"
SEEDED_AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
ASKED: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "demo": [
        ("homepage", "homepage", {"first": 20}),
        ("article_page", "article_page", {"slug": content.STORY_SLUG}),
        ("article_page", "article_page_ru", {"slug": content.STORY_SLUG, "locale": "ru"}),
        ("section_page", "section_page", {"slug": "asia-pacific", "first": 20}),
    ],
    "seeded": [
        ("homepage", "homepage", {"first": 20}),
        ("article_page", "article_page", {"slug": "seed-10"}),
        ("section_page", "section_page", {"slug": "seed", "first": 20}),
    ],
}


async def _answers(gql: GraphQL, content_name: str) -> dict[str, Any]:
    found = {}
    for name, label, variables in ASKED[content_name]:
        body = await gql(document(name), **variables)
        found[label] = {"data": body["data"], "errors": body.get("errors")}
    return found


def _compare(content_name: str, found: dict[str, Any]) -> None:
    path = ANSWERS / f"{content_name}.json"
    # Keys in the order the answer gave them: the order a frontend receives.
    text = orjson.dumps(found, option=orjson.OPT_INDENT_2).decode() + "\n"
    if os.environ.get("DATELINE_RECORD_ANSWERS"):
        path.write_text(text)
    assert text == path.read_text()


async def test_the_demo_newsroom_reads_as_it_always_has(gql: GraphQL, demo: None) -> None:
    _compare("demo", await _answers(gql, "demo"))


async def test_seeded_content_reads_as_it_always_has(gql: GraphQL, settings: Settings) -> None:
    await seed.seed(30, settings.media_root, now=SEEDED_AT)

    _compare("seeded", await _answers(gql, "seeded"))


async def test_a_production_server_answers_the_demo_the_same(tmp_path: Path) -> None:
    """`dateline serve --demo` without debug, over HTTP: debug's per-field hook (the
    awaited count) turns the executor's shortcuts off (schema.execution), so the suite's
    own app does not take them."""
    async with (
        servers.serving(tmp_path, servers.environment(), "--demo") as (base, _),
        httpx.AsyncClient(base_url=base, headers={"apollo-require-preflight": "1"}) as client,
    ):
        found = {}
        for name, label, variables in ASKED["demo"]:
            asked = {"query": document(name), "variables": variables}
            body = (await client.post("/graphql", json=asked)).json()
            assert "sql" not in body.get("extensions", {})  # not debug: the shortcuts are on
            found[label] = {"data": body["data"], "errors": body.get("errors")}

    assert (
        orjson.dumps(found, option=orjson.OPT_INDENT_2).decode() + "\n"
        == (ANSWERS / "demo.json").read_text()
    )
