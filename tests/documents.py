"""The named query documents in tests/queries/, read once."""

from pathlib import Path

QUERIES = Path(__file__).parent / "queries"


def document(name: str) -> str:
    return (QUERIES / f"{name}.graphql").read_text()
