from pathlib import Path

import pytest
from graphql import GraphQLError

import schema
from schema.errors import with_code

SDL = Path(__file__).parent.parent / "schema.graphql"


def test_committed_sdl_is_current() -> None:
    # Refresh with: dateline export-schema --output schema.graphql
    assert SDL.read_text() == schema.schema.as_str() + "\n"


def test_schema_package_is_ours_not_the_pypi_distribution() -> None:
    assert Path(schema.__file__).parent == Path(__file__).parent.parent / "schema"


async def test_sql_count_is_reported_only_in_debug_mode() -> None:
    plain = await schema.build(debug=False).execute("{ __typename }")
    debug = await schema.build(debug=True).execute("{ __typename }")

    cost = {"cost": {"requested": 0, "limit": 10_000}}
    assert (plain.data, plain.extensions) == ({"__typename": "Query"}, cost)
    assert (debug.data, debug.extensions) == (
        {"__typename": "Query"},
        {**cost, "sql": {"count": 0}},
    )


def test_an_uncoded_error_raised_in_a_resolver_is_masked_as_an_internal_error() -> None:
    error = GraphQLError(
        'relation "article" does not exist',
        path=["article", "section"],
        original_error=LookupError("driver text"),
    )

    masked = with_code(error)

    assert masked.formatted == {
        "message": "Internal server error.",
        "path": ["article", "section"],
        "extensions": {"code": "INTERNAL_SERVER_ERROR"},
    }


def test_a_coded_error_keeps_its_code() -> None:
    error = GraphQLError("bad", path=["articles"], extensions={"code": "BAD_USER_INPUT"})

    assert with_code(error).extensions == {"code": "BAD_USER_INPUT"}


def test_a_masked_error_names_the_request_and_the_log_has_the_detail(
    caplog: pytest.LogCaptureFixture,
) -> None:
    error = GraphQLError(
        'relation "article" does not exist',
        path=["article"],
        original_error=LookupError("driver text"),
    )

    masked = with_code(error, "3f2a")

    assert masked.formatted == {
        "message": "Internal server error.",
        "path": ["article"],
        "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": "3f2a"},
    }
    assert [(r.getMessage(), r.exc_info is not None) for r in caplog.records] == [
        ('request 3f2a: relation "article" does not exist', True)
    ]


def test_a_resolver_that_met_a_database_outage_is_coded_to_be_retried(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Not a bug to trace: the view answers the whole request 503 (test_database_outage)."""
    # What a mutation raises when its audit entry fails in an outage: the refusal is
    # what it was raised during.
    raised = RuntimeError("the audit entry could not be written")
    raised.__context__ = ConnectionRefusedError(111, "Connection refused")
    error = GraphQLError("boom", path=["updateArticle"], original_error=raised)

    coded = with_code(error, "3f2a")

    assert coded.formatted == {
        "message": "The database is unavailable right now; try again shortly.",
        "path": ["updateArticle"],
        "extensions": {"code": "SERVICE_UNAVAILABLE"},
    }
    assert [(r.levelname, r.getMessage(), r.exc_info) for r in caplog.records] == [
        (
            "WARNING",
            "database unavailable: ConnectionRefusedError: [Errno 111] Connection refused",
            None,
        )
    ]
