"""Language versions written through GraphQL: createArticle(translationOf), link, unlink."""

import models
from settings import Settings
from tests import factories
from tests.conftest import GraphQL
from tests.storage import stored
from tests.test_article_edits import bearer
from tests.test_drafts import global_id

CREATE = """mutation($input: CreateArticleInput!) {
  createArticle(input: $input) {
    __typename ... on Article { slug locale version } ... on Problem { message code fields }
  }
}"""
LINK = """mutation($id: ID!, $v: Int!, $of: ID!) {
  linkTranslation(id: $id, expectedVersion: $v, translationOf: $of) {
    __typename ... on Article { version } ... on Problem { message code fields }
  }
}"""
UNLINK = """mutation($id: ID!, $v: Int!) {
  unlinkTranslation(id: $id, expectedVersion: $v) {
    __typename ... on Article { version } ... on Problem { message code fields }
  }
}"""
VERSIONS = """query($slug: String!, $locale: String) {
  article(slug: $slug, locale: $locale) { slug translations { slug locale } }
}"""


async def test_a_russian_version_joins_its_story_and_readers_see_the_link(
    gql: GraphQL, settings: Settings
) -> None:
    editor = bearer(settings, await factories.user(models.Role.EDITOR))
    section = await factories.section()
    story = await factories.article(slug="tide", in_section=section)

    created = await gql(
        CREATE,
        bearer=editor,
        input={
            "sectionId": global_id("Section", section.id),
            "slug": "prilivy",
            "headline": "Приливы",
            "locale": "ru",
            "translationOf": global_id("Article", story.id),
        },
    )
    russian = await models.Article.get(slug="prilivy")
    await models.Article.filter(id=russian.id).update(
        status=models.ArticleStatus.PUBLISHED, published_at=factories.PUBLISHED
    )
    english = await gql(VERSIONS, slug="tide")
    in_russian = await gql(VERSIONS, slug="prilivy", locale="ru")

    assert created["data"]["createArticle"] == {
        "__typename": "Article",
        "slug": "prilivy",
        "locale": "ru",
        "version": 1,
    }
    assert english["data"] == {
        "article": {"slug": "tide", "translations": [{"slug": "prilivy", "locale": "ru"}]}
    }
    assert in_russian["data"] == {
        "article": {"slug": "prilivy", "translations": [{"slug": "tide", "locale": "en"}]}
    }


async def test_a_second_version_in_one_locale_is_refused_naming_the_field(
    gql: GraphQL, settings: Settings
) -> None:
    editor = bearer(settings, await factories.user(models.Role.EDITOR))
    section = await factories.section()
    story = await factories.article(slug="tide", in_section=section)
    before = await stored()

    again = await gql(
        CREATE,
        bearer=editor,
        input={
            "sectionId": global_id("Section", section.id),
            "slug": "tide-again",
            "headline": "Tide again",
            "translationOf": global_id("Article", story.id),
        },
    )
    unknown = await gql(
        CREATE,
        bearer=editor,
        input={
            "sectionId": global_id("Section", section.id),
            "slug": "tide-fr",
            "headline": "Marées",
            "locale": "fr",
            "translationOf": global_id("Article", 999),
        },
    )

    assert again["data"]["createArticle"] == {
        "__typename": "ValidationError",
        "message": "input.translationOf: that story already has a version in en.",
        "code": "VALIDATION_FAILED",
        "fields": ["input.translationOf"],
    }
    assert unknown["data"]["createArticle"] == {
        "__typename": "ValidationError",
        "message": "input.translationOf: no such article.",
        "code": "VALIDATION_FAILED",
        "fields": ["input.translationOf"],
    }
    assert await stored() == before


