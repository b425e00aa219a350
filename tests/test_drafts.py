"""A draft is invisible through every public path."""

import base64
import uuid
from datetime import UTC, datetime, timedelta

import pytest

import models
from tests import factories
from tests.conftest import GraphQL


def global_id(type_name: str, row_id: int) -> str:
    return base64.b64encode(f"{type_name}:{row_id}".encode()).decode()


async def test_draft_is_invisible_through_every_path(gql: GraphQL) -> None:
    section = await factories.section(slug="asia")
    group = uuid.uuid4()
    draft_picture = await factories.image()
    draft = await factories.article(
        in_section=section,
        slug="secret",
        published_at=None,
        lead=draft_picture,
        translation_group=group,
    )
    await factories.article(
        in_section=section,
        slug="public",
        teasers=[draft],
        translation_group=group,
        locale="ru",
    )

    body = await gql(
        """query($draftId: ID!, $imageId: ID!) {
          bySlug: article(slug: "secret") { slug }
          byId: article(id: $draftId) { slug }
          node(id: $draftId) { id }
          image(id: $imageId) { id }
          imageNode: node(id: $imageId) { id }
          articles(first: 100) { totalCount edges { node { slug } } }
          section(slug: "asia") { articles(first: 100) { totalCount edges { node { slug } } } }
          ru: article(slug: "public", locale: "ru") {
            slug
            translations { slug }
            relatedStories { headline }
            body { __typename }
          }
        }""",
        draftId=global_id("Article", draft.id),
        imageId=global_id("Image", draft_picture.id),
    )

    assert body["data"] == {
        "bySlug": None,
        "byId": None,
        "node": None,
        "image": None,
        "imageNode": None,
        "articles": {"totalCount": 0, "edges": []},
        "section": {"articles": {"totalCount": 1, "edges": [{"node": {"slug": "public"}}]}},
        "ru": {
            "slug": "public",
            "translations": [],
            "relatedStories": [],
            "body": [{"__typename": "ParagraphBlock"}, {"__typename": "ParagraphBlock"}],
        },
    }


async def test_article_scheduled_in_the_future_is_invisible(gql: GraphQL) -> None:
    await factories.article(slug="later", published_at=datetime.now(UTC) + timedelta(hours=1))

    body = await gql('{ article(slug: "later") { slug } articles(first: 20) { totalCount } }')

    assert body["data"] == {"article": None, "articles": {"totalCount": 0}}


async def test_published_article_is_reachable_by_every_path(gql: GraphQL) -> None:
    article = await factories.article(slug="open")
    article_id = global_id("Article", article.id)

    body = await gql(
        """query($id: ID!) {
          byId: article(id: $id) { slug }
          node(id: $id) { id ... on Article { slug } }
        }""",
        id=article_id,
    )

    assert body["data"] == {
        "byId": {"slug": "open"},
        "node": {"id": article_id, "slug": "open"},
    }


# A scheduled article whose time has come is visible by design: see test_schedule.py.
@pytest.mark.parametrize(
    "status",
    [models.ArticleStatus.DRAFT, models.ArticleStatus.ARCHIVED],
)
async def test_unpublished_status_hides_an_article_whose_time_has_come(
    gql: GraphQL, status: models.ArticleStatus
) -> None:
    article = await factories.article(slug="pulled")
    await models.Article.filter(id=article.id).update(status=status)

    body = await gql(
        """query($id: ID!) { article(slug: "pulled") { slug } node(id: $id) { id }
                             articles(first: 20) { totalCount } }""",
        id=global_id("Article", article.id),
    )

    assert body["data"] == {"article": None, "node": None, "articles": {"totalCount": 0}}


async def test_tags_and_authors_named_only_on_drafts_stay_unseen(gql: GraphQL) -> None:
    secret_tag = await factories.tag(slug="merger", name="Merger")
    public_tag = await factories.tag(slug="weather", name="Weather")
    hire = await factories.author(slug="new-hire", name="New Hire")
    staff = await factories.author(slug="staff", name="Staff")
    await factories.article(published_at=None, tags=[secret_tag, public_tag], authors=[hire])
    await factories.article(tags=[public_tag], authors=[staff])

    body = await gql(
        """query($tag: ID!, $author: ID!) {
          tags { slug } authors { slug }
          tag: node(id: $tag) { id } author: node(id: $author) { id }
        }""",
        tag=global_id("Tag", secret_tag.id),
        author=global_id("Author", hire.id),
    )

    assert body["data"] == {
        "tags": [{"slug": "weather"}],
        "authors": [{"slug": "staff"}],
        "tag": None,
        "author": None,
    }


