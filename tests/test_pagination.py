"""Pages over keyset cursors: orders, filters, subsections, and the lists that grow while
a reader pages through them."""

import base64
from datetime import timedelta
from typing import Any

import orjson
import pytest

import models
from resolvers.articles import ORDERS
from tests import factories
from tests.conftest import GraphQL

PAGE = """query($first: Int, $after: String, $last: Int, $before: String,
               $order: ArticleOrder! = PUBLISHED_DESC, $from: DateTime, $until: DateTime) {
  articles(first: $first, after: $after, last: $last, before: $before, orderBy: $order,
           publishedAfter: $from, publishedBefore: $until) {
    totalCount
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""
NEWEST = ORDERS["PUBLISHED_DESC"]


def _raw(value: Any) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(value)).decode()


async def _five() -> list[models.Article]:
    """a0 (1 January) to a4 (5 January): newest first, a4 to a0."""
    section = await factories.section()
    return [
        await factories.article(
            in_section=section, slug=f"a{n}", published_at=factories.PUBLISHED.replace(day=n + 1)
        )
        for n in range(5)
    ]


def _slugs(body: dict[str, Any]) -> list[str]:
    return [edge["node"]["slug"] for edge in body["data"]["articles"]["edges"]]


async def test_first_and_after_walk_forward_newest_first(gql: GraphQL) -> None:
    rows = await _five()
    a = {row.slug: NEWEST.cursor(row) for row in rows}

    body = await gql(PAGE, first=2, after=a["a3"])

    assert body["data"]["articles"] == {
        "totalCount": 5,
        "edges": [
            {"cursor": a["a2"], "node": {"slug": "a2"}},
            {"cursor": a["a1"], "node": {"slug": "a1"}},
        ],
        "pageInfo": {
            "hasNextPage": True,
            "hasPreviousPage": True,
            "startCursor": a["a2"],
            "endCursor": a["a1"],
        },
    }


async def test_a_cursor_names_the_order_and_the_row_and_nothing_else(gql: GraphQL) -> None:
    rows = await _five()

    body = await gql(PAGE, first=1)

    cursor = body["data"]["articles"]["edges"][0]["cursor"]
    assert orjson.loads(base64.urlsafe_b64decode(cursor)) == [
        "articles:PUBLISHED_DESC",
        "2026-01-05T12:00:00+00:00",
        rows[4].id,
    ]


async def test_last_without_before_is_the_oldest_page(gql: GraphQL) -> None:
    await _five()

    body = await gql(PAGE, last=2)

    assert _slugs(body) == ["a1", "a0"]
    info = body["data"]["articles"]["pageInfo"]
    assert (info["hasNextPage"], info["hasPreviousPage"]) == (False, True)


async def test_last_before_walks_backward(gql: GraphQL) -> None:
    rows = await _five()
    a = {row.slug: NEWEST.cursor(row) for row in rows}

    body = await gql(PAGE, last=2, before=a["a1"])
    start = await gql(PAGE, last=2, before=a["a3"])

    assert _slugs(body) == ["a3", "a2"]
    assert body["data"]["articles"]["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": True,
        "startCursor": a["a3"],
        "endCursor": a["a2"],
    }
    assert _slugs(start) == ["a4"]
    assert start["data"]["articles"]["pageInfo"]["hasPreviousPage"] is False


async def test_first_applies_before_last(gql: GraphQL) -> None:
    await _five()

    body = await gql(PAGE, first=2, last=1)

    assert _slugs(body) == ["a3"]


async def test_a_story_published_between_two_pages_neither_shifts_nor_repeats_page_two(
    gql: GraphQL,
) -> None:
    section = await factories.section()
    for n in range(15):
        await factories.article(
            in_section=section,
            slug=f"s{n:02}",
            published_at=factories.PUBLISHED + timedelta(hours=n),
        )

    first = await gql(PAGE, first=10)
    await factories.article(
        in_section=section, slug="breaking", published_at=factories.PUBLISHED + timedelta(days=2)
    )
    second = await gql(PAGE, first=10, after=first["data"]["articles"]["pageInfo"]["endCursor"])
    front = await gql(PAGE, first=1)

    assert _slugs(first) == [f"s{n:02}" for n in range(14, 4, -1)]
    assert _slugs(second) == ["s04", "s03", "s02", "s01", "s00"]
    assert second["data"]["articles"]["totalCount"] == 16
    assert second["data"]["articles"]["pageInfo"]["hasNextPage"] is False
    assert _slugs(front) == ["breaking"]


async def test_a_page_continues_after_its_last_row_is_unpublished(gql: GraphQL) -> None:
    rows = await _five()

    first = await gql(PAGE, first=2)
    await models.Article.filter(id=rows[3].id).update(status=models.ArticleStatus.DRAFT)
    second = await gql(PAGE, first=2, after=first["data"]["articles"]["pageInfo"]["endCursor"])

    assert _slugs(first) == ["a4", "a3"]
    assert _slugs(second) == ["a2", "a1"]


async def test_each_order_pages_in_its_own_direction(gql: GraphQL) -> None:
    rows = await _five()
    # Edited in this order: a2 last, so it comes first when sorting by change.
    for n, row in enumerate((rows[4], rows[0], rows[3], rows[1], rows[2])):
        await models.Article.filter(id=row.id).update(
            updated_at=factories.PUBLISHED + timedelta(days=30, hours=n)
        )

    oldest = await gql(PAGE, first=3, order="PUBLISHED_ASC")
    older = await gql(
        PAGE,
        first=3,
        order="PUBLISHED_ASC",
        after=oldest["data"]["articles"]["pageInfo"]["endCursor"],
    )
    changed = await gql(PAGE, first=5, order="UPDATED_DESC")
    back = await gql(PAGE, last=2, order="PUBLISHED_ASC")

    assert _slugs(oldest) == ["a0", "a1", "a2"]
    assert _slugs(older) == ["a3", "a4"]
    assert _slugs(changed) == ["a2", "a1", "a3", "a0", "a4"]
    assert _slugs(back) == ["a3", "a4"]


async def test_publication_dates_narrow_a_list_to_a_half_open_span(gql: GraphQL) -> None:
    await _five()

    span = await gql(
        PAGE, first=10, **{"from": "2026-01-02T12:00:00Z"}, until="2026-01-04T12:00:00Z"
    )
    offset = await gql(PAGE, first=10, **{"from": "2026-01-04T13:00:00+01:00"})

    assert _slugs(span) == ["a2", "a1"]
    assert span["data"]["articles"]["totalCount"] == 2
    assert _slugs(offset) == ["a4", "a3"]


SECTIONS = """query($slug: String!, $sub: Boolean!, $first: Int!) {
  articles(section: $slug, includeSubsections: $sub, first: $first) { totalCount edges { node { slug } } }
  section(slug: $slug) {
    articles(includeSubsections: $sub, first: $first) { totalCount edges { node { slug } } }
  }
}"""


async def _world() -> None:
    """World, with Asia & Pacific below it and Japan below that; a story in each."""
    world = await factories.section(slug="world", name="World")
    asia = await factories.section(slug="asia-pacific", name="Asia & Pacific", parent=world)
    japan = await factories.section(slug="japan", name="Japan", parent=asia)
    for n, section in enumerate((world, asia, japan)):
        await factories.article(
            in_section=section,
            slug=f"in-{section.slug}",
            published_at=factories.PUBLISHED + timedelta(hours=n),
        )


async def test_a_sections_list_holds_every_section_below_it_unless_told(gql: GraphQL) -> None:
    await _world()

    held = await gql(SECTIONS, slug="world", sub=True, first=10)
    own = await gql(SECTIONS, slug="world", sub=False, first=10)
    middle = await gql(SECTIONS, slug="asia-pacific", sub=True, first=1)

    everything = {
        "totalCount": 3,
        "edges": [
            {"node": {"slug": "in-japan"}},
            {"node": {"slug": "in-asia-pacific"}},
            {"node": {"slug": "in-world"}},
        ],
    }
    assert held["data"] == {"articles": everything, "section": {"articles": everything}}
    alone = {"totalCount": 1, "edges": [{"node": {"slug": "in-world"}}]}
    assert own["data"] == {"articles": alone, "section": {"articles": alone}}
    below = {"totalCount": 2, "edges": [{"node": {"slug": "in-japan"}}]}
    assert middle["data"] == {"articles": below, "section": {"articles": below}}


NESTED = """query($first: Int!) {
  sections { slug articles(first: $first) { edges { node { slug } } } }
}"""


async def test_nested_section_lists_share_one_statement_whatever_their_size(
    gql: GraphQL,
) -> None:
    await _world()

    small = await gql(NESTED, first=1)
    large = await gql(NESTED, first=10)

    assert small["extensions"]["sql"] == large["extensions"]["sql"]
    lists = {
        s["slug"]: [e["node"]["slug"] for e in s["articles"]["edges"]]
        for s in large["data"]["sections"]
    }
    assert lists["world"] == ["in-japan", "in-asia-pacific", "in-world"]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"first": 1, "after": "not a cursor"}, "Invalid cursor: 'not a cursor'."),
        ({"first": 1, "after": _raw(["articles:PUBLISHED_DESC", "yesterday", 1])}, None),
        ({"first": 1, "after": _raw(["articles:PUBLISHED_DESC", "2026-01-01T00:00:00", 1])}, None),
        (
            {"first": 1, "after": _raw(["articles:PUBLISHED_DESC", "2026-01-01T00:00:00Z", 2**31])},
            None,
        ),
        (
            {"first": 1, "after": _raw(["articles:PUBLISHED_DESC", "2026-01-01T00:00:00Z", True])},
            None,
        ),
        ({"first": 1, "before": _raw({"offset": 3})}, None),
        ({"first": 1, "after": _raw("offset:3")}, None),
    ],
)
async def test_bad_cursors_are_bad_user_input(
    gql: GraphQL, variables: dict[str, Any], message: str | None
) -> None:
    cursor = variables.get("after", variables.get("before"))

    body = await gql(PAGE, **variables)

    assert body["data"] is None
    assert body["errors"] == [
        {
            "message": message or f"Invalid cursor: {cursor!r}.",
            "locations": [{"line": 3, "column": 3}],
            "path": ["articles"],
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]


async def test_a_cursor_from_another_order_or_list_is_refused(gql: GraphQL) -> None:
    rows = await _five()
    ascending = ORDERS["PUBLISHED_ASC"].cursor(rows[0])
    picture = _raw(["images", 3, 3])

    crossed = await gql(PAGE, first=2, after=ascending)
    foreign = await gql(PAGE, first=2, before=picture)

    for body, cursor in ((crossed, ascending), (foreign, picture)):
        assert body["data"] is None
        assert body["errors"][0]["message"] == (
            f"The cursor {cursor!r} belongs to another list or order; start again from the first page."
        )
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


@pytest.mark.parametrize(
    "moment", ["0000-01-01T00:00:00Z", "99999-01-01T00:00:00Z", "yesterday", "2026-13-01T00:00:00Z"]
)
async def test_impossible_dates_are_refused_before_running(gql: GraphQL, moment: str) -> None:
    body = await gql(PAGE, first=2, **{"from": moment})

    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["BAD_USER_INPUT"]
    assert body["extensions"]["sql"] == {"count": 0}


async def test_a_date_with_no_utc_form_is_bad_user_input(gql: GraphQL) -> None:
    body = await gql(PAGE, first=2, until="0001-01-01T00:00:00+05:00")

    assert body["data"] is None
    assert body["errors"][0]["message"] == (
        "`publishedBefore` is out of range: 0001-01-01 00:00:00+05:00."
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}


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


LIBRARY = """query($after: String) {
  images(first: 2, after: $after) {
    nodes { altText } pageInfo { hasNextPage endCursor }
  }
}"""


async def test_the_picture_library_pages_on_while_pictures_arrive(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    for n in range(3):
        await factories.image(alt_text=f"Picture {n}")
    editor = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)

    first = await gql(LIBRARY, bearer=editor)
    await factories.image(alt_text="Arrived")
    second = await gql(
        LIBRARY, bearer=editor, after=first["data"]["images"]["pageInfo"]["endCursor"]
    )

    assert [n["altText"] for n in first["data"]["images"]["nodes"]] == ["Picture 2", "Picture 1"]
    assert second["data"]["images"] == {
        "nodes": [{"altText": "Picture 0"}],
        "pageInfo": {
            "hasNextPage": False,
            "endCursor": second["data"]["images"]["pageInfo"]["endCursor"],
        },
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


async def test_the_largest_cursor_the_columns_hold_reads_as_any_other(gql: GraphQL) -> None:
    await _five()
    cursor = _raw(["articles:PUBLISHED_DESC", "9999-12-31T23:59:59+00:00", 2**31 - 1])

    newer = await gql(PAGE, first=2, before=cursor)
    older = await gql(PAGE, first=2, after=cursor)

    assert newer["data"]["articles"]["edges"] == []
    assert _slugs(older) == ["a4", "a3"]


async def test_a_newsroom_account_pages_through_drafts_and_published_stories_alike(
    gql: GraphQL,
) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    await _five()
    for n in range(2):
        draft = await factories.article(slug=f"draft{n}", published_at=None)
        await models.Article.filter(id=draft.id).update(
            created_at=factories.PUBLISHED + timedelta(days=10 + n)
        )
    editor = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)

    first = await gql(PAGE, bearer=editor, first=3)
    second = await gql(
        PAGE, bearer=editor, first=3, after=first["data"]["articles"]["pageInfo"]["endCursor"]
    )
    public = await gql(PAGE, first=3, after=first["data"]["articles"]["pageInfo"]["endCursor"])

    assert _slugs(first) == ["draft1", "draft0", "a4"]
    assert _slugs(second) == ["a3", "a2", "a1"]
    assert _slugs(public) == ["a3", "a2", "a1"]


async def test_a_sections_list_walks_backward_and_forward_with_its_cursors(gql: GraphQL) -> None:
    await _world()
    query = """query($after: String, $before: String, $first: Int, $last: Int) {
      section(slug: "world") {
        articles(first: $first, last: $last, after: $after, before: $before) {
          edges { node { slug } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }
    }"""

    def listed(body: dict[str, Any]) -> list[str]:
        return [e["node"]["slug"] for e in body["data"]["section"]["articles"]["edges"]]

    oldest = await gql(query, last=1)
    start = oldest["data"]["section"]["articles"]["pageInfo"]["startCursor"]
    newer = await gql(query, last=2, before=start)
    newest = await gql(query, first=1)
    after = newest["data"]["section"]["articles"]["pageInfo"]["endCursor"]
    rest = await gql(query, first=5, after=after)

    assert listed(oldest) == ["in-world"]
    assert listed(newer) == ["in-japan", "in-asia-pacific"]
    assert newer["data"]["section"]["articles"]["pageInfo"]["hasPreviousPage"] is False
    assert listed(rest) == ["in-asia-pacific", "in-world"]
    assert rest["data"]["section"]["articles"]["pageInfo"]["hasNextPage"] is False
