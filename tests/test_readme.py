"""README's examples say what the code does: each is valid, and each query runs on the demo."""

import re
from pathlib import Path

import graphql
import pytest

import schema
from tests.conftest import GraphQL

README = (Path(__file__).parent.parent / "README.md").read_text()
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README, re.S)


def test_readme_has_examples_to_check() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.split("{")[0].strip() or "query")
def test_each_example_is_valid_against_the_schema(example: str) -> None:
    assert graphql.validate(schema.schema._schema, graphql.parse(example)) == []


QUERIES = [e for e in EXAMPLES if e.lstrip().startswith("query")]


@pytest.mark.parametrize("example", QUERIES, ids=lambda e: e.split("{")[0].strip())
async def test_each_query_answers_on_the_demo_without_errors(
    demo: None, gql: GraphQL, example: str
) -> None:
    body = await gql(example)

    assert "errors" not in body
    assert all(value is not None for value in body["data"].values())
