from pathlib import Path

import schema

SDL = Path(__file__).parent.parent / "schema.graphql"


def test_committed_sdl_is_current() -> None:
    # Refresh with: dateline export-schema --output schema.graphql
    assert SDL.read_text() == schema.schema.as_str() + "\n"


def test_schema_package_is_ours_not_the_pypi_distribution() -> None:
    assert Path(schema.__file__).parent == Path(__file__).parent.parent / "schema"


async def test_sql_count_is_reported_only_in_debug_mode() -> None:
    plain = await schema.build(debug=False).execute("{ __typename }")
    debug = await schema.build(debug=True).execute("{ __typename }")

    assert (plain.data, plain.extensions) == ({"__typename": "Query"}, {})
    assert (debug.data, debug.extensions) == ({"__typename": "Query"}, {"sql": {"count": 0}})
