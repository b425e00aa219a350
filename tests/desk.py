"""An editor and readers of the demo newsroom, against real Dateline servers."""

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx

from demo import content
from tests.servers import dateline

EDITOR = ("desk@newsroom.test", "a long enough password")
PAGE = "query Page($slug: String!) { article(slug: $slug) { id headline version } }"
DIGEST = hashlib.sha256(PAGE.encode()).hexdigest()
PREFLIGHT = {"apollo-require-preflight": "true"}


async def add_editor(cwd: Path, env: dict[str, str]) -> None:
    code, output = await dateline(
        cwd,
        env,
        "create-user",
        "--email",
        EDITOR[0],
        "--role",
        "editor",
        "--password-stdin",
        stdin=EDITOR[1] + "\n",
    )
    assert code == 0, output


def client(base: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base, headers=PREFLIGHT, timeout=10)


async def sign_in(reader: httpx.AsyncClient) -> str:
    login = await reader.post(
        "/graphql",
        json={
            "query": "mutation($e: String!, $p: String!) "
            "{ login(email: $e, password: $p) { ... on Session { accessToken } } }",
            "variables": {"e": EDITOR[0], "p": EDITOR[1]},
        },
    )
    token: str = login.json()["data"]["login"]["accessToken"]
    return token


async def retitle(
    editor: httpx.AsyncClient, token: str, article: dict[str, Any], headline: str
) -> Any:
    answer = await editor.post(
        "/graphql",
        json={
            "query": "mutation($id: ID!, $v: Int!, $h: String!) { updateArticle(id: $id, "
            "expectedVersion: $v, input: {headline: $h}) { __typename } }",
            "variables": {"id": article["id"], "v": article["version"], "h": headline},
        },
        headers={"authorization": f"Bearer {token}"},
    )
    return answer.json()["data"]


def by_hash() -> dict[str, str]:
    return {
        "extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": DIGEST}}),
        "variables": json.dumps({"slug": content.STORY_SLUG}),
        "operationName": "Page",
    }


async def register(reader: httpx.AsyncClient) -> None:
    """Apollo's way: the text once, with its hash; from then on the hash alone."""
    answer = await reader.post(
        "/graphql",
        json={
            "query": PAGE,
            "variables": {"slug": content.STORY_SLUG},
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": DIGEST}},
        },
    )
    assert answer.json()["data"]["article"] is not None, answer.text


async def read(reader: httpx.AsyncClient, how: str) -> tuple[str, dict[str, Any]]:
    """The story page as a frontend reads it, by hash over GET or by POST: its X-Cache and
    its article."""
    if how == "get":
        answer = await reader.get("/graphql", params=by_hash())
        if _not_found(answer):  # as Apollo's link does: the hash with its text, once
            answer = await reader.get("/graphql", params={**by_hash(), "query": PAGE})
    else:
        answer = await reader.post(
            "/graphql", json={"query": PAGE, "variables": {"slug": content.STORY_SLUG}}
        )
    assert answer.status_code == 200, answer.text
    article: dict[str, Any] = answer.json()["data"]["article"]
    return answer.headers.get("x-cache", ""), article


def _not_found(answer: httpx.Response) -> bool:
    errors = answer.json().get("errors") or [{}]
    return bool(errors[0].get("extensions", {}).get("code") == "PERSISTED_QUERY_NOT_FOUND")
