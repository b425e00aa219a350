"""endpoint.preflight: simple cross-site requests must carry Apollo's preflight header."""

import pytest

from endpoint.preflight import PreflightMiddleware
from tests.layers.apps import Echo, client_of

REFUSED = {
    "errors": [
        {
            "message": "This request needs an Apollo-Require-Preflight header (any value): "
            "browsers send GETs, forms and uploads across sites without asking first.",
            "extensions": {"code": "PREFLIGHT_REQUIRED"},
        }
    ]
}
MULTIPART = "multipart/form-data; boundary=x"


@pytest.mark.parametrize(
    ("required", "method", "path", "content_type", "headers", "status"),
    [
        (True, "GET", "/?query={a}", None, {}, 400),
        (True, "GET", "/?extensions={}", None, {}, 400),
        (True, "GET", "/?query={a}", None, {"apollo-require-preflight": "1"}, 200),
        (True, "GET", "/?query={a}", None, {"x-apollo-operation-name": "A"}, 200),
        (True, "GET", "/", None, {}, 200),  # opening GraphiQL runs nothing
        (True, "POST", "/", "text/plain", {}, 400),
        (True, "POST", "/", "application/x-www-form-urlencoded", {}, 400),
        (True, "POST", "/", None, {}, 400),
        (True, "POST", "/", "Application/JSON; charset=utf-8", {}, 200),
        (True, "POST", "/", MULTIPART, {}, 400),
        (False, "GET", "/?query={a}", None, {}, 200),
        (False, "POST", "/", "text/plain", {}, 200),
        (False, "POST", "/", MULTIPART, {}, 400),  # uploads always ask first
        (False, "POST", "/", MULTIPART, {"apollo-require-preflight": "1"}, 200),
    ],
)
async def test_simple_requests_need_the_header(
    required: bool,
    method: str,
    path: str,
    content_type: str | None,
    headers: dict[str, str],
    status: int,
) -> None:
    app = Echo()
    sent = {**headers, **({"content-type": content_type} if content_type else {})}
    async with client_of(PreflightMiddleware(app, path="/", required=required)) as client:
        answer = await client.request(method, path, headers=sent, content=b"")

    assert answer.status_code == status
    if status == 400:
        assert (answer.json(), app.seen) == (REFUSED, [])
    else:
        assert answer.json() == {"echo": ""}


async def test_other_paths_are_not_guarded() -> None:
    app = Echo()
    async with client_of(PreflightMiddleware(app, path="/graphql")) as client:
        answer = await client.get("/elsewhere", params={"query": "{a}"})

    assert (answer.status_code, len(app.seen)) == (200, 1)
