"""Production mode (DATELINE_ENV=production): what a stranger learns, and what runs at all.

Checklist section B (information disclosure): introspection, suggestions, error detail,
the IDE; and the secret a production server must not run without.
"""

from collections.abc import AsyncIterator
from typing import Any

import graphql
import httpx
import pytest
from pydantic import SecretStr, ValidationError

import models
import schema
from settings import Settings
from tests import factories
from tests.conftest import GraphQL, client_of, variant

SECRET = "a production secret of more than thirty-two characters"


@pytest.fixture
async def production(
    settings: Settings, client: httpx.AsyncClient
) -> AsyncIterator[httpx.AsyncClient]:
    """A production app on the suite's database (its connections are already open)."""
    app = variant(settings, env="production", secret_key=SecretStr(SECRET), debug=False)
    async with client_of(app) as strict:
        yield strict


async def test_introspection_is_for_newsroom_accounts_only(
    production: httpx.AsyncClient, gql: GraphQL
) -> None:
    """B1: anonymous introspection refused; a signed-in editor keeps it."""
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    token = (
        await production.post(
            "/graphql",
            json={
                "query": "mutation($e: String!, $p: String!) { login(email: $e, password: $p)"
                " { ... on Session { accessToken } } }",
                "variables": {"e": "desk@newsroom.test", "p": factories.PASSWORD},
            },
        )
    ).json()["data"]["login"]["accessToken"]
    query = "{ __schema { queryType { name } } }"

    anonymous = await production.post("/graphql", json={"query": query})
    editor = await production.post(
        "/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}"}
    )
    after = await production.post("/graphql", json={"query": "{ __typename }"})

    assert anonymous.json() == {
        "data": None,
        "errors": [
            {
                "message": "GraphQL introspection has been disabled, but the requested query"
                f" contained the field '{field}'.",
                "locations": [{"line": 1, "column": column}],
                "extensions": {"code": "INTROSPECTION_DISABLED"},
            }
            for field, column in (("__schema", 3),)
        ],
    }
    assert editor.json()["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    assert after.json()["data"] == {"__typename": "Query"}


async def test_errors_stay_readable_without_spelling_out_the_schema(
    production: httpx.AsyncClient,
) -> None:
    """B2: no "Did you mean" suggestions, but the message still says what is wrong."""
    typo = await production.post(
        "/graphql", json={"query": "{ articles(first: 1) { edges { node { headlin } } } }"}
    )

    assert typo.json()["errors"] == [
        {
            "message": "Cannot query field 'headlin' on type 'Article'.",
            "locations": [{"line": 1, "column": 39}],
            "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"},
        }
    ]


async def test_graphiql_is_not_served(production: httpx.AsyncClient) -> None:
    """B3: no IDE for strangers in production (DATELINE_GRAPHIQL=true turns it back on)."""
    page = await production.get("/graphql", headers={"accept": "text/html"})

    assert (page.status_code, page.json()) == (
        404,
        {"errors": [{"message": "Not Found", "extensions": {"code": "NOT_FOUND"}}]},
    )


@pytest.mark.parametrize("secret", [None, "short"])
def test_production_refuses_a_default_or_short_secret(secret: str | None) -> None:
    """B4: the server does not start with a secret anyone can read in this repository."""
    values = {"env": "production"} | ({"secret_key": secret} if secret else {})

    with pytest.raises(ValidationError, match="DATELINE_ENV=production needs DATELINE_SECRET_KEY"):
        Settings(**values)  # type: ignore[arg-type]


# What Schemathesis, GraphQL Code Generator and GraphiQL's docs send: graphql-core's
# standard query with every option on (its TypeRef fragment nests `ofType` nine deep).
STANDARD_INTROSPECTION = graphql.get_introspection_query(
    descriptions=True,
    specified_by_url=True,
    directive_is_repeatable=True,
    schema_description=True,
    input_value_deprecation=True,
    one_of=True,
)


def introspected(answer: httpx.Response) -> dict[str, Any]:
    """An introspection answer, once a tool has built its client schema from it."""
    body = answer.json()
    assert (answer.status_code, body.get("errors")) == (200, None)
    built = graphql.build_client_schema(body["data"])
    assert sorted(built.type_map) == sorted(schema.schema._schema.type_map)
    data: dict[str, Any] = body["data"]
    return data


# The answer graphql-core gives for Dateline's schema itself, in process.
EXPECTED = graphql.execute_sync(schema.schema._schema, graphql.parse(STANDARD_INTROSPECTION)).data


async def test_the_standard_introspection_query_builds_the_schema_for_an_admin(
    production: httpx.AsyncClient,
) -> None:
    await factories.user(models.Role.ADMIN, email="admin@newsroom.test")
    token = await GraphQL(production).sign_in("admin@newsroom.test", factories.PASSWORD)

    answer = await production.post(
        "/graphql",
        json={"query": STANDARD_INTROSPECTION},
        headers={"authorization": f"Bearer {token}"},
    )

    assert introspected(answer) == EXPECTED


async def test_the_standard_introspection_query_builds_the_schema_for_anyone_in_development(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.post("/graphql", json={"query": STANDARD_INTROSPECTION})

    assert introspected(answer) == EXPECTED


@pytest.mark.parametrize(
    "query",
    [
        STANDARD_INTROSPECTION,
        # Also over the alias and depth limits: introspection is refused first.
        "{ __schema { types { name } } "
        + " ".join(f"a{n}: __typename" for n in range(20))
        + " articles(first: 1) { edges { node { section { parent { parent { parent { parent"
        " { parent { parent { name } } } } } } } } } } }",
    ],
    ids=["standard", "over-other-limits"],
)
async def test_a_stranger_is_told_introspection_is_off_before_any_limit(
    production: httpx.AsyncClient, query: str
) -> None:
    answer = await production.post("/graphql", json={"query": query})

    body = answer.json()
    assert answer.status_code == 200
    assert body["data"] is None
    assert [(error["message"], error["extensions"]) for error in body["errors"]] == [
        (
            "GraphQL introspection has been disabled, but the requested query"
            " contained the field '__schema'.",
            {"code": "INTROSPECTION_DISABLED"},
        )
    ]
    assert "extensions" not in body  # refused before the cost was counted


async def test_suggestions_are_for_newsroom_accounts_only_in_development_too(
    client: httpx.AsyncClient, gql: GraphQL
) -> None:
    """graphql-cop's Field Suggestions: a stranger is told what is wrong, not what is there."""
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    typo = {"query": "{ articles(first: 1) { edges { node { headlin } } } }"}

    stranger = await client.post("/graphql", json=typo)
    editor = await client.post("/graphql", json=typo, headers={"authorization": f"Bearer {token}"})

    assert [e["message"] for e in stranger.json()["errors"]] == [
        "Cannot query field 'headlin' on type 'Article'."
    ]
    assert [e["message"] for e in editor.json()["errors"]] == [
        "Cannot query field 'headlin' on type 'Article'. Did you mean 'headline'?"
    ]
