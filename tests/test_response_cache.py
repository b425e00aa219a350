"""The public read path: cached whole, dropped exactly when what it shows changes."""

import hashlib
import json
from datetime import timedelta
from typing import Any

import httpx

import models
from tests import factories
from tests.conftest import Clock, GraphQL, Purges
from tests.test_drafts import global_id

PAGE = "query($slug: String!) { article(slug: $slug) { headline section { name } } }"
HOME = "{ articles(first: 10) { edges { node { slug headline } } } }"
SECTION = (
    "query($slug: String!) { section(slug: $slug) { articles(first: 10) "
    "{ edges { node { slug headline } } } } }"
)


async def read(
    client: httpx.AsyncClient, query: str, headers: dict[str, str] | None = None, **variables: Any
) -> httpx.Response:
    """A public GET, as a frontend (or a CDN in front of Dateline) sends it."""
    params = {"query": query, "variables": json.dumps(variables)}
    return await client.get("/graphql", params=params, headers=headers or {})


def seen(response: httpx.Response) -> tuple[str, Any]:
    return response.headers["x-cache"], response.json()["data"]


async def desk(gql: GraphQL) -> str:
    await factories.user(models.Role.EDITOR, email="cache@newsroom.test")
    return await gql.sign_in("cache@newsroom.test", factories.PASSWORD)


async def test_an_edit_refreshes_exactly_the_pages_that_show_the_article(
    client: httpx.AsyncClient, gql: GraphQL, purges: Purges
) -> None:
    token = await desk(gql)
    asia = await factories.section(slug="asia", name="Asia")
    europe = await factories.section(slug="europe", name="Europe")
    tide = await factories.article(slug="tide", headline="Tide", in_section=asia)
    await factories.article(slug="alps", headline="Alps", in_section=europe)
    pages: dict[str, tuple[str, dict[str, Any]]] = {
        "home": (HOME, {}),
        "tide": (PAGE, {"slug": "tide"}),
        "asia": (SECTION, {"slug": "asia"}),
        "alps": (PAGE, {"slug": "alps"}),
        "europe": (SECTION, {"slug": "europe"}),
    }
    first = {name: await read(client, q, **v) for name, (q, v) in pages.items()}
    cached = {name: await read(client, q, **v) for name, (q, v) in pages.items()}

    edited = await gql(
        """mutation($id: ID!) { updateArticle(id: $id, expectedVersion: 1,
          input: {headline: "Tide gauges"}) { __typename } }""",
        bearer=token,
        id=global_id("Article", tide.id),
    )
    after = {name: await read(client, q, **v) for name, (q, v) in pages.items()}

    assert {name: r.headers["x-cache"] for name, r in first.items()} == dict.fromkeys(pages, "MISS")
    assert {name: r.headers["x-cache"] for name, r in cached.items()} == dict.fromkeys(pages, "HIT")
    assert edited["data"] == {"updateArticle": {"__typename": "Article"}}
    # Fresh where the article shows; still served from cache where it does not.
    assert {name: seen(r) for name, r in after.items()} == {
        "home": (
            "MISS",
            {
                "articles": {
                    "edges": [
                        {"node": {"slug": "alps", "headline": "Alps"}},
                        {"node": {"slug": "tide", "headline": "Tide gauges"}},
                    ]
                }
            },
        ),
        "tide": ("MISS", {"article": {"headline": "Tide gauges", "section": {"name": "Asia"}}}),
        "asia": (
            "MISS",
            {
                "section": {
                    "articles": {"edges": [{"node": {"slug": "tide", "headline": "Tide gauges"}}]}
                }
            },
        ),
        "alps": ("HIT", first["alps"].json()["data"]),
        "europe": ("HIT", first["europe"].json()["data"]),
    }
    # The CDN's purge hook got the same keys, the article's among them.
    assert len(purges) == 1
    assert f"a:{tide.id}" in purges[0]
    assert f"a:{tide.id}" in first["tide"].headers["surrogate-key"].split()


async def test_publishing_shows_a_new_article_in_every_list_and_lookup_at_once(
    client: httpx.AsyncClient, gql: GraphQL
) -> None:
    token = await desk(gql)
    asia = await factories.section(slug="asia")
    await factories.article(slug="older", in_section=asia)
    draft = await factories.article(
        slug="fresh", headline="Fresh", in_section=asia, published_at=None
    )
    before = {
        "home": await read(client, HOME),
        "page": await read(client, PAGE, slug="fresh"),
        "asia": await read(client, SECTION, slug="asia"),
    }

    await gql(
        "mutation($id: ID!) { publishArticle(id: $id, expectedVersion: 1) { __typename } }",
        bearer=token,
        id=global_id("Article", draft.id),
    )
    after = {
        "home": await read(client, HOME),
        "page": await read(client, PAGE, slug="fresh"),
        "asia": await read(client, SECTION, slug="asia"),
    }

    assert before["page"].json()["data"] == {"article": None}
    assert {name: r.headers["x-cache"] for name, r in after.items()} == dict.fromkeys(after, "MISS")
    assert after["page"].json()["data"]["article"]["headline"] == "Fresh"
    assert [e["node"]["slug"] for e in after["home"].json()["data"]["articles"]["edges"]] == [
        "fresh",
        "older",
    ]


