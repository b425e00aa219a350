"""README's examples say what the code does: each is valid, and each query runs on the demo."""

import re
from pathlib import Path

import graphql
import pytest

import models
import schema
from tests import factories
from tests.conftest import GraphQL

README = (Path(__file__).parent.parent / "README.md").read_text()
EXAMPLES = re.findall(r"```graphql\n(.*?)```", README, re.S)


def test_readme_has_examples_to_check() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.split("{")[0].strip() or "query")
def test_each_example_is_valid_against_the_schema(example: str) -> None:
    assert graphql.validate(schema.schema._schema, graphql.parse(example)) == []


QUERIES = [e for e in EXAMPLES if e.lstrip().startswith("query")]
# The examples README gives for the newsroom: refused to the public, answered to an admin.
NEWSROOM = {"query Trash", "query Accounts"}


def _name(example: str) -> str:
    return example.split("{")[0].strip()


@pytest.mark.parametrize("example", QUERIES, ids=_name)
async def test_each_query_answers_on_the_demo_without_errors(
    demo: None, gql: GraphQL, example: str
) -> None:
    admin = None
    if _name(example) in NEWSROOM:
        refused = await gql(example)
        assert {e["extensions"]["code"] for e in refused["errors"]} == {"FORBIDDEN"}
        await factories.user(models.Role.ADMIN, email="chief@newsroom.test")
        admin = await gql.sign_in("chief@newsroom.test", factories.PASSWORD)

    body = await gql(example, bearer=admin)

    assert "errors" not in body
    assert all(value is not None for value in body["data"].values())


def test_the_newsroom_examples_are_in_readme() -> None:
    assert {_name(example) for example in QUERIES} >= NEWSROOM
