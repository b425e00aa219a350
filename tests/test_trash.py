"""The trash: gone from every path, back whole on restore, purged only by admins."""

from datetime import UTC, datetime
from typing import Any

import pytest

import models
from tests import factories
from tests.conftest import Clock, GraphQL
from tests.test_drafts import global_id

PAGE = """query($id: ID!) {
  bySlug: article(slug: "binned") {
    headline version leadImage { text } body { __typename } relatedStories { headline }
  }
  node(id: $id) { id }
  articles(first: 20) { totalCount }
}"""


def lifecycle(name: str) -> str:
    return f"""mutation($id: ID!, $v: Int!) {{
      {name}(id: $id, expectedVersion: $v) {{
        __typename ... on Article {{ version }} ... on Problem {{ message code }}
      }}
    }}"""


async def test_trashed_article_is_gone_everywhere_and_comes_back_whole(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    target = await factories.article(slug="target", headline="Teased")
    article = await factories.article(slug="binned", headline="Binned", teasers=[target])
    article_id = global_id("Article", article.id)
    editor = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    before = await gql(PAGE, id=article_id)

    trashed = await gql(lifecycle("deleteArticle"), bearer=editor, id=article_id, v=1)
    public = await gql(PAGE, id=article_id)
    preview = await gql(PAGE, bearer=editor, id=article_id)
    restored = await gql(lifecycle("restoreArticle"), bearer=editor, id=article_id, v=2)
    after = await gql(PAGE, id=article_id)

    assert trashed["data"]["deleteArticle"] == {"__typename": "Article", "version": 2}
    gone = {"bySlug": None, "node": None, "articles": {"totalCount": 1}}
    assert public["data"] == preview["data"] == gone
    assert restored["data"]["restoreArticle"] == {"__typename": "Article", "version": 3}
    assert after["data"] == {**before["data"], "bySlug": {**before["data"]["bySlug"], "version": 3}}
    assert before["data"]["bySlug"]["relatedStories"] == [{"headline": "Teased"}]


async def test_purge_is_for_admins_from_the_trash_and_refused_while_teased(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    await factories.user(models.Role.ADMIN, email="chief@newsroom.test")
    teased = await factories.article(slug="teased")
    await factories.article(slug="teaser", teasers=[teased])
    lonely = await factories.article(slug="lonely")
    editor = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    admin = await gql.sign_in("chief@newsroom.test", factories.PASSWORD)
    purge = """mutation($id: ID!, $v: Int! = 2) { purgeArticle(id: $id, expectedVersion: $v)
      { __typename ... on Problem { message } } }"""

    not_in_trash = await gql(purge, bearer=admin, id=global_id("Article", lonely.id), v=1)
    for row in (teased, lonely):
        await gql(lifecycle("deleteArticle"), bearer=editor, id=global_id("Article", row.id), v=1)
    by_editor = await gql(purge, bearer=editor, id=global_id("Article", lonely.id))
    while_teased = await gql(purge, bearer=admin, id=global_id("Article", teased.id))
    purged = await gql(purge, bearer=admin, id=global_id("Article", lonely.id))

    assert not_in_trash["data"]["purgeArticle"] == {
        "__typename": "NotFoundError",
        "message": f"No article {lonely.id} in the trash.",
    }
    assert by_editor["data"]["purgeArticle"] == {
        "__typename": "ForbiddenError",
        "message": "Only admins purge.",
    }
    assert while_teased["data"]["purgeArticle"]["__typename"] == "ValidationError"
    assert purged["data"]["purgeArticle"] == {"__typename": "PurgedArticle"}
    assert sorted(row.slug for row in await models.Article.all()) == ["teased", "teaser"]


TRASH = """{ trash(first: 10) {
  totalCount
  nodes { article { id headline version } deletedBy deletedAt }
} }"""


async def test_the_trash_lists_what_editors_deleted_newest_first(
    gql: GraphQL, clock: Clock
) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test", display_name="Desk")
    await factories.user(models.Role.ADMIN, email="chief@newsroom.test", display_name="Chief")
    first = await factories.article(headline="Old story")
    second = await factories.article(headline="Wrong story")
    kept = await factories.article(headline="Kept")
    desk = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    chief = await gql.sign_in("chief@newsroom.test", factories.PASSWORD)
    clock.frozen = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    await gql(lifecycle("deleteArticle"), bearer=desk, id=global_id("Article", first.id), v=1)
    clock.frozen = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    await gql(lifecycle("deleteArticle"), bearer=chief, id=global_id("Article", second.id), v=1)

    listed = await gql(TRASH, bearer=desk)
    await gql(lifecycle("restoreArticle"), bearer=desk, id=global_id("Article", second.id), v=2)
    after = await gql(TRASH, bearer=desk)

    def entry(article: models.Article, by: str, at: str) -> dict[str, Any]:
        node = {"id": global_id("Article", article.id), "headline": article.headline, "version": 2}
        return {"article": node, "deletedBy": by, "deletedAt": at}

    assert listed["data"]["trash"] == {
        "totalCount": 2,
        "nodes": [
            entry(second, "Chief", "2026-12-01T10:00:00+00:00"),
            entry(first, "Desk", "2026-12-01T09:00:00+00:00"),
        ],
    }
    assert after["data"]["trash"] == {
        "totalCount": 1,
        "nodes": [entry(first, "Desk", "2026-12-01T09:00:00+00:00")],
    }
    assert kept.deleted_at is None


@pytest.mark.parametrize("role", [None, models.Role.WRITER])
async def test_the_trash_is_closed_to_writers_and_strangers(
    gql: GraphQL, role: models.Role | None
) -> None:
    bearer = None
    if role is not None:
        await factories.user(role, email="someone@newsroom.test")
        bearer = await gql.sign_in("someone@newsroom.test", factories.PASSWORD)

    body = await gql(TRASH, bearer=bearer)

    assert body == {
        "data": {"trash": None},
        "errors": [
            {
                "message": "The trash is for editors.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["trash"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
        # Refused before any statement ran.
        "extensions": {"cost": {"requested": 10, "limit": 10_000}, "sql": {"count": 0}},
    }
