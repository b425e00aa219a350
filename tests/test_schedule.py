"""Scheduled articles appear at their time, with no restart and no wait for the scheduler."""

from datetime import UTC, datetime, timedelta

import models
from resolvers import articles, publishing
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
    at_one = await gql('{ article(slug: "at-one") { slug } articles(first: 20) { totalCount } }')

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

    fired = await publishing.publish_due(NOON + timedelta(minutes=1))
    again = await publishing.publish_due(NOON + timedelta(minutes=2))

    stored = {
        a.slug: (a.status, a.version, a.first_published_at) for a in await models.Article.all()
    }
    assert (fired, again) == ([due.id], [])
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


EMBARGO = """mutation($id: ID!, $v: Int!, $until: DateTime) {
  setEmbargo(id: $id, expectedVersion: $v, until: $until) {
    __typename
    ... on Article { version embargoedUntil publishedAt }
    ... on Problem { message code fields }
  }
}"""
READ = """query($id: ID!) {
  article(slug: "held") { slug }
  node(id: $id) { id }
  articles(first: 20) { totalCount }
  teasing: article(slug: "teasing") {
    body { ... on RelatedStoryBlock { relatedStory { headline } } }
  }
}"""


async def test_an_embargoed_article_stays_hidden_on_every_path_until_its_time(
    gql: GraphQL, clock: Clock
) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    held = await factories.article(slug="held", headline="Report out at one")
    await factories.article(slug="teasing", teasers=[held])
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    node_id = global_id("Article", held.id)
    clock.frozen = NOON

    embargoed = await gql(EMBARGO, bearer=token, id=node_id, v=1, until="2026-12-01T13:00:00Z")
    at_noon = await gql(READ, id=node_id)
    previewed = await gql('{ article(slug: "held") { embargoedUntil } }', bearer=token)
    clock.frozen = NOON + timedelta(hours=1)
    at_one = await gql(READ, id=node_id)

    # Out since January, held back now: it reappears as new when the embargo lifts.
    assert embargoed["data"]["setEmbargo"] == {
        "__typename": "Article",
        "version": 2,
        "embargoedUntil": "2026-12-01T13:00:00+00:00",
        "publishedAt": "2026-12-01T13:00:00+00:00",
    }
    assert at_noon["data"] == {
        "article": None,
        "node": None,
        "articles": {"totalCount": 1},
        "teasing": {"body": [{}, {}]},
    }
    assert previewed["data"] == {"article": {"embargoedUntil": "2026-12-01T13:00:00+00:00"}}
    assert at_one["data"] == {
        "article": {"slug": "held"},
        "node": {"id": node_id},
        "articles": {"totalCount": 2},
        "teasing": {"body": [{}, {"relatedStory": {"headline": "Report out at one"}}, {}]},
    }


async def test_lifting_an_embargo_shows_the_article_at_once(gql: GraphQL, clock: Clock) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    held = await factories.article(slug="held")
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    clock.frozen = NOON
    node_id = global_id("Article", held.id)

    await gql(EMBARGO, bearer=token, id=node_id, v=1, until="2026-12-02T00:00:00+00:00")
    lifted = await gql(EMBARGO, bearer=token, id=node_id, v=2, until=None)
    read = await gql('{ article(slug: "held") { slug embargoedUntil } }')

    assert lifted["data"]["setEmbargo"] == {
        "__typename": "Article",
        "version": 3,
        "embargoedUntil": None,
        "publishedAt": "2026-12-01T12:00:00+00:00",
    }
    assert read["data"] == {"article": {"slug": "held", "embargoedUntil": None}}