async def test_existing_articles_are_linked_and_unlinked_as_versioned_writes(
    gql: GraphQL, settings: Settings
) -> None:
    editor = bearer(settings, await factories.user(models.Role.EDITOR))
    english = await factories.article(slug="tide")
    french = await factories.article(slug="marees", locale="fr")
    other_french = await factories.article(slug="autre", locale="fr")
    ids = {row.slug: global_id("Article", row.id) for row in (english, french, other_french)}

    linked = await gql(LINK, bearer=editor, id=ids["marees"], v=1, of=ids["tide"])
    after_link = await gql(VERSIONS, slug="tide")
    occupied = await gql(LINK, bearer=editor, id=ids["autre"], v=1, of=ids["tide"])
    itself = await gql(LINK, bearer=editor, id=ids["tide"], v=1, of=ids["tide"])
    stale = await gql(UNLINK, bearer=editor, id=ids["marees"], v=1)
    unlinked = await gql(UNLINK, bearer=editor, id=ids["marees"], v=2)
    after_unlink = await gql(VERSIONS, slug="tide")

    assert linked["data"]["linkTranslation"] == {"__typename": "Article", "version": 2}
    assert after_link["data"]["article"]["translations"] == [{"slug": "marees", "locale": "fr"}]
    assert occupied["data"]["linkTranslation"] == {
        "__typename": "ValidationError",
        "message": "translationOf: that story already has a version in fr.",
        "code": "VALIDATION_FAILED",
        "fields": ["translationOf"],
    }
    assert itself["data"]["linkTranslation"] == {
        "__typename": "ValidationError",
        "message": "translationOf: an article is not a translation of itself.",
        "code": "VALIDATION_FAILED",
        "fields": ["translationOf"],
    }
    assert stale["data"]["unlinkTranslation"]["__typename"] == "ConflictError"
    assert unlinked["data"]["unlinkTranslation"] == {"__typename": "Article", "version": 3}
    assert after_unlink["data"]["article"]["translations"] == []


CREATE_SECTION = """mutation($input: CreateSectionInput!) {
  createSection(input: $input) {
    __typename ... on Section { slug locale version } ... on Problem { message code fields }
  }
}"""
LINK_SECTION = """mutation($id: ID!, $v: Int!, $of: ID!) {
  linkSectionTranslation(id: $id, expectedVersion: $v, translationOf: $of) {
    __typename ... on Section { version } ... on Problem { message code fields }
  }
}"""
SECTION = """query($slug: String!, $locale: String) {
  section(slug: $slug, locale: $locale) { slug version translations { slug locale } }
}"""


async def test_sections_have_language_versions_too(gql: GraphQL, settings: Settings) -> None:
    editor = bearer(settings, await factories.user(models.Role.EDITOR))
    world = await factories.section(slug="world")
    french = await factories.section(slug="monde", locale="fr")
    world_id = global_id("Section", world.id)

    russian = await gql(
        CREATE_SECTION,
        bearer=editor,
        input={"name": "Мир", "slug": "mir", "locale": "ru", "translationOf": world_id},
    )
    second = await gql(
        CREATE_SECTION,
        bearer=editor,
        input={"name": "Мир 2", "slug": "mir-2", "locale": "ru", "translationOf": world_id},
    )
    linked = await gql(
        LINK_SECTION, bearer=editor, id=global_id("Section", french.id), v=1, of=world_id
    )
    itself = await gql(LINK_SECTION, bearer=editor, id=world_id, v=2, of=world_id)
    english = await gql(SECTION, slug="world")

    assert russian["data"]["createSection"] == {
        "__typename": "Section",
        "slug": "mir",
        "locale": "ru",
        "version": 1,
    }
    assert second["data"]["createSection"] == {
        "__typename": "ValidationError",
        "message": "input.translationOf: that section already has a version in ru.",
        "code": "VALIDATION_FAILED",
        "fields": ["input.translationOf"],
    }
    assert linked["data"]["linkSectionTranslation"] == {"__typename": "Section", "version": 2}
    assert itself["data"]["linkSectionTranslation"]["fields"] == ["translationOf"]
    # The original joined a group of its own when its first version came: a write.
    assert english["data"]["section"] == {
        "slug": "world",
        "version": 2,
        "translations": [{"slug": "monde", "locale": "fr"}, {"slug": "mir", "locale": "ru"}],
    }
