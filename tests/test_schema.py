from pathlib import Path

import schema

SDL = Path(__file__).parent.parent / "schema.graphql"


def test_committed_sdl_is_current() -> None:
    # Refresh with: dateline export-schema --output schema.graphql
    assert SDL.read_text() == schema.schema.as_str() + "\n"


def test_schema_package_is_ours_not_the_pypi_distribution() -> None:
    assert Path(schema.__file__).parent == Path(__file__).parent.parent / "schema"