async def test_drafts_and_previews_never_touch_what_the_public_cache_serves(
    client: httpx.AsyncClient, gql: GraphQL, purges: Purges
) -> None:
    token = await desk(gql)
    await factories.article(slug="out", headline="Out")
    draft = await factories.article(slug="draft", headline="Draft", published_at=None)
    public = await read(client, HOME)

    edited = await gql(
        """mutation($id: ID!) { updateArticle(id: $id, expectedVersion: 1,
          input: {headline: "Draft, edited"}) { __typename } }""",
        bearer=token,
        id=global_id("Article", draft.id),
    )
    preview = await read(client, HOME, headers={"authorization": f"Bearer {token}"})
    again = await read(client, HOME)

    assert edited["data"] == {"updateArticle": {"__typename": "Article"}}
    assert purges == []  # nobody outside the newsroom saw the draft: nothing to drop
    assert preview.headers["cache-control"] == "private, no-store"
    assert "x-cache" not in preview.headers
    assert [e["node"]["slug"] for e in preview.json()["data"]["articles"]["edges"]] == [
        "draft",
        "out",
    ]
    assert (again.headers["x-cache"], again.content, again.headers["etag"]) == (
        "HIT",
        public.content,
        public.headers["etag"],
    )


async def test_apollo_persisted_queries_over_get_end_in_a_cached_304(
    client: httpx.AsyncClient,
) -> None:
    await factories.article(slug="tide", headline="Tide")
    query = 'query Tide { article(slug: "tide") { headline } }'
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}})
    by_hash = {"extensions": extensions, "operationName": "Tide"}

    unknown = await client.get("/graphql", params=by_hash)
    # Apollo's link sends the text once, by POST, with the hash.
    registered = await client.post(
        "/graphql",
        json={
            "query": query,
            "operationName": "Tide",
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}},
        },
    )
    hashed = await client.get("/graphql", params=by_hash)
    not_modified = await client.get(
        "/graphql", params=by_hash, headers={"if-none-match": hashed.headers["etag"]}
    )
    wrong = await client.get("/graphql", params={**by_hash, "query": query + " "})

    assert (unknown.status_code, unknown.json()) == (
        200,
        {
            "errors": [
                {
                    "message": "PersistedQueryNotFound",
                    "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
                }
            ]
        },
    )
    assert registered.json()["data"] == {"article": {"headline": "Tide"}}
    assert (hashed.headers["x-cache"], hashed.json()["data"]) == (
        "HIT",
        {"article": {"headline": "Tide"}},
    )
    assert hashed.headers["cache-control"] == "public, max-age=60, stale-while-revalidate=300"
    assert (not_modified.status_code, not_modified.content) == (304, b"")
    assert (wrong.status_code, wrong.json()["errors"][0]["extensions"]["code"]) == (
        400,
        "BAD_REQUEST",
    )


async def test_a_scheduled_article_appears_at_its_time_through_the_cache(
    client: httpx.AsyncClient, gql: GraphQL, clock: Clock
) -> None:
    token = await desk(gql)
    draft = await factories.article(slug="at-one", published_at=None)
    await factories.article(slug="out")
    clock.frozen = factories.PUBLISHED + timedelta(days=400)
    at = (clock.frozen + timedelta(hours=1)).isoformat()
    await gql(
        """mutation($id: ID!, $at: DateTime!) {
          scheduleArticle(id: $id, expectedVersion: 1, publishAt: $at) { __typename } }""",
        bearer=token,
        id=global_id("Article", draft.id),
        at=at,
    )

    before = await read(client, HOME)
    still_before = await read(client, HOME)
    clock.frozen += timedelta(hours=1)
    at_its_time = await read(client, HOME)

    assert still_before.headers["x-cache"] == "HIT"
    assert [e["node"]["slug"] for e in before.json()["data"]["articles"]["edges"]] == ["out"]
    # The entry lived only until the schedule was due; no write had to drop it.
    assert at_its_time.headers["x-cache"] == "MISS"
    assert [e["node"]["slug"] for e in at_its_time.json()["data"]["articles"]["edges"]] == [
        "at-one",
        "out",
    ]


