"""Scheduled articles appear at their time, with no restart and no wait for the scheduler."""

from datetime import UTC, datetime, timedelta

import models
from resolvers import article_edits
from tests import factories
from tests.conftest import Clock, GraphQL
from tests.test_drafts import global_id

SCHEDULE = """mutation($id: ID!, $at: DateTime!) {
  scheduleArticle(id: $id, expectedVersion: 1, publishAt: $at) {
    __typename
    ... on Article { version publishedAt }
    ... on Problem { message fields }
  }
}"""
NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


async def test_scheduled_article_becomes_visible_at_its_time(gql: GraphQL, clock: Clock) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    article = await factories.article(slug="at-one", published_at=None)
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    clock.frozen = NOON

    scheduled = await gql(
        SCHEDULE, bearer=token, id=global_id("Article", article.id), at="2026-12-01T13:00:00+00:00"
    )
    at_noon = await gql('{ article(slug: "at-one") { slug } }')
    clock.frozen = NOON + timedelta(hours=1)
    at_one = await gql('{ article(slug: "at-one") { slug } articles { totalCount } }')

    assert scheduled["data"]["scheduleArticle"] == {
        "__typename": "Article",
        "version": 2,
        "publishedAt": "2026-12-01T13:00:00+00:00",
    }
    assert at_noon["data"] == {"article": None}
    assert at_one["data"] == {"article": {"slug": "at-one"}, "articles": {"totalCount": 1}}
    assert (await models.Article.get(id=article.id)).status == models.ArticleStatus.SCHEDULED


async def test_the_scheduler_marks_due_articles_published_once() -> None:
    due = await factories.article(slug="due", published_at=None)
    later = await factories.article(slug="later", published_at=None)
    await models.Article.filter(id=due.id).update(
        status=models.ArticleStatus.SCHEDULED, published_at=NOON
    )
    await models.Article.filter(id=later.id).update(
        status=models.ArticleStatus.SCHEDULED, published_at=NOON + timedelta(days=1)
    )

    fired = await article_edits.publish_due(NOON + timedelta(minutes=1))
    again = await article_edits.publish_due(NOON + timedelta(minutes=2))

    stored = {
        a.slug: (a.status, a.version, a.first_published_at) for a in await models.Article.all()
    }
    assert (fired, again) == (1, 0)
    assert stored == {
        "due": (models.ArticleStatus.PUBLISHED, 2, NOON),
        "later": (models.ArticleStatus.SCHEDULED, 1, None),
    }


async def test_schedule_in_the_past_is_refused(gql: GraphQL, clock: Clock) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    article = await factories.article(slug="late", published_at=None)
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    clock.frozen = NOON

    answer = await gql(
        SCHEDULE, bearer=token, id=global_id("Article", article.id), at="2026-12-01T11:00:00+00:00"
    )

    assert answer["data"]["scheduleArticle"] == {
        "__typename": "ValidationError",
        "message": "publishAt must be in the future; use publishArticle.",
        "fields": ["publishAt"],
    }
    assert (await models.Article.get(id=article.id)).version == 1
