"""GET /ninjs/{locale}/{slug}: the article's ninjs item over plain HTTP, cached and dropped
like a public GraphQL answer."""

from typing import Any

import httpx

import models
from tests import factories
from tests.conftest import GraphQL
from tests.test_drafts import global_id

ITEM = "query($id: ID!) { article(id: $id) { ninjs } }"
RETITLE = """mutation($id: ID!, $v: Int!) { updateArticle(id: $id, expectedVersion: $v,
  input: {headline: "Tide gauges, a year on"}) { __typename } }"""
NOT_FOUND = {
    "errors": [
        {
            "message": "No published article has that slug in that language.",
            "extensions": {"code": "NOT_FOUND"},
        }
    ]
}


async def _editor(gql: GraphQL) -> str:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    return await gql.sign_in("desk@newsroom.test", factories.PASSWORD)


def _headers(response: httpx.Response) -> dict[str, str | None]:
    return {
        name: response.headers.get(name)
        for name in ("content-type", "cache-control", "x-cache", "vary")
    }


async def test_the_route_serves_the_graphql_item_cached_and_refreshed_by_an_edit(
    client: httpx.AsyncClient, gql: GraphQL
) -> None:
    token = await _editor(gql)
    story = await factories.article(slug="tide-gauges", headline="Tide gauges")
    item: dict[str, Any] = (await gql(ITEM, id=global_id("Article", story.id)))["data"]["article"][
        "ninjs"
    ]

    first = await client.get("/ninjs/en/tide-gauges")
    again = await client.get("/ninjs/en/tide-gauges")
    unchanged = await client.get(
        "/ninjs/en/tide-gauges", headers={"if-none-match": first.headers["etag"]}
    )
    edited = await gql(RETITLE, bearer=token, id=global_id("Article", story.id), v=1)
    after = await client.get("/ninjs/en/tide-gauges")

    public = "public, max-age=60, stale-while-revalidate=300"
    assert first.json() == item
    assert (first.status_code, _headers(first)) == (
        200,
        {
            "content-type": "application/json",
            "cache-control": public,
            "x-cache": "MISS",
            "vary": "Authorization",
        },
    )
    assert (again.status_code, again.headers["x-cache"], again.content) == (
        200,
        "HIT",
        first.content,
    )
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert edited["data"] == {"updateArticle": {"__typename": "Article"}}
    assert (after.status_code, after.headers["x-cache"]) == (200, "MISS")
    assert after.json()["headlines"] == [
        {"role": "main", "contentType": "text/html", "value": "Tide gauges, a year on"}
    ]
    assert after.json()["version"] == "2"


async def test_unknown_slugs_locales_and_drafts_are_not_found_for_the_public(
    client: httpx.AsyncClient,
) -> None:
    await factories.article(slug="held-back", published_at=None)

    answers = {
        path: await client.get(path)
        for path in ("/ninjs/en/no-such-story", "/ninjs/xx/held-back", "/ninjs/en/held-back")
    }

    assert {path: (r.status_code, r.json()) for path, r in answers.items()} == dict.fromkeys(
        answers, (404, NOT_FOUND)
    )
    assert {r.headers["cache-control"] for r in answers.values()} == {"no-store"}


async def test_an_editor_gets_the_draft_withheld_and_never_from_the_cache(
    client: httpx.AsyncClient, gql: GraphQL
) -> None:
    token = await _editor(gql)
    await factories.article(slug="held-back", published_at=None)

    answers = [
        await client.get("/ninjs/en/held-back", headers={"authorization": f"Bearer {token}"})
        for _ in range(2)
    ]

    assert [(r.status_code, r.json()["pubStatus"]) for r in answers] == [
        (200, "withheld"),
        (200, "withheld"),
    ]
    assert [_headers(r) for r in answers] == [
        {
            "content-type": "application/json",
            "cache-control": "private, no-store",
            "x-cache": None,
            "vary": None,
        }
    ] * 2