async def test_mutations_and_errors_are_never_cached(client: httpx.AsyncClient) -> None:
    broken = [await read(client, "{ article(slug: 5) { headline } }") for _ in range(2)]
    logout = 'mutation { logout(refreshToken: "nothing") { __typename } }'
    mutations = [await client.post("/graphql", json={"query": logout}) for _ in range(2)]

    assert [(r.headers.get("x-cache"), r.headers["cache-control"]) for r in broken] == [
        (None, "no-store"),
        (None, "no-store"),
    ]
    assert [(r.headers.get("x-cache"), r.headers["cache-control"]) for r in mutations] == [
        (None, "no-store"),
        (None, "no-store"),
    ]
    assert mutations[1].json()["data"] == {"logout": {"__typename": "LogoutResult"}}


async def test_a_replaced_lead_picture_and_a_renamed_section_are_fresh_at_once(
    client: httpx.AsyncClient, gql: GraphQL
) -> None:
    token = await desk(gql)
    asia = await factories.section(slug="asia", name="Asia")
    old, new = await factories.image(), await factories.image()
    article = await factories.article(slug="tide", in_section=asia, lead=old)
    picture = "query($id: ID!) { image(id: $id) { ... on Image { id } } }"
    listed = "query($s: String!) { articles(first: 5, section: $s) { totalCount } }"
    before = (
        await read(client, picture, id=global_id("Image", old.id)),
        await read(client, listed, s="asia"),
        await read(client, listed, s="orient"),
    )

    await gql(
        """mutation($id: ID!, $image: ID!) { setLeadImage(id: $id, expectedVersion: 1,
          image: {imageId: $image, caption: "New."}) { __typename } }""",
        bearer=token,
        id=global_id("Article", article.id),
        image=global_id("Image", new.id),
    )
    await gql(
        'mutation($id: ID!) { updateSection(id: $id, expectedVersion: 1, input: {slug: "orient"})'
        " { __typename } }",
        bearer=token,
        id=global_id("Section", asia.id),
    )
    after = (
        await read(client, picture, id=global_id("Image", old.id)),
        await read(client, listed, s="asia"),
        await read(client, listed, s="orient"),
    )

    assert [seen(r) for r in before] == [
        ("MISS", {"image": {"id": global_id("Image", old.id)}}),
        ("MISS", {"articles": {"totalCount": 1}}),
        ("MISS", {"articles": {"totalCount": 0}}),
    ]
    # The old picture is no longer used by a published article: not public any more.
    assert [seen(r) for r in after] == [
        ("MISS", {"image": None}),
        ("MISS", {"articles": {"totalCount": 0}}),
        ("MISS", {"articles": {"totalCount": 1}}),
    ]


async def test_each_answer_names_its_own_keys(client: httpx.AsyncClient) -> None:
    """Two lookups that found nothing have the same body, not the same keys."""
    one = await read(client, PAGE, slug="aaa")
    other = await read(client, PAGE, slug="bbb")

    assert one.content == other.content
    assert ("slug:aaa" in one.headers["surrogate-key"].split()) is True
    assert ("slug:bbb" in other.headers["surrogate-key"].split()) is True
    assert ("slug:aaa" in other.headers["surrogate-key"].split()) is False


async def test_a_document_too_large_to_run_is_never_stored(client: httpx.AsyncClient) -> None:
    query = "{ __typename }" + " " * 16_000
    digest = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": digest}}

    stored = await client.post("/graphql", json={"query": query, "extensions": extensions})
    by_hash = await client.get("/graphql", params={"extensions": json.dumps(extensions)})

    assert stored.json()["errors"][0]["extensions"] == {"code": "DOCUMENT_TOO_LARGE"}
    assert by_hash.json()["errors"][0]["extensions"] == {"code": "PERSISTED_QUERY_NOT_FOUND"}


