"""The whole editor flow over HTTP, as an editor drives it from GraphiQL."""

from typing import Any

import models
from tests import factories
from tests.conftest import GraphQL
from tests.test_drafts import global_id

CREATE = """mutation($input: CreateArticleInput!) {
  createArticle(input: $input) { __typename ... on Article { id version } }
}"""
LEAD = """mutation($id: ID!, $v: Int!, $image: PictureInput!) {
  setLeadImage(id: $id, expectedVersion: $v, image: $image) { __typename ... on Article { version } }
}"""
BODY = """mutation($id: ID!, $v: Int!, $blocks: [BodyBlockInput!]!) {
  setArticleBody(id: $id, expectedVersion: $v, blocks: $blocks) {
    __typename
    ... on Article { version }
    ... on Problem { message fields }
  }
}"""
PUBLISH = """mutation($id: ID!, $v: Int!) {
  publishArticle(id: $id, expectedVersion: $v) { __typename ... on Article { version } }
}"""
PAGE = """{
  article(slug: "atoll-gauges") {
    headline
    leadImage { text credit }
    body {
      __typename
      ... on ParagraphBlock { text }
      ... on RelatedStoryBlock { relatedStory { position headline image { text } } }
    }
  }
}"""


async def test_login_draft_teasers_preview_publish(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    section = await factories.section(slug="asia")
    picture = await factories.image(alt_text="Sea wall", copyright_holder="Meridian", creator="Ana")
    published = await factories.article(in_section=section, slug="old", headline="Already out")
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)

    async def create(slug: str, headline: str) -> dict[str, Any]:
        answer = await gql(
            CREATE,
            bearer=token,
            input={
                "sectionId": global_id("Section", section.id),
                "slug": slug,
                "headline": headline,
            },
        )
        created: dict[str, Any] = answer["data"]["createArticle"]
        return created

    story = await create("atoll-gauges", "Atolls install tide gauges")
    other_draft = await create("still-secret", "Not out yet")
    lead = await gql(
        LEAD,
        bearer=token,
        id=story["id"],
        v=1,
        image={"imageId": global_id("Image", picture.id), "caption": "Funafuti, 2021."},
    )
    body = await gql(
        BODY,
        bearer=token,
        id=story["id"],
        v=2,
        blocks=[
            {"paragraph": "The gauges report every six minutes."},
            {
                "relatedStory": {
                    "articleId": global_id("Article", published.id),
                    "image": {"imageId": global_id("Image", picture.id), "caption": "Old."},
                }
            },
            {"paragraph": "Officials welcomed the data."},
            {"relatedStory": {"articleId": other_draft["id"], "headline": "Coming soon"}},
        ],
    )
    preview = await gql(PAGE, bearer=token)
    public_before = await gql(PAGE)
    publish = await gql(PUBLISH, bearer=token, id=story["id"], v=3)
    public_after = await gql(PAGE)

    assert (lead["data"], body["data"]) == (
        {"setLeadImage": {"__typename": "Article", "version": 2}},
        {"setArticleBody": {"__typename": "Article", "version": 3}},
    )
    teaser_old = {
        "__typename": "RelatedStoryBlock",
        "relatedStory": {"position": 1, "headline": "Already out", "image": {"text": "Old."}},
    }
    first = {"__typename": "ParagraphBlock", "text": "The gauges report every six minutes."}
    second = {"__typename": "ParagraphBlock", "text": "Officials welcomed the data."}
    assert preview["data"]["article"] == {
        "headline": "Atolls install tide gauges",
        "leadImage": {"text": "Funafuti, 2021.", "credit": "© Meridian 2024 / Ana"},
        "body": [
            first,
            teaser_old,
            second,
            {
                "__typename": "RelatedStoryBlock",
                "relatedStory": {"position": 3, "headline": "Coming soon", "image": None},
            },
        ],
    }
    assert public_before["data"] == {"article": None}
    assert publish["data"] == {"publishArticle": {"__typename": "Article", "version": 4}}
    assert public_after["data"]["article"]["body"] == [first, teaser_old, second]


async def test_bad_blocks_are_all_reported_and_nothing_is_written(gql: GraphQL) -> None:
    editor = await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    article = await factories.article(published_at=None, blocks=["Kept."])
    article.created_by = editor
    await article.save()
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)

    answer = await gql(
        BODY,
        bearer=token,
        id=global_id("Article", article.id),
        v=1,
        blocks=[
            {"heading": {"text": "Too deep", "level": 9}},
            {"relatedStory": {"url": "javascript:alert(1)"}},
            {"image": {"imageId": global_id("Image", 999), "caption": "Ghost"}},
            {"relatedStory": {"articleId": global_id("Article", article.id)}},
        ],
    )

    assert answer["data"]["setArticleBody"] == {
        "__typename": "ValidationError",
        "message": (
            "blocks.0: Input should be less than or equal to 4; "
            "blocks.1.relatedStory.url: must be an https:// address; "
            "blocks.3.relatedStory.articleId: an article cannot tease itself; "
            "blocks.2.image.imageId: no such image."
        ),
        "fields": [
            "blocks.0",
            "blocks.1.relatedStory.url",
            "blocks.3.relatedStory.articleId",
            "blocks.2.image.imageId",
        ],
    }
    stored = await models.Article.get(id=article.id)
    assert (stored.body, stored.version) == ([{"type": "paragraph", "text": "Kept."}], 1)


async def test_limits_apply_to_the_sanitised_text_and_every_field_is_cleaned(gql: GraphQL) -> None:
    editor = await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    picture = await factories.image()
    image_id = global_id("Image", picture.id)
    article = await factories.article(published_at=None, blocks=["Kept."])
    article.created_by = editor
    await article.save()
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    article_id = global_id("Article", article.id)

    refused = await gql(
        BODY,
        bearer=token,
        id=article_id,
        v=1,
        blocks=[
            {"paragraph": "<img src=x onerror=alert(1)>"},
            {"heading": {"text": "<" * 300}},
            {"image": {"imageId": image_id, "caption": "C", "crop": "a-very-long-crop-name"}},
            {"image": {"imageId": image_id, "caption": "C", "creditOverride": "x" * 201}},
            {
                "relatedStory": {
                    "url": 'https://e.example/"><script>x</script>',
                    "headline": "h" * 201,
                }
            },
        ],
    )
    accepted = await gql(
        BODY,
        bearer=token,
        id=article_id,
        v=1,
        blocks=[
            {
                "image": {
                    "imageId": image_id,
                    "caption": "C",
                    "altOverride": '"><script>alert(1)</script>',
                }
            },
            {
                "embed": {
                    "url": "https://video.example/v/1",
                    "provider": "<b>Tube</b>",
                    "title": "<script>t</script>T",
                }
            },
        ],
    )

    assert refused["data"]["setArticleBody"]["fields"] == [
        "blocks.0",
        "blocks.1",
        "blocks.4.relatedStory.url",
        "blocks.4.relatedStory.headline",
        "blocks.2.image.crop",
        "blocks.3.image.creditOverride",
    ]
    assert accepted["data"]["setArticleBody"] == {"__typename": "Article", "version": 2}
    stored = await models.Article.get(id=article.id)
    caption = await models.Caption.get(id=stored.body[0]["caption_id"])
    assert caption.alt_override == '"'  # text, not HTML: the tag and its brackets are gone
    assert stored.body[1] == {
        "type": "embed",
        "url": "https://video.example/v/1",
        "provider": "Tube",
        "title": "T",
    }
