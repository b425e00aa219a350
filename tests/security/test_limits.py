"""Limits on every operation (docs/limits.md), against the security checklist's A cases.

Each hostile document gets one error naming the limit, before any SQL runs (the debug
counter says 0), and the server answers the next ordinary request as usual.
"""

import dataclasses
from typing import Any

import httpx

from schema.limits import Limits
from settings import Settings
from tests import factories
from tests.conftest import GraphQL

NORMAL = "{ articles(first: 5) { totalCount } }"


def refused(message: str, code: str, *, cost: int | None = None) -> dict[str, Any]:
    extensions: dict[str, Any] = {"sql": {"count": 0}}
    if cost is not None:
        extensions = {"cost": {"requested": cost, "limit": 10_000}, **extensions}
    return {
        "data": None,
        "errors": [{"message": message, "extensions": {"code": code}}],
        "extensions": extensions,
    }


async def still_serves(gql: GraphQL) -> None:
    assert await gql(NORMAL) == {
        "data": {"articles": {"totalCount": 0}},
        "extensions": {"cost": {"requested": 5, "limit": 10_000}, "sql": {"count": 2}},
    }


async def test_deep_nesting_is_refused(gql: GraphQL) -> None:
    """A1: article -> relatedStories -> article ... 20 levels."""
    nested = "slug"
    for _ in range(10):
        nested = f"relatedStories {{ article {{ {nested} }} }}"
    body = await gql(f'{{ article(slug: "x") {{ {nested} }} }}')

    assert body == refused(
        "The operation is nested deeper than 8 levels.", "MAX_DEPTH_EXCEEDED", cost=0
    )
    await still_serves(gql)


async def test_depth_counts_through_fragments(gql: GraphQL) -> None:
    """A2: depth hidden in fragment spreads is counted."""
    body = await gql(
        """{ article(slug: "x") { ...A } }
        fragment A on Article { relatedStories { article { ...B } } }
        fragment B on Article { relatedStories { article { ...C } } }
        fragment C on Article { relatedStories { article { relatedStories { headline } } } }"""
    )

    assert body == refused(
        "The operation is nested deeper than 8 levels.", "MAX_DEPTH_EXCEEDED", cost=0
    )
    await still_serves(gql)


async def test_circular_fragments_are_a_validation_error_not_a_crash(gql: GraphQL) -> None:
    """A2: `fragment A { ...B } fragment B { ...A }`: no RecursionError, no 500."""
    body = await gql(
        """{ article(slug: "x") { ...A } }
        fragment A on Article { slug ...B }
        fragment B on Article { headline ...A }"""
    )

    assert body == {
        "data": None,
        "errors": [
            {
                "message": "Cannot spread fragment 'A' within itself via 'B'.",
                "locations": [{"line": 2, "column": 38}, {"line": 3, "column": 42}],
                "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
            }
        ],
        "extensions": {"cost": {"requested": 0, "limit": 10_000}, "sql": {"count": 0}},
    }
    await still_serves(gql)


async def test_a_flood_of_typename_aliases_is_refused(gql: GraphQL) -> None:
    """A3: 101 aliases of `__typename` (graphql-cop's alias overloading)."""
    aliases = " ".join(f"alias{n}: __typename" for n in range(101))
    body = await gql(f"{{ {aliases} }}")

    assert body == refused(
        "The operation has 101 aliases; the limit is 15.", "MAX_ALIASES_EXCEEDED", cost=0
    )
    await still_serves(gql)


async def test_aliases_count_every_time_a_fragment_is_spread(gql: GraphQL) -> None:
    """A4: four aliases in a fragment spread four times are sixteen, plus four."""
    body = await gql(
        """{ a: article(slug: "a") { ...F } b: article(slug: "b") { ...F }
             c: article(slug: "c") { ...F } d: article(slug: "d") { ...F } }
        fragment F on Article { w: slug x: slug y: slug z: slug }"""
    )

    assert body == refused(
        "The operation has 20 aliases; the limit is 15.", "MAX_ALIASES_EXCEEDED", cost=0
    )
    await still_serves(gql)


async def test_the_same_field_a_thousand_times_is_refused_by_the_token_limit(
    gql: GraphQL,
) -> None:
    """A5: field duplication (`__typename` x 1000)."""
    body = await gql("{ " + "__typename " * 1000 + "}")

    assert body == {
        "data": None,
        "errors": [
            {
                "message": "Syntax Error: Document contains more than 1000 tokens. "
                "Parsing aborted.",
                "locations": [{"line": 1, "column": 10992}],
                "extensions": {"code": "MAX_TOKENS_EXCEEDED"},
            }
        ],
        "extensions": {"sql": {"count": 0}},
    }
    await still_serves(gql)


