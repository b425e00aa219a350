"""Odd input names nothing, or is refused with a code; it never turns into a server error."""

import base64

import pytest

from tests import factories
from tests.conftest import GraphQL


def raw_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "slug", ["x" * 201, "x" * 5000, "a\x00b", "ümlaut-ß", "'; DROP TABLE article; --"]
)
async def test_a_slug_that_names_nothing_gives_null(gql: GraphQL, slug: str) -> None:
    await factories.article(slug="real")

    body = await gql(
        """query($slug: String!) {
          article(slug: $slug) { slug }
          section(slug: $slug) { slug }
          bySection: articles(first: 20, section: $slug) { totalCount edges { node { slug } } }
          byTag: articles(first: 20, tag: $slug) { totalCount }
          byAuthor: articles(first: 20, author: $slug) { totalCount }
        }""",
        slug=slug,
    )

    assert body["data"] == {
        "article": None,
        "section": None,
        "bySection": {"totalCount": 0, "edges": []},
        "byTag": {"totalCount": 0},
        "byAuthor": {"totalCount": 0},
    }
    assert "errors" not in body


@pytest.mark.parametrize(
    "text",
    ["Article:²", "Article:" + "9" * 30, "Article:2147483648", "Article:-1", "Article:", "Nope:1"],
)
async def test_an_id_that_names_nothing_gives_null(gql: GraphQL, text: str) -> None:
    body = await gql(
        """query($id: ID!) { node(id: $id) { id } article(id: $id) { slug } image(id: $id) { id } }""",
        id=raw_id(text),
    )

    assert body["data"] == {"node": None, "article": None, "image": None}
    assert "errors" not in body


async def test_article_by_id_honours_the_locale(gql: GraphQL) -> None:
    article = await factories.article(slug="english")
    article_id = raw_id(f"Article:{article.id}")

    body = await gql(
        """query($id: ID!) {
          en: article(id: $id, locale: "en") { slug }
          ru: article(id: $id, locale: "ru") { slug }
        }""",
        id=article_id,
    )
    wrong = await gql('query($id: ID!) { article(id: $id, locale: "xx") { slug } }', id=article_id)

    assert body["data"] == {"en": {"slug": "english"}, "ru": None}
    assert wrong["data"] == {"article": None}
    assert [e["extensions"] for e in wrong["errors"]] == [{"code": "BAD_USER_INPUT"}]


async def test_slug_and_id_together_is_bad_user_input(gql: GraphQL) -> None:
    body = await gql('{ article(slug: "a", id: "QXJ0aWNsZTox") { slug } }')

    assert body["data"] == {"article": None}
    assert body["errors"][0]["message"] == "Give exactly one of `slug` or `id`."
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