async def test_preview_token_sees_drafts_on_every_path_and_content_token_does_not(
    gql: GraphQL,
) -> None:
    section = await factories.section(slug="asia")
    group = uuid.uuid4()
    secret_story = await factories.article(
        in_section=section, slug="secret", published_at=None, translation_group=group
    )
    await factories.article(
        in_section=section,
        slug="host",
        teasers=[secret_story],
        translation_group=group,
        locale="ru",
    )
    preview = await factories.api_token("content:read", "preview:read")
    content = await factories.api_token("content:read")
    query = """query($id: ID!) {
      bySlug: article(slug: "secret") { slug }
      node(id: $id) { ... on Article { slug } }
      section(slug: "asia") { articles(first: 20) { edges { node { slug } } } }
      host: article(slug: "host", locale: "ru") {
        translations { slug } relatedStories { article { slug } }
      }
    }"""

    drafts = await gql(query, bearer=preview, id=global_id("Article", secret_story.id))
    public = await gql(query, bearer=content, id=global_id("Article", secret_story.id))

    assert drafts["data"] == {
        "bySlug": {"slug": "secret"},
        "node": {"slug": "secret"},
        # A draft sorts by its creation time (now): newer than the January story.
        "section": {
            "articles": {"edges": [{"node": {"slug": "secret"}}, {"node": {"slug": "host"}}]}
        },
        "host": {
            "translations": [{"slug": "secret"}],
            "relatedStories": [{"article": {"slug": "secret"}}],
        },
    }
    assert public["data"] == {
        "bySlug": None,
        "node": None,
        "section": {"articles": {"edges": [{"node": {"slug": "host"}}]}},
        "host": {"translations": [], "relatedStories": []},
    }


PICTURE = """query($imageId: ID!) {
  image(id: $imageId) { id }
  node(id: $imageId) { id }
}"""


async def test_a_picture_shown_only_by_a_teaser_to_a_draft_follows_the_draft(
    gql: GraphQL,
) -> None:
    """The teaser's caption belongs to the published host, but the teaser is hidden while
    its target is a draft: so is its picture, until the target is published."""
    draft = await factories.article(slug="coming", published_at=None)
    teaser_picture = await factories.image()
    await factories.article(slug="host", teasers=[draft], teaser_picture=teaser_picture)
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    editor = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    image_id = global_id("Image", teaser_picture.id)

    hidden = await gql(PICTURE, imageId=image_id)
    seen_by_the_desk = await gql(PICTURE, imageId=image_id, bearer=editor)
    published = await gql(
        "mutation($id: ID!, $v: Int!) { publishArticle(id: $id, expectedVersion: $v)"
        " { __typename } }",
        id=global_id("Article", draft.id),
        v=draft.version,
        bearer=editor,
    )
    shown = await gql(PICTURE, imageId=image_id)

    assert hidden["data"] == {"image": None, "node": None}
    assert seen_by_the_desk["data"] == {"image": {"id": image_id}, "node": {"id": image_id}}
    assert published["data"] == {"publishArticle": {"__typename": "Article"}}
    assert shown["data"] == {"image": {"id": image_id}, "node": {"id": image_id}}


async def test_a_picture_shown_by_a_teaser_to_another_site_is_public(gql: GraphQL) -> None:
    picture = await factories.image()
    host = await factories.article(slug="host")
    caption = await models.Caption.create(
        image=picture, article=host, role=models.CaptionRole.TEASER, text="Elsewhere"
    )
    await models.RelatedStory.create(article=host, url="https://example.org/story", caption=caption)
    image_id = global_id("Image", picture.id)

    body = await gql(PICTURE, imageId=image_id)

    assert body["data"] == {"image": {"id": image_id}, "node": {"id": image_id}}