async def test_directive_overload_is_one_error(gql: GraphQL) -> None:
    """A6: `@aa` x 60 gets a single error, not one per directive."""
    body = await gql("{ __typename" + " @aa" * 60 + " }")

    assert body == refused(
        "The operation has 60 directives; the limit is 50.", "MAX_DIRECTIVES_EXCEEDED", cost=0
    )
    await still_serves(gql)


async def test_a_huge_token_count_is_refused_while_parsing(gql: GraphQL) -> None:
    """A10: 100k tokens; parsing stops at the limit."""
    body = await gql("{ " + "a " * 5000 + "}")

    assert body == {
        "data": None,
        "errors": [
            {
                "message": "Syntax Error: Document contains more than 1000 tokens. "
                "Parsing aborted.",
                "locations": [{"line": 1, "column": 2001}],
                "extensions": {"code": "MAX_TOKENS_EXCEEDED"},
            }
        ],
        "extensions": {"sql": {"count": 0}},
    }
    await still_serves(gql)


async def test_an_oversize_document_is_refused_before_parsing(gql: GraphQL) -> None:
    """A10: a 2 MB document."""
    body = await gql("#" * 2_000_000 + "\n{ __typename }")

    assert body == refused(
        "The document has 2000015 characters; the limit is 15000.", "DOCUMENT_TOO_LARGE"
    )
    await still_serves(gql)


async def test_a_batch_is_refused(client: httpx.AsyncClient, gql: GraphQL) -> None:
    """A7: an array of 11 operations while batching is off."""
    response = await client.post("/graphql", json=[{"query": "{ __typename }"}] * 11)

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "Batching is not enabled: send one operation.",
                "extensions": {"code": "BATCH_NOT_ALLOWED"},
            }
        ]
    }
    await still_serves(gql)


async def test_a_connection_without_first_or_last_is_refused(gql: GraphQL) -> None:
    """A8: a connection without `first`."""
    body = await gql("{ articles { totalCount } }")

    assert body == refused(
        "`articles` is a connection: give `first` or `last`, from 1 to 100.",
        "CONNECTION_SIZE_REQUIRED",
    )
    await still_serves(gql)


async def test_an_oversize_page_is_refused(gql: GraphQL) -> None:
    """A8: `articles(first: 100000)`."""
    body = await gql("query($n: Int) { articles(first: $n) { totalCount } }", n=100_000)

    assert body == refused(
        "`articles(first: 100000)` is out of range: `first` must be from 1 to 100.",
        "CONNECTION_SIZE_OUT_OF_RANGE",
    )
    await still_serves(gql)


async def test_the_node_budget_multiplies_page_sizes_down_the_tree(gql: GraphQL) -> None:
    """A8: 100 articles x 100 of their section's articles: 100 + 10,000 nodes."""
    body = await gql(
        """{ articles(first: 100) { edges { node {
             section { articles(first: 100) { totalCount } } } } } }"""
    )

    assert body == refused(
        "The operation asks for up to 10100 nodes; the limit is 10000.",
        "NODE_BUDGET_EXCEEDED",
        cost=10_100,
    )
    await still_serves(gql)


async def test_cost_is_reported_for_an_ordinary_query(gql: GraphQL) -> None:
    """GitHub's rule: 10 articles, and 3 of each one's section's articles: 10 + 10 x 3."""
    await factories.article(slug="only")
    body = await gql(
        """{ articles(first: 10) { edges { node { slug
             section { articles(first: 3) { totalCount } } } } } }"""
    )

    assert body["extensions"] == {
        "cost": {"requested": 40, "limit": 10_000},
        "sql": {"count": 3},  # the page (its sections joined), the sections' pages, their counts
        "awaited": 1,  # the one article's section's list, waiting for its page
    }


def test_the_settings_defaults_are_the_schema_defaults() -> None:
    settings = Settings()

    assert Limits(**{f.name: getattr(settings, f.name) for f in dataclasses.fields(Limits)}) == (
        Limits()
    )


async def test_a_document_sent_again_is_counted_for_its_own_variables(gql: GraphQL) -> None:
    """Counts are remembered per document and variables (schema.limits.remembered)."""
    await factories.article(slug="only")
    query = "query($first: Int!) { articles(first: $first) { edges { node { slug } } } }"

    costs = [(await gql(query, first=n))["extensions"]["cost"]["requested"] for n in (1, 20, 1)]

    assert costs == [1, 20, 1]


async def test_ten_unknown_directives_give_five_errors_and_a_count(gql: GraphQL) -> None:
    """Validation errors are bounded (schema.limits.bounded): none can be multiplied."""
    directives = " ".join(f"@unknown{n}" for n in range(10))

    body = await gql(f"{{ articles(first: 1) {directives} {{ totalCount }} }}")

    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == [
        *(f"Unknown directive '@unknown{n}'." for n in range(5)),
        "5 more validation errors were found; fix these first.",
    ]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