async def test_bad_embargoes_get_typed_problems_and_change_nothing(
    gql: GraphQL, clock: Clock
) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    writer = await factories.user(models.Role.WRITER, email="writer@newsroom.test")
    held = await factories.article(slug="held")
    published_by_writer = await factories.article(slug="theirs")
    await models.Article.filter(id=published_by_writer.id).update(created_by=writer)
    desk = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    own = await gql.sign_in("writer@newsroom.test", factories.PASSWORD)
    clock.frozen = NOON
    node_id = global_id("Article", held.id)

    answers = [
        await gql(EMBARGO, bearer=desk, id=node_id, v=1, until="2026-12-01T13:00:00"),
        await gql(EMBARGO, bearer=desk, id=node_id, v=1, until="2026-12-01T11:00:00Z"),
        await gql(EMBARGO, bearer=desk, id=node_id, v=1, until="2040-01-01T00:00:00Z"),
        await gql(EMBARGO, bearer=desk, id=node_id, v=5, until="2026-12-01T13:00:00Z"),
        await gql(
            EMBARGO,
            bearer=own,
            id=global_id("Article", published_by_writer.id),
            v=1,
            until="2026-12-01T13:00:00Z",
        ),
        await gql(EMBARGO, id=node_id, v=1, until="2026-12-01T13:00:00Z"),
    ]

    def problem(kind: str, message: str, code: str, fields: list[str]) -> dict[str, object]:
        return {"__typename": kind, "message": message, "code": code, "fields": fields}

    assert [answer["data"]["setEmbargo"] for answer in answers] == [
        problem(
            "ValidationError", "Give until with a time zone offset.", "VALIDATION_FAILED", ["until"]
        ),
        problem("ValidationError", "until must be in the future.", "VALIDATION_FAILED", ["until"]),
        problem(
            "ValidationError", "until must be within ten years.", "VALIDATION_FAILED", ["until"]
        ),
        problem("ConflictError", "The article is at version 1, not 5.", "CONFLICT", []),
        problem("ForbiddenError", "Writers edit their own drafts only.", "FORBIDDEN", []),
        problem("ForbiddenError", "Sign in as a newsroom account to write.", "FORBIDDEN", []),
    ]
    stored = await models.Article.filter(slug__in=("held", "theirs")).values_list(
        "version", "embargoed_until"
    )
    assert stored == [(1, None), (1, None)]


async def test_publishing_under_an_embargo_publishes_at_the_lift(
    gql: GraphQL, clock: Clock
) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    draft = await factories.article(slug="held", published_at=None)
    token = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    clock.frozen = NOON
    node_id = global_id("Article", draft.id)

    await gql(EMBARGO, bearer=token, id=node_id, v=1, until="2026-12-01T18:00:00Z")
    published = await gql(
        """mutation($id: ID!) { publishArticle(id: $id, expectedVersion: 2) {
          ... on Article { publishedAt embargoedUntil }
        } }""",
        bearer=token,
        id=node_id,
    )
    before_lift = await gql('{ article(slug: "held") { slug } }')
    clock.frozen = NOON + timedelta(hours=6)
    after_lift = await gql('{ article(slug: "held") { slug publishedAt } }')

    assert published["data"]["publishArticle"] == {
        "publishedAt": "2026-12-01T18:00:00+00:00",
        "embargoedUntil": "2026-12-01T18:00:00+00:00",
    }
    assert before_lift["data"] == {"article": None}
    assert after_lift["data"] == {
        "article": {"slug": "held", "publishedAt": "2026-12-01T18:00:00+00:00"}
    }


async def test_the_next_change_is_the_sooner_of_a_schedule_and_an_embargo() -> None:
    """What the answer cache's entries live until (resolvers.articles.next_change)."""
    now = datetime(2030, 1, 1, tzinfo=UTC)
    assert await articles.next_change(now) is None

    scheduled = await factories.article(slug="later", published_at=None)
    await models.Article.filter(id=scheduled.id).update(
        status=models.ArticleStatus.SCHEDULED, published_at=now + timedelta(hours=3)
    )
    held = await factories.article(slug="held")
    await models.Article.filter(id=held.id).update(embargoed_until=now + timedelta(hours=2))
    trashed = await factories.article(slug="gone")
    await models.Article.filter(id=trashed.id).update(
        embargoed_until=now + timedelta(hours=1), deleted_at=now
    )

    assert await articles.next_change(now) == now + timedelta(hours=2)
    assert await articles.next_change(now + timedelta(hours=2)) == now + timedelta(hours=3)
    assert await articles.next_change(now + timedelta(hours=3)) is None
