"""What a request loads is freed with its answer, not left for the garbage collector."""

import gc

from tortoise.models import Model

import models
from tests import factories
from tests.conftest import GraphQL
from tests.documents import document


async def test_a_page_s_rows_are_freed_when_it_is_answered(gql: GraphQL) -> None:
    """The loaders refer to each other in a cycle, which only the collector's rare full
    passes free; under load the rows it held piled up (resolvers.loaders.Loaders.release)."""
    section = await factories.section(slug="news")
    made: list[models.Article] = []
    for n in range(6):
        made.append(await factories.article(in_section=section, teasers=made[-3:], slug=f"s-{n}"))
    request = {"query": document("homepage"), "variables": {"first": 5}}
    fresh = {"cache-control": "no-cache"}  # run it, not the answer cache's copy
    await gql.client.post("/graphql", json=request, headers=fresh)  # warm: parse, statements
    gc.collect()
    gc.disable()
    try:
        body = (await gql.client.post("/graphql", json=request, headers=fresh)).json()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        left = [type(o).__name__ for o in gc.garbage if isinstance(o, Model)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()

    assert len(body["data"]["articles"]["edges"]) == 5
    assert left == []
