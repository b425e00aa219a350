"""The body is the one source of order: pictures and teasers appear where their blocks are."""

import models
from tests import factories
from tests.conftest import GraphQL

BODY = """query($slug: String!) {
  article(slug: $slug) {
    body {
      __typename
      ... on ParagraphBlock { text }
      ... on ImageBlock { caption { text credit alt } }
      ... on RelatedStoryBlock { relatedStory { position headline } }
    }
    relatedStories { position headline }
  }
}"""


async def test_image_blocks_and_teasers_follow_the_body_order(gql: GraphQL) -> None:
    first = await factories.article(headline="First target")
    second = await factories.article(headline="Second target")
    article = await factories.article(slug="host", blocks=[])
    picture = await factories.image(alt_text="Stored alt", copyright_holder="Agency")
    inline = await models.Caption.create(
        article=article,
        image=picture,
        text="Inline caption.",
        credit_override="Handout",
        alt_override="Alt for this use",
    )
    # Created in one order, placed in the other: the body decides.
    to_first = await models.RelatedStory.create(article=article, target=first)
    to_second = await models.RelatedStory.create(article=article, target=second)
    unplaced = await models.RelatedStory.create(article=article, target=first)
    article.body = [
        {"type": "related", "related_story_id": to_second.id},
        {"type": "paragraph", "text": "Between."},
        {"type": "image", "caption_id": inline.id},
        {"type": "related", "related_story_id": to_first.id},
    ]
    await article.save()

    body = await gql(BODY, slug="host")

    assert unplaced.id not in (to_first.id, to_second.id)
    assert body["data"]["article"] == {
        "body": [
            {
                "__typename": "RelatedStoryBlock",
                "relatedStory": {"position": 0, "headline": "Second target"},
            },
            {"__typename": "ParagraphBlock", "text": "Between."},
            {
                "__typename": "ImageBlock",
                "caption": {
                    "text": "Inline caption.",
                    "credit": "Handout",
                    "alt": "Alt for this use",
                },
            },
            {
                "__typename": "RelatedStoryBlock",
                "relatedStory": {"position": 3, "headline": "First target"},
            },
        ],
        "relatedStories": [
            {"position": 0, "headline": "Second target"},
            {"position": 3, "headline": "First target"},
        ],
    }


async def test_blocks_pointing_at_another_articles_caption_or_teaser_are_left_out(
    gql: GraphQL,
) -> None:
    draft = await factories.article(slug="draft", published_at=None)
    draft_caption = await models.Caption.get(article_id=draft.id, role="lead")
    draft_teaser = await models.RelatedStory.create(article=draft, url="https://example.org/")
    host = await factories.article(slug="host", blocks=["Kept."])
    host.body = [
        {"type": "image", "caption_id": draft_caption.id},
        {"type": "paragraph", "text": "Kept."},
        {"type": "related", "related_story_id": draft_teaser.id},
    ]
    await host.save()

    body = await gql(BODY, slug="host")

    assert body["data"]["article"] == {
        "body": [{"__typename": "ParagraphBlock", "text": "Kept."}],
        "relatedStories": [],
    }


async def test_caption_without_overrides_uses_the_images_credit_and_alt(gql: GraphQL) -> None:
    picture = await factories.image(
        alt_text="Stored alt", copyright_holder="Agency", copyright_year=2020, creator="Jo Lens"
    )
    await factories.article(slug="plain", lead=picture)

    body = await gql('{ article(slug: "plain") { leadImage { credit alt } } }')

    assert body["data"] == {
        "article": {"leadImage": {"credit": "© Agency 2020 / Jo Lens", "alt": "Stored alt"}}
    }
