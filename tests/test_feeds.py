"""RSS, Atom and JSON Feed: what aggregators read, parsed as they parse it, cached and
refreshed like a public GraphQL answer."""

from datetime import timedelta
from typing import Any

import feedparser
import httpx
import pytest

import models
from tests import factories
from tests.conftest import GraphQL
from tests.test_drafts import global_id

RETITLE = """mutation($id: ID!, $v: Int!) { updateArticle(id: $id, expectedVersion: $v,
  input: {headline: "Tide gauges, a year on"}) { __typename } }"""


async def _newsroom() -> tuple[models.Article, models.Article, models.Article]:
    """Two published stories in two sections, and a draft, in English."""
    asia = await factories.section(slug="asia-pacific", name="Asia & Pacific")
    europe = await factories.section(slug="europe", name="Europe")
    lena = await factories.author(name="Lena Marsh")
    picture = await factories.image(width=1600, height=900, creator="Ken Sato")
    older = await factories.article(
        in_section=europe, slug="alps", headline="Alpine <em>glaciers</em>", lead=picture
    )
    newer = await factories.article(
        in_section=asia,
        slug="tide-gauges",
        headline="Tide gauges",
        standfirst="Twelve atolls",
        authors=[lena],
        lead=picture,
    )
    await models.Article.filter(id=older.id).update(
        published_at=factories.PUBLISHED - timedelta(days=1)
    )
    draft = await factories.article(in_section=asia, slug="held", published_at=None)
    return older, newer, draft


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
async def test_rss_and_atom_parse_cleanly_newest_first_with_bylines_and_pictures(
    client: httpx.AsyncClient, name: str
) -> None:
    older, newer, _ = await _newsroom()

    answer = await client.get(f"/feeds/en/{name}")
    parsed: Any = feedparser.parse(answer.content)

    kind = "rss" if name == "rss.xml" else "atom"
    assert answer.headers["content-type"] == f"application/{kind}+xml; charset=utf-8"
    assert (parsed.bozo, parsed.version.startswith(kind)) == (False, True)
    assert parsed.feed.title == "Dateline"
    assert [(e.id, e.title) for e in parsed.entries] == [
        (f"urn:dateline:article:{newer.id}", "Tide gauges"),
        (f"urn:dateline:article:{older.id}", "Alpine glaciers"),
    ]
    first = parsed.entries[0]
    assert first.author == "Lena Marsh"
    assert first.summary == "Twelve atolls"
    assert [(m["medium"], m["width"], m["height"]) for m in first.media_content] == [
        ("image", "1280", "720")
    ]
    assert first.media_credit == [{"role": "photographer", "content": "© Agency 2024 / Ken Sato"}]


async def test_the_json_feed_is_json_feed_1_1(client: httpx.AsyncClient) -> None:
    older, newer, _ = await _newsroom()

    answer = await client.get("/feeds/en/feed.json")

    feed = answer.json()
    assert answer.headers["content-type"] == "application/feed+json"
    items = feed.pop("items")
    assert feed == {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Dateline",
        "home_page_url": "http://test/",
        "feed_url": "http://test/feeds/en/feed.json",
        "description": "The newest stories from Dateline.",
        "language": "en",
    }
    assert [(i["id"], i["title"], i.get("authors")) for i in items] == [
        (f"urn:dateline:article:{newer.id}", "Tide gauges", [{"name": "Lena Marsh"}]),
        (f"urn:dateline:article:{older.id}", "Alpine glaciers", None),
    ]
    assert all(i["image"].startswith("http://test/media/renditions/") for i in items)


async def test_a_section_feed_holds_that_section_and_the_sections_below_it(
    client: httpx.AsyncClient,
) -> None:
    _, newer, _ = await _newsroom()
    asia = await models.Section.get(slug="asia-pacific")
    japan = await factories.section(slug="japan", name="Japan", parent=asia)
    below = await factories.article(
        in_section=japan, slug="quake", published_at=factories.PUBLISHED - timedelta(hours=1)
    )

    parsed: Any = feedparser.parse(
        (await client.get("/feeds/en/sections/asia-pacific/rss.xml")).content
    )
    lower: Any = feedparser.parse((await client.get("/feeds/en/sections/japan/rss.xml")).content)

    assert parsed.feed.title == "Dateline: Asia & Pacific"
    assert [e.id for e in parsed.entries] == [
        f"urn:dateline:article:{newer.id}",
        f"urn:dateline:article:{below.id}",
    ]
    assert [e.id for e in lower.entries] == [f"urn:dateline:article:{below.id}"]


async def test_a_feed_is_cached_and_an_edit_refreshes_it_as_it_refreshes_the_homepage(
    client: httpx.AsyncClient, gql: GraphQL
) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    _, newer, _ = await _newsroom()

    first = await client.get("/feeds/en/rss.xml")
    again = await client.get("/feeds/en/rss.xml")
    unchanged = await client.get(
        "/feeds/en/rss.xml", headers={"if-none-match": first.headers["etag"]}
    )
    edited = await gql(RETITLE, bearer=token, id=global_id("Article", newer.id), v=1)
    after = await client.get("/feeds/en/rss.xml")

    assert [r.headers["x-cache"] for r in (first, again, after)] == ["MISS", "HIT", "MISS"]
    assert again.content == first.content
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert edited["data"] == {"updateArticle": {"__typename": "Article"}}
    parsed: Any = feedparser.parse(after.content)
    assert parsed.entries[0].title == "Tide gauges, a year on"


@pytest.mark.parametrize(
    "path", ["/feeds/xx/rss.xml", "/feeds/en/sections/nope/rss.xml", "/feeds/en/other.xml"]
)
async def test_an_unknown_locale_or_section_is_not_found(
    client: httpx.AsyncClient, path: str
) -> None:
    answer = await client.get(path)

    assert answer.status_code == 404
