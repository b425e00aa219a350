"""The trash: gone from every path, back whole on restore, purged only by admins."""

import models
from tests import factories
from tests.conftest import GraphQL
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
    purge = "mutation($id: ID!) { purgeArticle(id: $id) { __typename ... on Problem { message } } }"

    not_in_trash = await gql(purge, bearer=admin, id=global_id("Article", lonely.id))
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
