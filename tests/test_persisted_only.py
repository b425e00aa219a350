"""DATELINE_PERSISTED_ONLY: the public endpoint runs registered documents only."""

import hashlib
import json
from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette

import models
from tests import factories
from tests.conftest import GraphQL

REGISTERED = "query Home { articles(first: 5) { totalCount } }"


@pytest.fixture
def strict(app: Starlette, client: httpx.AsyncClient) -> Iterator[httpx.AsyncClient]:
    """The suite's server with the setting on (as DATELINE_PERSISTED_ONLY=true sets it)."""
    app.state.documents.persisted_only = True
    yield client
    app.state.documents.persisted_only = False


def by_hash(query: str) -> dict[str, str]:
    digest = hashlib.sha256(query.encode()).hexdigest()
    return {"extensions": json.dumps({"persistedQuery": {"version": 1, "sha256Hash": digest}})}


async def test_only_registered_documents_run_for_the_public(
    strict: httpx.AsyncClient, gql: GraphQL
) -> None:
    await models.PersistedDocument.create(
        sha256=hashlib.sha256(REGISTERED.encode()).hexdigest(), name="home", body=REGISTERED
    )
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    other = "{ sections { slug } }"

    registered = await strict.get("/graphql", params=by_hash(REGISTERED))
    raw = await strict.post("/graphql", json={"query": other})
    registering = await strict.get("/graphql", params={**by_hash(other), "query": other})
    editor = await strict.post(
        "/graphql", json={"query": other}, headers={"authorization": f"Bearer {token}"}
    )
    # The editor's client registered `other` by APQ; the public still may not run it.
    await strict.post(
        "/graphql",
        json={"query": other, "extensions": json.loads(by_hash(other)["extensions"])},
        headers={"authorization": f"Bearer {token}"},
    )
    by_hash_only = await strict.get("/graphql", params=by_hash(other))

    assert registered.json()["data"] == {"articles": {"totalCount": 0}}, registered.text
    assert raw.json()["errors"][0]["extensions"] == {"code": "PERSISTED_QUERY_REQUIRED"}
    assert registering.json()["errors"][0]["extensions"] == {
        "code": "PERSISTED_QUERY_NOT_SUPPORTED"
    }
    assert by_hash_only.json()["errors"][0]["extensions"] == {"code": "PERSISTED_QUERY_NOT_FOUND"}
    # The newsroom keeps full GraphQL.
    assert editor.json()["data"] == {"sections": []}
