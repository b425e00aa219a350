import base64
from typing import Any

import pytest

from resolvers.pagination import cursor
from tests import factories
from tests.conftest import GraphQL

PAGE = """query($first: Int, $after: String, $last: Int, $before: String) {
  articles(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


def _raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


async def _five() -> None:
    section = await factories.section()
    for n in range(5):
        await factories.article(
            in_section=section, slug=f"a{n}", published_at=factories.PUBLISHED.replace(day=n + 1)
        )


async def test_first_and_after_walk_forward_newest_first(gql: GraphQL) -> None:
    await _five()

    body = await gql(PAGE, first=2, after=cursor(1))

    assert body["data"]["articles"] == {
        "totalCount": 5,
        "edges": [
            {"cursor": cursor(2), "node": {"slug": "a2"}},
            {"cursor": cursor(3), "node": {"slug": "a1"}},
        ],
        "pageInfo": {
            "hasNextPage": True,
            "hasPreviousPage": True,
            "startCursor": cursor(2),
            "endCursor": cursor(3),
        },
    }


async def test_last_without_before_is_the_oldest_page(gql: GraphQL) -> None:
    await _five()

    body = await gql(PAGE, last=2)

    assert body["data"]["articles"]["edges"] == [
        {"cursor": cursor(3), "node": {"slug": "a1"}},
        {"cursor": cursor(4), "node": {"slug": "a0"}},
    ]
    assert body["data"]["articles"]["pageInfo"]["hasNextPage"] is False


async def test_last_before_walks_backward(gql: GraphQL) -> None:
    await _five()

    body = await gql(PAGE, last=2, before=cursor(3))

    assert [e["node"]["slug"] for e in body["data"]["articles"]["edges"]] == ["a3", "a2"]
    assert body["data"]["articles"]["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": True,
        "startCursor": cursor(1),
        "endCursor": cursor(2),
    }


async def test_first_applies_before_last(gql: GraphQL) -> None:
    await _five()

    body = await gql(PAGE, first=2, last=1)

    assert body["data"]["articles"]["edges"] == [{"cursor": cursor(1), "node": {"slug": "a3"}}]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 101}, "`first` must be between 0 and 100, got 101."),
        ({"first": -1}, "`first` must be between 0 and 100, got -1."),
        ({"last": 500}, "`last` must be between 0 and 100, got 500."),
        ({"after": "not a cursor"}, "Invalid cursor: 'not a cursor'."),
        ({"before": cursor(1)[:-2] + "xx"}, f"Invalid cursor: '{cursor(1)[:-2]}xx'."),
        ({"after": _raw("offset:²")}, f"Invalid cursor: '{_raw('offset:²')}'."),
        ({"after": _raw("offset:" + "9" * 10)}, f"Invalid cursor: '{_raw('offset:' + '9' * 10)}'."),
        ({"after": _raw("offset:-1")}, f"Invalid cursor: '{_raw('offset:-1')}'."),
    ],
)
async def test_bad_page_arguments_are_bad_user_input(
    gql: GraphQL, variables: dict[str, Any], message: str
) -> None:
    body = await gql(PAGE, **variables)

    assert body["data"] is None
    assert body["errors"] == [
        {
            "message": message,
            "locations": [{"line": 2, "column": 3}],
            "path": ["articles"],
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]


async def test_unknown_locale_is_bad_user_input(gql: GraphQL) -> None:
    body = await gql('{ articles(locale: "xx") { totalCount } }')

    assert body["data"] is None
    assert body["errors"][0]["message"] == (
        "Unknown locale 'xx'; known locales: ar, de, en, es, fr, ja, ru, zh."
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


async def test_unknown_slug_and_id_are_null_without_error(gql: GraphQL) -> None:
    body = await gql(
        """{ article(slug: "nothing") { slug }
             byId: article(id: "QXJ0aWNsZTo5OTk=") { slug }
             node(id: "QXJ0aWNsZTo5OTk=") { id }
             section(slug: "nowhere") { name } }"""
    )

    assert body == {
        "data": {"article": None, "byId": None, "node": None, "section": None},
        # slug, old-slug lookup, both ids in one batch, section
        "extensions": {"sql": {"count": 4}},
    }


async def test_malformed_id_is_bad_user_input(gql: GraphQL) -> None:
    body = await gql('{ node(id: "%%%") { id } }')

    assert body["data"] == {"node": None}
    assert body["errors"][0]["message"] == "Invalid id: '%%%'."
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
