"""Bylines and tags written through GraphQL: ordered, version-checked, revised, restorable."""

from typing import Any

import models
from settings import Settings
from tests import factories
from tests.conftest import GraphQL
from tests.test_article_edits import bearer
from tests.test_drafts import global_id

SET_AUTHORS = """mutation($id: ID!, $version: Int!, $ids: [ID!]!) {
  setArticleAuthors(id: $id, expectedVersion: $version, authorIds: $ids) {
    __typename
    ... on Article { version authors { name } }
    ... on ConflictError { currentVersion fields }
    ... on Problem { message code fields }
  }
}"""
SET_TAGS = """mutation($id: ID!, $version: Int!, $ids: [ID!]!) {
  setArticleTags(id: $id, expectedVersion: $version, tagIds: $ids) {
    __typename
    ... on Article { version tags { name } }
    ... on ConflictError { currentVersion fields }
    ... on Problem { message code fields }
  }
}"""
PAGE = """query($slug: String!) { article(slug: $slug) { authors { name } tags { name } } }"""


async def rows(article: models.Article) -> dict[str, Any]:
    """Everything a byline or tag write may touch, to compare before and after."""
    current = await models.Article.get(id=article.id)
    return {
        "version": current.version,
        "bylines": await models.ArticleAuthor.filter(article_id=article.id)
        .order_by("position")
        .values_list("author_id", "position"),
        "tags": sorted(
            await models.ArticleTag.filter(article_id=article.id).values_list("tag_id", flat=True)
        ),
        "revisions": await models.Revision.filter(article_id=article.id).count(),
    }


async def test_an_editor_sets_bylines_in_order_and_tags_and_readers_see_them(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    article = await factories.article(slug="tide")
    lena = await factories.author(name="Lena Marsh")
    tomas = await factories.author(name="Tomas Ruiz")
    oceans = await factories.tag(name="Oceans")
    climate = await factories.tag(name="Climate")
    token = bearer(settings, editor)
    article_id = global_id("Article", article.id)
    before = await gql(PAGE, slug="tide")

    bylines = await gql(
        SET_AUTHORS,
        bearer=token,
        id=article_id,
        version=article.version,
        ids=[global_id("Author", tomas.id), global_id("Author", lena.id)],
    )
    tags = await gql(
        SET_TAGS,
        bearer=token,
        id=article_id,
        version=article.version + 1,
        ids=[global_id("Tag", oceans.id), global_id("Tag", climate.id)],
    )
    after = await gql(PAGE, slug="tide")
    history = await gql(
        """query($id: ID!) { node(id: $id) { ... on Article {
          revisions(first: 2) { nodes { version message diff { field } } } } } }""",
        bearer=token,
        id=article_id,
    )

    assert before["data"] == {"article": {"authors": [], "tags": []}}
    assert bylines["data"]["setArticleAuthors"] == {
        "__typename": "Article",
        "version": article.version + 1,
        "authors": [{"name": "Tomas Ruiz"}, {"name": "Lena Marsh"}],
    }
    assert tags["data"]["setArticleTags"] == {
        "__typename": "Article",
        "version": article.version + 2,
        "tags": [{"name": "Climate"}, {"name": "Oceans"}],
    }
    assert after["data"] == {
        "article": {
            "authors": [{"name": "Tomas Ruiz"}, {"name": "Lena Marsh"}],
            "tags": [{"name": "Climate"}, {"name": "Oceans"}],
        }
    }
    assert history["data"]["node"]["revisions"]["nodes"] == [
        {"version": article.version + 2, "message": "tags set", "diff": [{"field": "tag_ids"}]},
        {
            "version": article.version + 1,
            "message": "bylines set",
            "diff": [{"field": "author_ids"}],
        },
    ]


async def test_every_wrong_id_is_named_at_once_and_nothing_changes(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    article = await factories.article()
    lena = await factories.author(name="Lena Marsh")
    tag = await factories.tag()
    before = await rows(article)

    refused = await gql(
        SET_AUTHORS,
        bearer=bearer(settings, editor),
        id=global_id("Article", article.id),
        version=article.version,
        ids=[
            global_id("Author", lena.id),
            global_id("Author", 9999),
            global_id("Author", lena.id),
            global_id("Tag", tag.id),
        ],
    )

    assert refused["data"]["setArticleAuthors"] == {
        "__typename": "ValidationError",
        "message": "authorIds.1: no such author; authorIds.2: the same author again; "
        "authorIds.3: no such author.",
        "code": "VALIDATION_FAILED",
        "fields": ["authorIds.1", "authorIds.2", "authorIds.3"],
    }
    assert await rows(article) == before


async def test_a_stale_version_is_a_conflict_naming_what_changed(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    article = await factories.article()
    tags = [await factories.tag(), await factories.tag()]
    token = bearer(settings, editor)
    article_id = global_id("Article", article.id)
    await gql(SET_TAGS, bearer=token, id=article_id, version=1, ids=[global_id("Tag", tags[0].id)])
    before = await rows(article)

    stale = await gql(
        SET_TAGS, bearer=token, id=article_id, version=1, ids=[global_id("Tag", tags[1].id)]
    )

    assert stale["data"]["setArticleTags"] == {
        "__typename": "ConflictError",
        "currentVersion": 2,
        "fields": ["tagIds"],
        "message": "The article is at version 2, not 1.",
        "code": "CONFLICT",
    }
    assert await rows(article) == before


async def test_restoring_a_revision_brings_its_bylines_and_tags_back(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    article = await factories.article(slug="tide")
    lena, tomas = await factories.author(name="Lena Marsh"), await factories.author(name="Tom")
    tag = await factories.tag(name="Oceans")
    token = bearer(settings, editor)
    article_id = global_id("Article", article.id)
    await gql(
        SET_AUTHORS, bearer=token, id=article_id, version=1, ids=[global_id("Author", lena.id)]
    )
    await gql(SET_TAGS, bearer=token, id=article_id, version=2, ids=[global_id("Tag", tag.id)])
    await gql(
        SET_AUTHORS, bearer=token, id=article_id, version=3, ids=[global_id("Author", tomas.id)]
    )
    await gql(SET_TAGS, bearer=token, id=article_id, version=4, ids=[])
    version_three = await models.Revision.get(article_id=article.id, version=3)

    restored = await gql(
        """mutation($id: ID!) { restoreRevision(id: $id, expectedVersion: 5) {
          __typename ... on Article { version authors { name } tags { name } } } }""",
        bearer=token,
        id=global_id("Revision", version_three.id),
    )

    assert restored["data"]["restoreRevision"] == {
        "__typename": "Article",
        "version": 6,
        "authors": [{"name": "Lena Marsh"}],
        "tags": [{"name": "Oceans"}],
    }


async def test_a_writer_sets_bylines_on_their_own_draft_only(
    gql: GraphQL, settings: Settings
) -> None:
    writer = await factories.user(models.Role.WRITER)
    published = await factories.article()
    author = await factories.author()

    refused = await gql(
        SET_AUTHORS,
        bearer=bearer(settings, writer),
        id=global_id("Article", published.id),
        version=1,
        ids=[global_id("Author", author.id)],
    )

    assert refused["data"]["setArticleAuthors"] == {
        "__typename": "ForbiddenError",
        "message": "Writers edit their own drafts only.",
        "code": "FORBIDDEN",
        "fields": [],
    }
