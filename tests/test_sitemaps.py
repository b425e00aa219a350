"""The sitemaps: Google News' of the last two days, and the index of every story's page
with its language versions; only for a newsroom that states its public addresses."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from lxml import etree

from settings import Settings
from tests import factories
from tests.conftest import client_of, variant

PATTERN = "https://news.example/{locale}/{section}/{slug}"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture
async def site(settings: Settings, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    app = variant(settings, public_url=PATTERN, publisher_name="The Harbour Times")
    async with client_of(app) as reader:
        yield reader


def _parsed(answer: httpx.Response) -> etree._Element:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/xml; charset=utf-8"
    root: etree._Element = etree.fromstring(answer.content)
    return root


async def test_the_news_sitemap_lists_the_last_two_days_with_publication_and_title(
    site: httpx.AsyncClient,
) -> None:
    asia = await factories.section(slug="asia-pacific")
    now = datetime.now(UTC)
    fresh = await factories.article(
        in_section=asia,
        slug="tide-gauges",
        headline="Tide <em>gauges</em>",
        published_at=now - timedelta(hours=2),
    )
    await factories.article(in_section=asia, slug="old", published_at=now - timedelta(days=3))
    await factories.article(in_section=asia, slug="draft", published_at=None)

    root = _parsed(await site.get("/sitemaps/news.xml"))

    assert [
        (
            url.findtext("s:loc", namespaces=NS),
            url.findtext("news:news/news:publication/news:name", namespaces=NS),
            url.findtext("news:news/news:publication/news:language", namespaces=NS),
            url.findtext("news:news/news:publication_date", namespaces=NS),
            url.findtext("news:news/news:title", namespaces=NS),
        )
        for url in root.findall("s:url", NS)
    ] == [
        (
            "https://news.example/en/asia-pacific/tide-gauges",
            "The Harbour Times",
            "en",
            (fresh.published_at or now).isoformat(),
            "Tide gauges",
        )
    ]


async def test_the_index_pages_list_each_story_with_its_language_versions(
    site: httpx.AsyncClient,
) -> None:
    asia = await factories.section(slug="asia-pacific")
    asia_ru = await factories.section(slug="asia-pacific", locale="ru")
    story = await factories.article(in_section=asia, slug="tide-gauges")
    await factories.article(
        in_section=asia_ru,
        slug="mareografy",
        locale="ru",
        translation_group=story.translation_group,
    )
    await factories.article(in_section=asia, slug="alone")

    index = _parsed(await site.get("/sitemap.xml"))
    page = _parsed(await site.get("/sitemaps/en-1.xml"))
    cached = await site.get("/sitemaps/en-1.xml")
    beyond = await site.get("/sitemaps/en-2.xml")

    assert [loc.text for loc in index.findall("s:sitemap/s:loc", NS)] == [
        "http://test/sitemaps/en-1.xml",
        "http://test/sitemaps/ru-1.xml",
    ]
    listed = {
        url.findtext("s:loc", namespaces=NS): [
            (link.get("hreflang"), link.get("href")) for link in url.findall("xhtml:link", NS)
        ]
        for url in page.findall("s:url", NS)
    }
    assert listed == {
        "https://news.example/en/asia-pacific/alone": [],
        "https://news.example/en/asia-pacific/tide-gauges": [
            ("en", "https://news.example/en/asia-pacific/tide-gauges"),
            ("ru", "https://news.example/ru/asia-pacific/mareografy"),
        ],
    }
    assert all(url.findtext("s:lastmod", namespaces=NS) for url in page.findall("s:url", NS))
    assert cached.headers["x-cache"] == "HIT"
    assert beyond.status_code == 404


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemaps/news.xml", "/sitemaps/en-1.xml"])
async def test_without_a_public_address_there_is_no_sitemap(
    client: httpx.AsyncClient, path: str
) -> None:
    answer = await client.get(path)

    assert (answer.status_code, answer.json()["errors"][0]["extensions"]["code"]) == (
        404,
        "NOT_FOUND",
    )
