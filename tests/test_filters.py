from tests import factories
from tests.conftest import GraphQL

SLUGS = """query($section: String, $tag: String, $author: String, $locale: String) {
  articles(first: 20, section: $section, tag: $tag, author: $author, locale: $locale) {
    totalCount
    edges { node { slug } }
  }
}"""


async def _newsroom() -> None:
    asia, europe = await factories.section(slug="asia"), await factories.section(slug="europe")
    climate, trade = (
        await factories.tag(slug="climate", name="Climate"),
        await factories.tag(slug="trade", name="Trade"),
    )
    lena, tomas = (
        await factories.author(slug="lena", name="Lena"),
        await factories.author(slug="tomas", name="Tomas"),
    )
    when = factories.PUBLISHED
    await factories.article(
        slug="a", in_section=asia, tags=[climate], authors=[lena], published_at=when.replace(day=3)
    )
    await factories.article(
        slug="b",
        in_section=asia,
        tags=[trade],
        authors=[tomas, lena],
        published_at=when.replace(day=2),
    )
    await factories.article(
        slug="c",
        in_section=europe,
        tags=[climate, trade],
        authors=[tomas],
        published_at=when.replace(day=1),
    )
    await factories.article(slug="a", in_section=asia, locale="ru", tags=[climate])


async def test_articles_filter_by_section_tag_author_and_locale(gql: GraphQL) -> None:
    await _newsroom()

    results = {
        name: (await gql(SLUGS, **variables))["data"]["articles"]
        for name, variables in {
            "all": {},
            "asia": {"section": "asia"},
            "climate": {"tag": "climate"},
            "lena": {"author": "lena"},
            "asia+trade": {"section": "asia", "tag": "trade"},
            "ru": {"locale": "ru"},
            "none": {"tag": "nothing"},
        }.items()
    }

    def page(*slugs: str) -> dict[str, object]:
        return {"totalCount": len(slugs), "edges": [{"node": {"slug": s}} for s in slugs]}

    assert results == {
        "all": page("a", "b", "c"),
        "asia": page("a", "b"),
        "climate": page("a", "c"),
        "lena": page("a", "b"),
        "asia+trade": page("b"),
        "ru": page("a"),
        "none": page(),
    }


async def test_bylines_keep_their_order_and_lists_are_sorted(gql: GraphQL) -> None:
    await _newsroom()

    body = await gql(
        """{ article(slug: "b") { authors { slug } tags { slug } }
             authors { slug } tags { slug } }"""
    )

    assert body["data"] == {
        "article": {"authors": [{"slug": "tomas"}, {"slug": "lena"}], "tags": [{"slug": "trade"}]},
        "authors": [{"slug": "lena"}, {"slug": "tomas"}],
        "tags": [{"slug": "climate"}, {"slug": "trade"}],
    }