async def test_a_picture_shared_by_two_articles_ties_their_pages_only_through_itself(
    client: httpx.AsyncClient, gql: GraphQL
) -> None:
    """An article's text edit drops the pages showing that article, not the pages that
    merely share its picture; an edit of the picture's rights drops every page showing it."""
    token = await desk(gql)
    picture = await factories.image(credit_line="Agency")
    tide = await factories.article(slug="tide", headline="Tide", lead=picture)
    await factories.article(slug="alps", headline="Alps", lead=picture)
    page = "query($slug: String!) { article(slug: $slug) { headline leadImage { credit } } }"
    lookup = "query($id: ID!) { image(id: $id) { ... on Image { creditLine } } }"
    pages: dict[str, tuple[str, dict[str, Any]]] = {
        "tide": (page, {"slug": "tide"}),
        "alps": (page, {"slug": "alps"}),
        "picture": (lookup, {"id": global_id("Image", picture.id)}),
    }
    for query, variables in pages.values():
        await read(client, query, **variables)

    retitled = await gql(
        """mutation($id: ID!) { updateArticle(id: $id, expectedVersion: 1,
          input: {headline: "Tide gauges"}) { __typename } }""",
        bearer=token,
        id=global_id("Article", tide.id),
    )
    after_text = {name: seen(await read(client, q, **v)) for name, (q, v) in pages.items()}
    credited = await gql(
        """mutation($id: ID!) { updateImage(id: $id, expectedVersion: 1,
          input: {copyrightHolder: "Reuters"})
          { __typename } }""",
        bearer=token,
        id=global_id("Image", picture.id),
    )
    after_rights = {name: seen(await read(client, q, **v)) for name, (q, v) in pages.items()}

    assert retitled["data"] == {"updateArticle": {"__typename": "Article"}}
    assert credited["data"] == {"updateImage": {"__typename": "Image"}}
    old, new = "© Agency 2024 / Ed Photographer", "© Reuters 2024 / Ed Photographer"
    assert after_text == {
        "tide": ("MISS", {"article": {"headline": "Tide gauges", "leadImage": {"credit": old}}}),
        "alps": ("HIT", {"article": {"headline": "Alps", "leadImage": {"credit": old}}}),
        "picture": ("HIT", {"image": {"creditLine": old}}),
    }
    assert after_rights == {
        "tide": ("MISS", {"article": {"headline": "Tide gauges", "leadImage": {"credit": new}}}),
        "alps": ("MISS", {"article": {"headline": "Alps", "leadImage": {"credit": new}}}),
        "picture": ("MISS", {"image": {"creditLine": new}}),
    }


async def test_a_picture_a_published_article_stops_using_is_gone_from_its_lookup(
    client: httpx.AsyncClient, gql: GraphQL
) -> None:
    token = await desk(gql)
    picture = await factories.image()
    tide = await factories.article(slug="tide", lead=picture)
    lookup = "query($id: ID!) { image(id: $id) { ... on Image { id } } }"
    before = await read(client, lookup, id=global_id("Image", picture.id))

    await gql(
        "mutation($id: ID!) { unpublishArticle(id: $id, expectedVersion: 1) { __typename } }",
        bearer=token,
        id=global_id("Article", tide.id),
    )
    after = await read(client, lookup, id=global_id("Image", picture.id))

    assert seen(before) == ("MISS", {"image": {"id": global_id("Image", picture.id)}})
    assert seen(after) == ("MISS", {"image": None})


async def test_a_story_in_a_subsection_refreshes_every_section_above_it(
    client: httpx.AsyncClient, gql: GraphQL
) -> None:
    token = await desk(gql)
    world = await factories.section(slug="world")
    asia = await factories.section(slug="asia", parent=world)
    japan = await factories.section(slug="japan", parent=asia)
    elsewhere = await factories.section(slug="elsewhere")
    await factories.article(slug="older", headline="Older", in_section=world)
    draft = await factories.article(
        slug="quake", headline="Quake", in_section=japan, published_at=None
    )
    for slug in ("world", "asia", "elsewhere"):
        await read(client, SECTION, slug=slug)

    await gql(
        "mutation($id: ID!) { publishArticle(id: $id, expectedVersion: 1) { __typename } }",
        bearer=token,
        id=global_id("Article", draft.id),
    )
    published = {
        slug: seen(await read(client, SECTION, slug=slug))
        for slug in ("world", "asia", "elsewhere")
    }
    await gql(
        "mutation($id: ID!, $parent: ID!) { updateSection(id: $id, expectedVersion: 1, "
        "input: {parentId: $parent}) { __typename } }",
        bearer=token,
        id=global_id("Section", asia.id),
        parent=global_id("Section", elsewhere.id),
    )
    moved = {slug: seen(await read(client, SECTION, slug=slug)) for slug in ("world", "elsewhere")}

    def listed(*slugs: str) -> dict[str, Any]:
        edges = [{"node": {"slug": s, "headline": s.title()}} for s in slugs]
        return {"section": {"articles": {"edges": edges}}}

    assert published == {
        "world": ("MISS", listed("quake", "older")),
        "asia": ("MISS", listed("quake")),
        "elsewhere": ("HIT", listed()),
    }
    assert moved == {"world": ("MISS", listed("older")), "elsewhere": ("MISS", listed("quake"))}
