"""Checklist section C: cross-site requests a browser sends without asking first."""

import httpx
import pytest

from settings import Settings
from tests.conftest import variant

QUERY = "{ __typename }"
EMPTY = {"apollo-require-preflight": ""}  # the suite's client sends the header; this takes it off
REFUSED = {
    "errors": [
        {
            "message": "This request needs an Apollo-Require-Preflight header (any value): "
            "browsers send GETs, forms and uploads across sites without asking first.",
            "extensions": {"code": "PREFLIGHT_REQUIRED"},
        }
    ]
}


@pytest.mark.parametrize(
    ("method", "content_type", "body"),
    [
        ("GET", None, None),
        ("POST", "text/plain", f'{{"query": "{QUERY}"}}'),
        ("POST", "application/x-www-form-urlencoded", f"query={QUERY}"),
        ("POST", None, f'{{"query": "{QUERY}"}}'),
    ],
)
async def test_a_simple_cross_site_request_is_refused_without_the_preflight_header(
    client: httpx.AsyncClient, method: str, content_type: str | None, body: str | None
) -> None:
    """C1: GET, text/plain, form and untyped bodies need Apollo's preflight header."""
    headers = {**EMPTY, **({"content-type": content_type} if content_type else {})}
    params = {"query": QUERY} if method == "GET" else None

    refused = await client.request(method, "/graphql", params=params, content=body, headers=headers)
    normal = await client.post("/graphql", json={"query": QUERY})

    assert (refused.status_code, refused.json()) == (400, REFUSED)
    assert normal.json()["data"] == {"__typename": "Query"}


async def test_a_get_with_the_header_runs_and_opening_graphiql_needs_none(
    client: httpx.AsyncClient,
) -> None:
    """C1: what frontends and editors do is unaffected."""
    query = await client.get("/graphql", params={"query": QUERY})
    ide = await client.get("/graphql", headers={**EMPTY, "accept": "text/html"})

    assert (query.status_code, query.json()["data"]) == (200, {"__typename": "Query"})
    assert (ide.status_code, ide.headers["content-type"]) == (200, "text/html; charset=utf-8")


async def test_mutations_never_run_over_get(client: httpx.AsyncClient) -> None:
    """C2: a GET has no side effects, whatever it carries."""
    response = await client.get(
        "/graphql", params={"query": 'mutation { logout(refreshToken: "x") { __typename } }'}
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "errors": [
                {
                    "message": "mutations are not allowed when using GET",
                    "extensions": {"code": "BAD_REQUEST"},
                }
            ]
        },
    )


async def test_cors_answers_only_the_configured_origins(settings: Settings) -> None:
    """C3: browser pages elsewhere may call the API only from DATELINE_CORS_ORIGINS."""
    app = variant(settings, cors_origins=["https://paper.example"])
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
    }
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as browser:
        allowed = await browser.options(
            "/graphql", headers={**preflight, "origin": "https://paper.example"}
        )
        other = await browser.options(
            "/graphql", headers={**preflight, "origin": "https://elsewhere.example"}
        )

    assert (allowed.status_code, allowed.headers["access-control-allow-origin"]) == (
        200,
        "https://paper.example",
    )
    assert (other.status_code, "access-control-allow-origin" in other.headers) == (400, False)
