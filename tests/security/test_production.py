"""Production mode (DATELINE_ENV=production): what a stranger learns, and what runs at all.

Checklist section B (information disclosure): introspection, suggestions, error detail,
the IDE; and the secret a production server must not run without.
"""

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr, ValidationError

import models
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
            for field, column in (("__schema", 3), ("queryType", 14))
        ],
        "extensions": {"cost": {"requested": 0, "limit": 10_000}},
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
