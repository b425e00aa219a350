"""Every write is a revision; restoring one reproduces the earlier page exactly."""

import models
from tests import factories
from tests.conftest import GraphQL
from tests.test_drafts import global_id

PAGE = """query($slug: String!) {
  article(slug: $slug) {
    headline standfirst
    leadImage { text image { id } }
    body {
      __typename
      ... on ParagraphBlock { text }
      ... on ImageBlock { caption { text credit } }
      ... on RelatedStoryBlock { relatedStory { position headline image { text } } }
    }
  }
}"""
REVISIONS = """query($slug: String!) {
  article(slug: $slug) {
    revisions(first: 10) {
      totalCount
      nodes { id version message author diff { field } }
    }
  }
}"""
BODY = """mutation($id: ID!, $v: Int!, $blocks: [BodyBlockInput!]!) {
  setArticleBody(id: $id, expectedVersion: $v, blocks: $blocks) { __typename }
}"""
UPDATE = """mutation($id: ID!, $v: Int!, $headline: String!) {
  updateArticle(id: $id, expectedVersion: $v, input: {headline: $headline}) { __typename }
}"""
RESTORE = """mutation($id: ID!, $v: Int!) {
  restoreRevision(id: $id, expectedVersion: $v) { __typename ... on Article { version } }
}"""


async def test_restoring_a_revision_reproduces_the_earlier_page(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test", display_name="Desk")
    target = await factories.article(slug="target", headline="Teased story")
    picture = await factories.image()
    article = await factories.article(slug="story", headline="First headline", published_at=None)
    article_id = global_id("Article", article.id)
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    await gql(
        BODY,
        bearer=token,
        id=article_id,
        v=1,
        blocks=[
            {"paragraph": "Original paragraph."},
            {
                "image": {
                    "imageId": global_id("Image", picture.id),
                    "caption": "Inline.",
                    "creditOverride": "Handout",
                }
            },
            {
                "relatedStory": {
                    "articleId": global_id("Article", target.id),
                    "image": {"imageId": global_id("Image", picture.id), "caption": "T."},
                }
            },
        ],
    )
    version_two = await gql(PAGE, bearer=token, slug="story")
    await gql(UPDATE, bearer=token, id=article_id, v=2, headline="Second headline")
    await gql(BODY, bearer=token, id=article_id, v=3, blocks=[{"paragraph": "Rewritten."}])
    history = await gql(REVISIONS, bearer=token, slug="story")
    second = next(n for n in history["data"]["article"]["revisions"]["nodes"] if n["version"] == 2)

    restored = await gql(RESTORE, bearer=token, id=second["id"], v=4)
    now = await gql(PAGE, bearer=token, slug="story")

    assert [
        (n["version"], n["message"], n["author"], [d["field"] for d in n["diff"]])
        for n in history["data"]["article"]["revisions"]["nodes"]
    ] == [
        (4, "body set", "Desk", ["body"]),
        (3, "updated", "Desk", ["headline"]),
        (2, "body set", "Desk", ["body"]),
        (
            1,
            "composed",
            None,
            [
                "author_ids",
                "body",
                "editor_note",
                "headline",
                "lead",
                "locale",
                "section_id",
                "seo_description",
                "seo_title",
                "slug",
                "standfirst",
                "status",
                "tag_ids",
            ],
        ),
    ]
    assert restored["data"] == {"restoreRevision": {"__typename": "Article", "version": 5}}
    assert now["data"] == version_two["data"]
    assert version_two["data"]["article"]["body"][1] == {
        "__typename": "ImageBlock",
        "caption": {"text": "Inline.", "credit": "Handout"},
    }


async def test_revisions_are_not_for_the_public(gql: GraphQL) -> None:
    await factories.article(slug="open")
    reader = await factories.api_token("content:read", "preview:read")

    anonymous = await gql(REVISIONS, slug="open")
    frontend = await gql(REVISIONS, bearer=reader, slug="open")

    for body in (anonymous, frontend):
        assert body["data"] == {"article": {"revisions": None}}
        assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
            ("Revisions are for newsroom accounts.", {"code": "FORBIDDEN"})
        ]
