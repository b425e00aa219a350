"""addRelatedStory, moveRelatedStory, removeRelatedStory: one teaser at a time."""

from datetime import UTC, datetime
from typing import Any

import models
from settings import Settings
from tests import factories
from tests.conftest import GraphQL
from tests.test_article_edits import _draft, bearer
from tests.test_drafts import global_id

RESULT = """
    __typename
    ... on Article {
      version
      body {
        __typename
        ... on ParagraphBlock { text }
        ... on RelatedStoryBlock { relatedStory { id position headline url image { text } } }
      }
    }
    ... on ConflictError { currentVersion }
    ... on Problem { message code fields }
"""
ADD = (
    """mutation($id: ID!, $v: Int!, $at: Int!, $story: TeaserInput!) {
  addRelatedStory(id: $id, expectedVersion: $v, at: $at, story: $story) {"""
    + RESULT
    + "} }"
)
MOVE = (
    """mutation($id: ID!, $v: Int!, $to: Int!) {
  moveRelatedStory(id: $id, expectedVersion: $v, to: $to) {"""
    + RESULT
    + "} }"
)
REMOVE = (
    """mutation($id: ID!, $v: Int!) {
  removeRelatedStory(id: $id, expectedVersion: $v) {"""
    + RESULT
    + "} }"
)


def paragraph(text: str) -> dict[str, Any]:
    return {"__typename": "ParagraphBlock", "text": text}


def teaser(story_id: int, position: int, headline: str, **fields: Any) -> dict[str, Any]:
    return {
        "__typename": "RelatedStoryBlock",
        "relatedStory": {
            "id": global_id("RelatedStory", story_id),
            "position": position,
            "headline": headline,
            "url": None,
            "image": None,
            **fields,
        },
    }


async def _stored(article: models.Article) -> tuple[Any, ...]:
    row = await models.Article.get(id=article.id)
    stories = await models.RelatedStory.filter(article_id=article.id).values_list("id", flat=True)
    captions = await models.Caption.filter(article_id=article.id).values_list("id", flat=True)
    revisions = await models.Revision.filter(article_id=article.id).count()
    return row.version, row.body, sorted(stories), sorted(captions), revisions


