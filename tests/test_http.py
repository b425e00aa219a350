"""The HTTP surface: bad requests get JSON errors, never a 500 or a traceback."""

import io

import httpx
import PIL.Image
import pytest

from tests import factories


async def test_get_runs_a_query(client: httpx.AsyncClient) -> None:
    await factories.article(slug="over-get")

    response = await client.get(
        "/graphql", params={"query": "{ articles(first: 20) { edges { node { slug } } } }"}
    )

    assert response.status_code == 200
    assert response.json()["data"] == {"articles": {"edges": [{"node": {"slug": "over-get"}}]}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "Unable to parse request body as JSON"),
        (b'{"variables": {}}', "No GraphQL query found in the request"),
        (b'"{ articles { totalCount } }"', "Expected a JSON object"),
        (b"null", "Expected a JSON object"),
        (b'{"query": "{ __typename }\xff"}', "Unable to parse request body as JSON"),
    ],
)
async def test_malformed_requests_get_400_with_a_json_error(
    client: httpx.AsyncClient, content: bytes, message: str
) -> None:
    response = await client.post(
        "/graphql", content=content, headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]
    }


async def test_invalid_document_is_a_graphql_error_not_a_500(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ articles(first: 20) { nope } }"})

    assert response.status_code == 200
    assert response.json()["errors"][0]["message"] == (
        "Cannot query field 'nope' on type 'ArticleConnection'."
    )


async def test_browser_gets_the_playground(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    health = await client.get("/healthz")
    ready = await client.get("/readyz")

    assert (health.status_code, health.text) == (200, "ok")
    assert (ready.status_code, ready.json()) == (200, {"ready": True})


async def test_demo_pictures_are_generated_and_served_at_their_url(
    client: httpx.AsyncClient, demo: None
) -> None:
    body = (
        await client.post(
            "/graphql",
            json={
                "query": '{ article(slug: "tide-gauges-pacific-atolls") '
                "{ leadImage { image { url width height mimeType byteSize } } } }"
            },
        )
    ).json()
    image = body["data"]["article"]["leadImage"]["image"]

    response = await client.get(image["url"])

    # Never the original (it could carry GPS): a signed rendition, at most 2048 wide.
    path, _, signature = image["url"].partition("?s=")
    assert path == "/media/renditions/demo/atoll-seawall.jpg/w1600-cover-f42x55.jpg"
    assert signature
    assert response.status_code == 200
    assert response.headers["content-type"] == image["mimeType"] == "image/jpeg"
    with PIL.Image.open(io.BytesIO(response.content)) as picture:
        assert picture.size == (image["width"], image["height"]) == (1600, 900)
        assert picture.getexif() == {}


async def test_media_route_refuses_path_traversal(client: httpx.AsyncClient, demo: None) -> None:
    response = await client.get("/media/demo/..%2F..%2Fpyproject.toml")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("request_body", "message", "code"),
    [
        (
            {"query": "{ articles { "},
            "Syntax Error: Expected Name, found <EOF>.",
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            {"query": "query($unused: String) { __typename }"},
            "Variable '$unused' is never used.",
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            {"query": "{ articles(first: 99999999999) { totalCount } }"},
            "`articles(first: 99999999999)` is out of range: `first` must be from 1 to 100.",
            "CONNECTION_SIZE_OUT_OF_RANGE",
        ),
        (
            {
                "query": "query($n: Int) { articles(first: $n) { totalCount } }",
                "variables": {"n": "twenty"},
            },
            "Variable '$n' has invalid value: Int cannot represent non-integer value: 'twenty'",
            "BAD_USER_INPUT",
        ),
    ],
)
async def test_every_error_carries_a_code(
    client: httpx.AsyncClient, request_body: dict[str, object], message: str, code: str
) -> None:
    response = await client.post("/graphql", json=request_body)

    assert response.status_code == 200
    errors = response.json()["errors"]
    assert [(e["message"], e["extensions"]) for e in errors] == [(message, {"code": code})]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "variables",
            "[1]",
            "The GraphQL operation's `variables` must be an object or null, if provided.",
        ),
        (
            "variables",
            "5",
            "The GraphQL operation's `variables` must be an object or null, if provided.",
        ),
        (
            "extensions",
            '"x"',
            "The GraphQL operation's `extensions` must be an object or null, if provided.",
        ),
        ("variables", "{not json", "Unable to parse `variables` as JSON"),
    ],
)
async def test_a_get_whose_variables_are_not_an_object_is_told_so(
    client: httpx.AsyncClient, name: str, value: str, message: str
) -> None:
    """As a POST is: `variables=[1]` is not a batch."""
    answer = await client.get("/graphql", params={"query": "{ __typename }", name: value})

    assert answer.status_code == 400
    assert answer.json() == {
        "errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]
    }


async def test_a_get_with_null_variables_runs_as_a_post_does(client: httpx.AsyncClient) -> None:
    answer = await client.get(
        "/graphql", params={"query": "{ __typename }", "variables": "null", "extensions": "null"}
    )

    assert answer.status_code == 200
    assert answer.json()["data"] == {"__typename": "Query"}
