"""The sitemaps: Google News' of the last two days, and the index of every story's page
with its language versions; only for a newsroom that states its public addresses. Each one
served is valid against the published sitemap schemas (tests/data/sitemaps)."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from lxml import etree

from resolvers import sitemaps
from settings import Settings
from tests import factories
from tests.conftest import client_of, variant

PATTERN = "https://news.example/{locale}/{section}/{slug}"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}

SCHEMAS = Path(__file__).parent / "data" / "sitemaps"


def _schema(name: str) -> etree.XMLSchema:
    """A schema from tests/data/sitemaps, its imports read beside it."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


INDEX = _schema("siteindex.xsd")  # sitemaps.org's
URLSET = _schema("dateline-urlset.xsd")  # sitemaps.org's, with the xhtml:link alternates
NEWS = _schema("dateline-news-urlset.xsd")  # sitemaps.org's, with Google's news:news


@pytest.fixture
async def site(settings: Settings, client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    app = variant(settings, public_url=PATTERN, publisher_name="The Harbour Times")
    async with client_of(app) as reader:
        yield reader


def _parsed(answer: httpx.Response, schema: etree.XMLSchema) -> etree._Element:
    """The sitemap served, once it is valid against `schema`."""
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/xml; charset=utf-8"
    root: etree._Element = etree.fromstring(answer.content)
    if not schema.validate(root):
        pytest.fail(f"{answer.url.path} is not valid: {schema.error_log}\n{answer.text}")
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

    root = _parsed(await site.get("/sitemaps/news.xml"), NEWS)

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

    index = _parsed(await site.get("/sitemap.xml"), INDEX)
    pages = {  # every page the index lists, each valid
        loc.text: _parsed(await site.get(httpx.URL(loc.text).path), URLSET)
        for loc in index.findall("s:sitemap/s:loc", NS)
    }
    cached = await site.get("/sitemaps/en-1.xml")
    beyond = await site.get("/sitemaps/en-2.xml")

    assert list(pages) == ["http://test/sitemaps/en-1.xml", "http://test/sitemaps/ru-1.xml"]
    listed = {
        page: {
            url.findtext("s:loc", namespaces=NS): [
                (link.get("hreflang"), link.get("href")) for link in url.findall("xhtml:link", NS)
            ]
            for url in root.findall("s:url", NS)
        }
        for page, root in pages.items()
    }
    alternates = [
        ("en", "https://news.example/en/asia-pacific/tide-gauges"),
        ("ru", "https://news.example/ru/asia-pacific/mareografy"),
    ]
    assert listed == {
        "http://test/sitemaps/en-1.xml": {
            "https://news.example/en/asia-pacific/alone": [],
            "https://news.example/en/asia-pacific/tide-gauges": alternates,
        },
        "http://test/sitemaps/ru-1.xml": {
            "https://news.example/ru/asia-pacific/mareografy": alternates,
        },
    }
    assert all(
        url.findtext("s:lastmod", namespaces=NS)
        for root in pages.values()
        for url in root.findall("s:url", NS)
    )
    assert cached.headers["x-cache"] == "HIT"
    assert beyond.status_code == 404


async def test_with_no_story_of_the_last_two_days_there_is_no_news_sitemap_rather_than_an_empty_one(
    site: httpx.AsyncClient,
) -> None:
    asia = await factories.section(slug="asia-pacific")
    await factories.article(
        in_section=asia, slug="old", published_at=datetime.now(UTC) - timedelta(days=3)
    )

    news = await site.get("/sitemaps/news.xml")
    index = _parsed(await site.get("/sitemap.xml"), INDEX)
    page = _parsed(await site.get("/sitemaps/en-1.xml"), URLSET)

    assert (news.status_code, news.json()["errors"][0]["extensions"]["code"]) == (
        404,
        "NOT_FOUND",
    )
    assert [loc.text for loc in index.findall("s:sitemap/s:loc", NS)] == [
        "http://test/sitemaps/en-1.xml"
    ]
    assert [loc.text for loc in page.findall("s:url/s:loc", NS)] == [
        "https://news.example/en/asia-pacific/old"
    ]


async def test_with_no_published_story_there_is_no_sitemap_rather_than_an_empty_one(
    site: httpx.AsyncClient,
) -> None:
    asia = await factories.section(slug="asia-pacific")
    await factories.article(in_section=asia, slug="draft", published_at=None)

    answers = [
        await site.get(path)
        for path in ("/sitemap.xml", "/sitemaps/news.xml", "/sitemaps/en-1.xml")
    ]

    assert [
        (answer.status_code, answer.json()["errors"][0]["extensions"]["code"]) for answer in answers
    ] == [(404, "NOT_FOUND")] * 3


def test_the_schemas_refuse_what_dateline_must_not_serve() -> None:
    """So that a valid answer above means something: an empty urlset, an alternate without
    its hreflang, an element no schema declares, a news item without its title."""
    sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
    empty = f'<urlset xmlns="{sitemap}"/>'
    url = f'<urlset xmlns="{sitemap}" xmlns:xhtml="{NS["xhtml"]}"><url><loc>https://news.example/a</loc>{{}}</url></urlset>'
    news = (
        f'<news:news xmlns:news="{NS["news"]}"><news:publication><news:name>T</news:name>'
        "<news:language>en</news:language></news:publication>"
        "<news:publication_date>2026-12-01T10:00:00+00:00</news:publication_date>{}</news:news>"
    )
    alternate = '<xhtml:link rel="alternate" hreflang="en" href="https://news.example/a"/>'

    def valid(schema: etree.XMLSchema, text: str) -> bool:
        return bool(schema.validate(etree.fromstring(text)))

    assert valid(URLSET, url.format(alternate))
    assert valid(NEWS, url.format(news.format("<news:title>A</news:title>")))
    assert not valid(URLSET, empty)
    assert not valid(INDEX, f'<sitemapindex xmlns="{sitemap}"/>')
    assert not valid(URLSET, url.format(alternate.replace(' hreflang="en"', "")))
    assert not valid(URLSET, url.format('<xhtml:meta name="x"/>'))
    assert not valid(NEWS, url.format(news.format("")))


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemaps/news.xml", "/sitemaps/en-1.xml"])
async def test_without_a_public_address_there_is_no_sitemap(
    client: httpx.AsyncClient, path: str
) -> None:
    answer = await client.get(path)

    assert (answer.status_code, answer.json()["errors"][0]["extensions"]["code"]) == (
        404,
        "NOT_FOUND",
    )


async def test_pages_run_oldest_first_so_a_new_story_leaves_the_earlier_pages_alone(
    site: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitemaps, "PER_PAGE", 2)
    asia = await factories.section(slug="asia-pacific")
    for n in range(3):
        await factories.article(
            in_section=asia, slug=f"s{n}", published_at=factories.PUBLISHED + timedelta(days=n)
        )

    def stories(response: httpx.Response) -> list[str | None]:
        root = _parsed(response, URLSET)
        return [url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)]

    before = stories(await site.get("/sitemaps/en-1.xml"))
    await factories.article(
        in_section=asia, slug="fresh", published_at=factories.PUBLISHED + timedelta(days=5)
    )
    # Read afresh (the factory's write purges nothing): page 1 is as it was.
    after = [stories(await site.get(f"/sitemaps/en-{n}.xml?fresh")) for n in (1, 2)]

    story = "https://news.example/en/asia-pacific/{}".format
    assert before == [story("s0"), story("s1")]
    assert after == [[story("s0"), story("s1")], [story("s2"), story("fresh")]]


@pytest.mark.parametrize("number", ["0", "2", "99999999999999999999999"])
async def test_a_page_past_the_last_or_beyond_any_count_is_not_found(
    site: httpx.AsyncClient, number: str
) -> None:
    await factories.article(in_section=await factories.section(), slug="only")

    answer = await site.get(f"/sitemaps/en-{number}.xml")

    assert (answer.status_code, answer.json()["errors"][0]["extensions"]["code"]) == (
        404,
        "NOT_FOUND",
    )
