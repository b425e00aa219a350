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
        ({"first": 1, "after": "not a cursor"}, "Invalid cursor: 'not a cursor'."),
        ({"first": 1, "before": cursor(1)[:-2] + "xx"}, f"Invalid cursor: '{cursor(1)[:-2]}xx'."),
        ({"first": 1, "after": _raw("offset:²")}, f"Invalid cursor: '{_raw('offset:²')}'."),
        (
            {"first": 1, "after": _raw("offset:" + "9" * 10)},
            f"Invalid cursor: '{_raw('offset:' + '9' * 10)}'.",
        ),
        ({"first": 1, "after": _raw("offset:-1")}, f"Invalid cursor: '{_raw('offset:-1')}'."),
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


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 101}, "`articles(first: 101)` is out of range: `first` must be from 1 to 100."),
        ({"first": 0}, "`articles(first: 0)` is out of range: `first` must be from 1 to 100."),
        ({"first": -1}, "`articles(first: -1)` is out of range: `first` must be from 1 to 100."),
        ({"last": 500}, "`articles(last: 500)` is out of range: `last` must be from 1 to 100."),
    ],
)
async def test_page_sizes_outside_one_to_a_hundred_are_refused_before_running(
    gql: GraphQL, variables: dict[str, Any], message: str
) -> None:
    body = await gql(PAGE, **variables)

    assert body == {
        "data": None,
        "errors": [{"message": message, "extensions": {"code": "CONNECTION_SIZE_OUT_OF_RANGE"}}],
        "extensions": {"sql": {"count": 0}},
    }


async def test_unknown_locale_is_bad_user_input(gql: GraphQL) -> None:
    body = await gql('{ articles(first: 20, locale: "xx") { totalCount } }')

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
        "extensions": {"cost": {"requested": 0, "limit": 10_000}, "sql": {"count": 4}},
    }


async def test_malformed_id_is_bad_user_input(gql: GraphQL) -> None:
    body = await gql('{ node(id: "%%%") { id } }')

    assert body["data"] == {"node": None}
    assert body["errors"][0]["message"] == "Invalid id: '%%%'."
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
