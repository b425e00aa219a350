"""Odd JSON in `variables` and `extensions`, over POST and GET: a coded answer, never a 500.

Whatever a client puts there (values of the wrong type, huge numbers, odd text, objects
where lists go, and values nested far deeper than any input of Dateline's), the answer is
a 200 whose errors all carry a code other than INTERNAL_SERVER_ERROR, or a coded 4xx.
"""

import json
from typing import Any

import httpx
import pytest
from hypothesis import strategies as st

from endpoint.view import MAX_JSON_DEPTH
from tests.security.test_fuzz import generated

DOCUMENT = """query Odd($widths: [Int!], $locale: String, $first: Int, $slug: String) {
  articles(first: $first, locale: $locale) { totalCount }
  article(slug: $slug) { slug }
  image(id: "SW1hZ2U6MQ==") { srcSet(widths: $widths) }
}"""
NAMES = st.sampled_from(["widths", "locale", "first", "slug", "persistedQuery", "", "é\u2028"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NAMES, inner, max_size=4),
    max_leaves=30,
)


def nested(depth: int, kind: str) -> str:
    """A value `depth` levels deep, written out by hand: json.dumps itself recurses."""
    if kind == "lists":
        return "[" * depth + "1" + "]" * depth
    return '{"widths":' * depth + "1" + "}" * depth


@st.composite
def odd_json(draw: st.DrawFn) -> tuple[str, str]:
    """The JSON text of a `variables` and of an `extensions` object."""
    texts = []
    for _ in range(2):
        if draw(st.booleans()):
            depth = draw(st.integers(min_value=1, max_value=1_100))
            kind = draw(st.sampled_from(["lists", "objects"]))
            texts.append('{"' + draw(NAMES) + '":' + nested(depth, kind) + "}")
        else:
            texts.append(json.dumps(draw(st.dictionaries(NAMES, VALUES, max_size=5))))
    return texts[0], texts[1]


def unsound(response: httpx.Response) -> list[str]:
    """What is wrong with an answer: the empty list for a coded one."""
    if response.status_code >= 500:
        return [f"HTTP {response.status_code}"]
    body: dict[str, Any] = response.json()
    errors = body.get("errors") or []
    if response.status_code != 200 and not errors:
        return [f"HTTP {response.status_code} without errors"]
    return [
        f"{error.get('message')!r}"
        for error in errors
        if error.get("extensions", {}).get("code") in (None, "INTERNAL_SERVER_ERROR")
    ]


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_odd_variables_and_extensions_get_coded_answers(
    client: httpx.AsyncClient, method: str
) -> None:
    problems = []
    for variables, extensions in generated(odd_json(), 120):
        if method == "POST":
            body = f'{{"query":{json.dumps(DOCUMENT)},"variables":{variables},"extensions":{extensions}}}'
            response = await client.post(
                "/graphql", content=body, headers={"content-type": "application/json"}
            )
        else:
            params = {"query": DOCUMENT, "variables": variables, "extensions": extensions}
            response = await client.get("/graphql", params=params)
        if unsound(response):
            problems.append((variables[:80], extensions[:80], unsound(response)))

    assert problems == []


@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize("kind", ["lists", "objects"])
async def test_variables_nested_a_thousand_deep_are_refused_as_bad_input(
    client: httpx.AsyncClient, method: str, kind: str
) -> None:
    variables = '{"widths":' + nested(1_000, kind) + "}"
    if method == "POST":
        body = f'{{"query":{json.dumps(DOCUMENT)},"variables":{variables}}}'
        response = await client.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )
    else:
        response = await client.get("/graphql", params={"query": DOCUMENT, "variables": variables})

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": f"The operation's `variables` are nested deeper than {MAX_JSON_DEPTH} levels.",
                "extensions": {"code": "BAD_USER_INPUT"},
            }
        ]
    }


async def test_an_input_as_deep_as_the_limit_is_still_read(client: httpx.AsyncClient) -> None:
    """The limit is the refusal's edge, not below it: a value MAX_JSON_DEPTH levels deep
    (the variables object is the first) reaches coercion, which names what is wrong."""
    variables = '{"widths":' + nested(MAX_JSON_DEPTH - 1, "lists") + "}"
    body = f'{{"query":{json.dumps(DOCUMENT)},"variables":{variables}}}'

    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )

    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert error["message"].startswith("Variable '$widths' has invalid value at [0]")
