"""Every mutation leaves an audit entry, success or not; only admins read the log."""

import models
from tests import factories
from tests.conftest import GraphQL
from tests.test_drafts import global_id

LOG = "{ auditLog(first: 10) { totalCount nodes { actor action target outcome } } }"


async def test_mutations_are_logged_with_actor_target_and_outcome(gql: GraphQL) -> None:
    await factories.user(models.Role.ADMIN, email="chief@newsroom.test")
    await factories.user(models.Role.WRITER, email="writer@newsroom.test")
    article = await factories.article(published_at=None)
    article_id = global_id("Article", article.id)
    await gql('mutation { login(email: "nobody@newsroom.test", password: "guess") { __typename } }')
    writer = await gql.sign_in("writer@newsroom.test", factories.PASSWORD)
    await gql(
        "mutation($id: ID!) { publishArticle(id: $id, expectedVersion: 1) { __typename } }",
        bearer=writer,
        id=article_id,
    )
    admin = await gql.sign_in("chief@newsroom.test", factories.PASSWORD)

    log = await gql(LOG, bearer=admin)
    refused = await gql(LOG, bearer=writer)

    assert log["data"]["auditLog"] == {
        "totalCount": 4,
        "nodes": [
            {
                "actor": "anonymous",
                "action": "login",
                "target": "chief@newsroom.test",
                "outcome": "Session",
            },
            {
                "actor": "writer@newsroom.test",
                "action": "publishArticle",
                "target": article_id,
                "outcome": "ForbiddenError",
            },
            {
                "actor": "anonymous",
                "action": "login",
                "target": "writer@newsroom.test",
                "outcome": "Session",
            },
            {
                "actor": "anonymous",
                "action": "login",
                "target": "nobody@newsroom.test",
                "outcome": "AuthenticationError",
            },
        ],
    }
    assert refused["data"] == {"auditLog": None}
    assert refused["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