async def test_add_move_and_remove_a_teaser_each_make_one_version(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    token = bearer(settings, editor)
    article = await _draft(editor, blocks=["One.", "Two."])
    target = await factories.article(headline="Sea walls rise")
    image = await factories.image()
    story = {
        "articleId": global_id("Article", target.id),
        "image": {"imageId": global_id("Image", image.id), "caption": "Tuvalu."},
    }

    added = await gql(
        ADD, bearer=token, id=global_id("Article", article.id), v=1, at=1, story=story
    )
    new_id = (await models.RelatedStory.get(article_id=article.id)).id
    off_site = await gql(
        ADD,
        bearer=token,
        id=global_id("Article", article.id),
        v=2,
        at=3,
        story={"url": "https://example.org/tide", "headline": "Tide tables"},
    )
    link_id = (await models.RelatedStory.get(url__isnull=False)).id
    moved = await gql(MOVE, bearer=token, id=global_id("RelatedStory", new_id), v=3, to=3)
    removed = await gql(REMOVE, bearer=token, id=global_id("RelatedStory", new_id), v=4)

    sea_walls = teaser(new_id, 1, "Sea walls rise", image={"text": "Tuvalu."})
    link = teaser(link_id, 3, "Tide tables", url="https://example.org/tide")
    assert added["data"]["addRelatedStory"] == {
        "__typename": "Article",
        "version": 2,
        "body": [paragraph("One."), sea_walls, paragraph("Two.")],
    }
    assert off_site["data"]["addRelatedStory"]["body"] == [
        paragraph("One."),
        sea_walls,
        paragraph("Two."),
        link,
    ]
    assert moved["data"]["moveRelatedStory"]["body"] == [
        paragraph("One."),
        paragraph("Two."),
        teaser(link_id, 2, "Tide tables", url="https://example.org/tide"),
        teaser(new_id, 3, "Sea walls rise", image={"text": "Tuvalu."}),
    ]
    assert removed["data"]["removeRelatedStory"] == {
        "__typename": "Article",
        "version": 5,
        "body": [
            paragraph("One."),
            paragraph("Two."),
            teaser(link_id, 2, "Tide tables", url="https://example.org/tide"),
        ],
    }
    # The removed teaser's row and its picture's caption are gone; a revision per write.
    assert await models.RelatedStory.filter(id=new_id).exists() is False
    assert await models.Caption.filter(article_id=article.id, text="Tuvalu.").count() == 0
    assert await models.Revision.filter(article_id=article.id).count() == 5


async def test_bad_teaser_edits_get_typed_problems_and_change_nothing(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    token = bearer(settings, editor)
    other = await factories.article()
    article = await _draft(editor, teasers=[other])
    story_id = (await models.RelatedStory.get(article_id=article.id)).id
    story = global_id("RelatedStory", story_id)
    before = await _stored(article)
    article_id = global_id("Article", article.id)

    answers = [
        await gql(ADD, bearer=token, id=article_id, v=1, at=9, story={"url": "https://a.test"}),
        await gql(ADD, bearer=token, id=article_id, v=1, at=0, story={"url": "javascript:x"}),
        await gql(ADD, bearer=token, id=article_id, v=1, at=0, story={}),
        await gql(ADD, bearer=token, id=article_id, v=1, at=0, story={"articleId": article_id}),
        await gql(ADD, bearer=token, id=article_id, v=7, at=0, story={"url": "https://a.test"}),
        await gql(MOVE, bearer=token, id=story, v=1, to=-1),
        await gql(MOVE, bearer=token, id=story, v=1, to=3),
        await gql(MOVE, bearer=token, id=global_id("RelatedStory", 999), v=1, to=0),
        await gql(REMOVE, bearer=token, id=story, v=2),
        await gql(REMOVE, id=story, v=1),
    ]

    assert [next(iter(answer["data"].values())) for answer in answers] == [
        {
            "__typename": "ValidationError",
            "message": "at must be between 0 and 3.",
            "code": "VALIDATION_FAILED",
            "fields": ["at"],
        },
        {
            "__typename": "ValidationError",
            "message": "story.url: must be an https:// address.",
            "code": "VALIDATION_FAILED",
            "fields": ["story.url"],
        },
        {
            "__typename": "ValidationError",
            "message": "story: give exactly one of articleId or url.",
            "code": "VALIDATION_FAILED",
            "fields": ["story"],
        },
        {
            "__typename": "ValidationError",
            "message": "story.articleId: an article cannot tease itself.",
            "code": "VALIDATION_FAILED",
            "fields": ["story.articleId"],
        },
        {
            "__typename": "ConflictError",
            "currentVersion": 1,
            "message": "The article is at version 1, not 7.",
            "code": "CONFLICT",
            "fields": [],
        },
        {
            "__typename": "ValidationError",
            "message": "to must be between 0 and 2.",
            "code": "VALIDATION_FAILED",
            "fields": ["to"],
        },
        {
            "__typename": "ValidationError",
            "message": "to must be between 0 and 2.",
            "code": "VALIDATION_FAILED",
            "fields": ["to"],
        },
        {
            "__typename": "NotFoundError",
            "message": "No related story 999.",
            "code": "NOT_FOUND",
            "fields": ["id"],
        },
        {
            "__typename": "ConflictError",
            "currentVersion": 1,
            "message": "The article is at version 1, not 2.",
            "code": "CONFLICT",
            "fields": [],
        },
        {
            "__typename": "ForbiddenError",
            "message": "Sign in as a newsroom account to write.",
            "code": "FORBIDDEN",
            "fields": [],
        },
    ]
    assert await _stored(article) == before


async def test_positions_count_the_body_the_editor_sees(gql: GraphQL, settings: Settings) -> None:
    editor = await factories.user(models.Role.EDITOR)
    token = bearer(settings, editor)
    binned = await factories.article(slug="binned")
    article = await _draft(editor, blocks=["One.", "Two.", "Three."], teasers=[binned])
    await models.Article.filter(id=binned.id).update(deleted_at=datetime.now(UTC))
    article_id = global_id("Article", article.id)

    added = await gql(
        ADD,
        bearer=token,
        id=article_id,
        v=1,
        at=2,
        story={"url": "https://example.org/x", "headline": "More"},
    )
    new = await models.RelatedStory.get(url="https://example.org/x")
    moved = await gql(MOVE, bearer=token, id=global_id("RelatedStory", new.id), v=2, to=0)
    too_far = await gql(MOVE, bearer=token, id=global_id("RelatedStory", new.id), v=3, to=4)

    link = teaser(new.id, 2, "More", url="https://example.org/x")
    assert added["data"]["addRelatedStory"]["body"] == [
        paragraph("One."),
        paragraph("Two."),
        link,
        paragraph("Three."),
    ]
    assert moved["data"]["moveRelatedStory"]["body"] == [
        {**link, "relatedStory": {**link["relatedStory"], "position": 0}},
        paragraph("One."),
        paragraph("Two."),
        paragraph("Three."),
    ]
    # The range counts what the editor sees; the hidden teaser is not given away.
    assert too_far["data"]["moveRelatedStory"]["message"] == "to must be between 0 and 3."
    stored = (await models.Article.get(id=article.id)).body
    assert [block["type"] for block in stored] == [
        "related",
        "paragraph",
        "related",
        "paragraph",
        "paragraph",
    ]
