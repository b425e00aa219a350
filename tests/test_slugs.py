"""changeSlug: the old slug keeps resolving, to the article with its new slug."""

import models
from tests import factories
from tests.conftest import GraphQL
from tests.test_drafts import global_id

CHANGE = """mutation($id: ID!, $v: Int!, $slug: String!) {
  changeSlug(id: $id, expectedVersion: $v, slug: $slug) {
    __typename ... on Article { slug version } ... on Problem { message fields }
  }
}"""
BY_SLUG = "query($slug: String!) { article(slug: $slug) { slug headline } }"


async def test_old_slug_leads_to_the_article_under_its_new_slug(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    article = await factories.article(slug="first-take", headline="Story")
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    article_id = global_id("Article", article.id)

    renamed = await gql(CHANGE, bearer=token, id=article_id, v=1, slug="better-take")
    again = await gql(CHANGE, bearer=token, id=article_id, v=2, slug="final-take")
    answers = [
        (await gql(BY_SLUG, slug=s))["data"]["article"]
        for s in ("first-take", "better-take", "final-take")
    ]
    back = await gql(CHANGE, bearer=token, id=article_id, v=3, slug="first-take")

    assert renamed["data"]["changeSlug"] == {
        "__typename": "Article",
        "slug": "better-take",
        "version": 2,
    }
    assert again["data"]["changeSlug"]["slug"] == "final-take"
    assert answers == [{"slug": "final-take", "headline": "Story"}] * 3
    assert back["data"]["changeSlug"] == {
        "__typename": "Article",
        "slug": "first-take",
        "version": 4,
    }
    assert sorted(a.slug for a in await models.SlugAlias.all()) == ["better-take", "final-take"]


async def test_a_slug_in_use_or_kept_by_another_article_is_refused(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    mover = await factories.article(slug="mover")
    other = await factories.article(slug="other")
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    await gql(CHANGE, bearer=token, id=global_id("Article", other.id), v=1, slug="other-new")

    taken = await gql(
        CHANGE, bearer=token, id=global_id("Article", mover.id), v=1, slug="other-new"
    )
    kept = await gql(CHANGE, bearer=token, id=global_id("Article", mover.id), v=1, slug="other")
    bad = await gql(CHANGE, bearer=token, id=global_id("Article", mover.id), v=1, slug="Not OK")

    assert taken["data"]["changeSlug"] == {
        "__typename": "ValidationError",
        "message": "The slug 'other-new' is taken in en.",
        "fields": ["slug"],
    }
    assert kept["data"]["changeSlug"]["__typename"] == "ValidationError"
    assert bad["data"]["changeSlug"]["fields"] == ["slug"]
    assert (await models.Article.get(id=mover.id)).slug == "mover"


async def test_an_old_slug_of_a_draft_stays_hidden(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    draft = await factories.article(slug="secret-first", published_at=None)
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    await gql(CHANGE, bearer=token, id=global_id("Article", draft.id), v=1, slug="secret-second")

    assert (await gql(BY_SLUG, slug="secret-first"))["data"] == {"article": None}
