"""Article.url and jsonLd, Section.url and jsonLd: where readers find them, and what search
engines read of them."""

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

import models
from resolvers.site import Site
from settings import Settings
from tests import factories
from tests.conftest import client_of, variant
from tests.test_drafts import global_id

PATTERN = "https://news.example/{locale}/{section}/{slug}"
SIGNED = re.compile(r"^http://test/media/renditions/[^?]+\?s=[A-Za-z0-9_-]+$")
ARTICLE = "query($id: ID!) { article(id: $id) { url jsonLd } }"
SECTION = 'query { section(slug: "asia-pacific") { url jsonLd } }'


@pytest.fixture
async def site(settings: Settings, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """The app of a newsroom that states its public addresses and its name."""
    app = variant(settings, public_url=PATTERN, publisher_name="The Harbour Times")
    async with client_of(app) as reader:
        yield reader


async def _ask(reader: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    answer = await reader.post("/graphql", json={"query": query, "variables": variables})
    body: dict[str, Any] = answer.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def test_an_article_is_a_news_article_with_its_picture_in_three_shapes(
    site: httpx.AsyncClient,
) -> None:
    section = await factories.section(slug="asia-pacific", name="Asia & Pacific")
    lena = await factories.author(name="Lena Marsh", url="https://news.example/lena")
    oceans = await factories.tag(name="Oceans")
    picture = await factories.image(
        width=2000,
        height=1000,
        creator="Ken Sato",
        copyright_holder="Meridian Press",
        copyright_year=2019,
        copyright_notice="© Meridian Press 2019",
        usage_terms="Licensed under https://creativecommons.org/licenses/by/4.0/ for news use",
    )
    story = await factories.article(
        in_section=section,
        lead=picture,
        slug="tide-gauges",
        headline="Tide gauges <em>rise</em> &amp; fall",
        standfirst="A survey of <b>twelve</b> atolls",
        authors=[lena],
        tags=[oceans],
    )

    data = (await _ask(site, ARTICLE, id=global_id("Article", story.id)))["article"]

    url = "https://news.example/en/asia-pacific/tide-gauges"
    shapes = data["jsonLd"]["image"]
    assert all(SIGNED.match(shape["url"]) for shape in shapes), shapes
    # Each shape's rendition names its width and crop, as the media route will make it.
    assert [shape["url"].split("/")[-1].split("-f")[0] for shape in shapes] == [
        "w1280-cover-c16x9",
        "w1280-cover-c4x3",
        "w1000-cover-c1x1",
    ]
    rights = {
        "creditText": "© Meridian Press 2019 / Ken Sato",
        "copyrightNotice": "© Meridian Press 2019",
        "copyrightHolder": {"@type": "Organization", "name": "Meridian Press"},
        "creator": {"@type": "Person", "name": "Ken Sato"},
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "caption": data["jsonLd"]["image"][0]["caption"],
    }
    assert data == {
        "url": url,
        "jsonLd": {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Tide gauges rise & fall",
            "description": "A survey of twelve atolls",
            "datePublished": data["jsonLd"]["datePublished"],
            "dateModified": data["jsonLd"]["dateModified"],
            "inLanguage": "en",
            "articleSection": "Asia & Pacific",
            "keywords": ["Oceans"],
            "author": [
                {"@type": "Person", "name": "Lena Marsh", "url": "https://news.example/lena"}
            ],
            "publisher": {"@type": "Organization", "name": "The Harbour Times"},
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "isAccessibleForFree": True,
            "image": [
                {"@type": "ImageObject", "url": shapes[0]["url"], "width": 1280, "height": 720}
                | rights,
                {"@type": "ImageObject", "url": shapes[1]["url"], "width": 1280, "height": 960}
                | rights,
                {"@type": "ImageObject", "url": shapes[2]["url"], "width": 1000, "height": 1000}
                | rights,
            ],
        },
    }
    stored = await models.Article.get(id=story.id)
    assert (data["jsonLd"]["datePublished"], data["jsonLd"]["dateModified"]) == (
        stored.published_at.isoformat() if stored.published_at else None,
        stored.updated_at.isoformat(),
    )


async def test_a_section_is_a_collection_page_at_its_front(site: httpx.AsyncClient) -> None:
    await factories.section(
        slug="asia-pacific", name="Asia & Pacific", description="News from <em>the</em> region"
    )

    data = await _ask(site, SECTION)

    assert data == {
        "section": {
            "url": "https://news.example/en/asia-pacific",
            "jsonLd": {
                "@context": "https://schema.org",
                "@type": "CollectionPage",
                "name": "Asia & Pacific",
                "description": "News from the region",
                "inLanguage": "en",
                "url": "https://news.example/en/asia-pacific",
                "publisher": {"@type": "Organization", "name": "The Harbour Times"},
            },
        }
    }


async def test_without_a_public_address_urls_are_null_and_left_out(
    client: httpx.AsyncClient,
) -> None:
    section = await factories.section(slug="asia-pacific")
    story = await factories.article(in_section=section, slug="tide-gauges")

    article = (await _ask(client, ARTICLE, id=global_id("Article", story.id)))["article"]
    front = (await _ask(client, SECTION))["section"]

    assert (article["url"], front["url"]) == (None, None)
    assert {"url", "mainEntityOfPage"} & set(article["jsonLd"]) == set()
    assert article["jsonLd"]["publisher"] == {"@type": "Organization", "name": "Dateline"}
    assert "url" not in front["jsonLd"]


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("news.example/{slug}", "must be an absolute http(s) address"),
        ("https://news.example/{section}", "must name {slug}"),
        (
            "https://news.example/{year}/{slug}",
            "names year; only {locale}, {section} and {slug} exist",
        ),
        ("https://news.example/{slug", "is not a pattern: expected '}' before end of string"),
    ],
)
def test_a_public_address_pattern_that_cannot_work_stops_the_server_at_start(
    pattern: str, problem: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(f"DATELINE_PUBLIC_URL {problem}.")):
        Settings(public_url=pattern)


def test_a_pattern_without_a_section_before_the_slug_gives_sections_no_address() -> None:
    assert Site(article_pattern="https://news.example/{locale}/{slug}").section_pattern is None
    assert (
        Site(article_pattern="https://news.example/{section}/{slug}.html").section_pattern
        == "https://news.example/{section}"
    )
