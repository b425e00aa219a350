"""SQL budgets: the performance gate. Each named document runs a fixed number of statements."""

import pytest

import models
from demo import content
from tests import factories
from tests.conftest import GraphQL
from tests.documents import document


async def _newsroom(articles: int) -> None:
    """`articles` published articles; each teases the three before it, with pictures."""
    section = await factories.section(slug="news")
    made: list[models.Article] = []
    for n in range(articles):
        made.append(
            await factories.article(
                in_section=section,
                teasers=made[-3:],
                authors=[await factories.author(), await factories.author()],
                slug=f"story-{n}",
            )
        )


@pytest.mark.parametrize("first", [1, 20, 100])
async def test_homepage_runs_five_statements_whatever_the_page_size(
    gql: GraphQL, first: int
) -> None:
    await _newsroom(articles=104)

    body = await gql(document("homepage"), first=first)

    assert "errors" not in body
    edges = body["data"]["articles"]["edges"]
    assert len(edges) == first
    assert all(len(edge["node"]["relatedStories"]) == 3 for edge in edges)
    # page with its sections, totalCount, bylines, lead captions+images,
    # teasers+targets+captions+images;
    # picture URLs, srcsets and placeholders come from those rows, at no cost. No field
    # waited for a load (extensions.awaited, absent): every relation was loaded up front.
    assert body["extensions"] == {
        "cost": {"requested": first, "limit": 10_000},
        "sql": {"count": 5},
    }
    assert edges[0]["node"]["leadImage"]["url"].startswith("/media/renditions/")


async def test_article_page_budget(gql: GraphQL, demo: None) -> None:
    body = await gql(document("article_page"), slug=content.STORY_SLUG)

    assert body["data"]["article"]["headline"].startswith("Pacific atolls")
    assert body["data"]["article"]["section"]["parent"] is not None
    # article with its section and the section's parent, bylines, tags, lead caption,
    # teasers, translations, all loaded before any field resolved: none waited (no
    # extensions.awaited).
    assert body["extensions"] == {"cost": {"requested": 0, "limit": 10_000}, "sql": {"count": 6}}


async def test_section_page_budget(gql: GraphQL) -> None:
    await _newsroom(articles=30)

    body = await gql(document("section_page"), slug="news", first=20)

    assert len(body["data"]["section"]["articles"]["edges"]) == 20
    # section, page, totalCount, bylines, lead captions+images; the section's list waits
    # for its page, and what it shows was loaded with it.
    assert body["extensions"] == {
        "cost": {"requested": 20, "limit": 10_000},
        "sql": {"count": 5},
        "awaited": 1,
    }


NESTED = """query($first: Int!) {
  articles(first: $first) {
    edges { node { slug section { slug articles(first: 2) { totalCount edges { node { slug } } } } } }
  }
}"""


@pytest.mark.parametrize("first", [1, 20, 100])
async def test_section_articles_nested_in_a_list_are_batched(gql: GraphQL, first: int) -> None:
    sections = [await factories.section(slug=f"s{n}") for n in range(4)]
    for n in range(104):
        await factories.article(
            in_section=sections[n % 4],
            slug=f"story-{n}",
            published_at=factories.PUBLISHED.replace(minute=n % 60, hour=n // 60),
        )

    body = await gql(NESTED, first=first)

    edges = body["data"]["articles"]["edges"]
    assert len(edges) == first
    newest = edges[0]["node"]  # story-103, in s3, whose two newest are 103 and 99
    assert newest["section"] == {
        "slug": "s3",
        "articles": {
            "totalCount": 26,
            "edges": [{"node": {"slug": "story-103"}}, {"node": {"slug": "story-99"}}],
        },
    }
    # page with its sections, section pages (one window), section counts
    # nodes: the page, and two of each of its articles' section's articles (GitHub's rule)
    # Each section's list waits for its (batched) page.
    assert body["extensions"] == {
        "cost": {"requested": first + first * 2, "limit": 10_000},
        "sql": {"count": 3},
        "awaited": first,
    }
