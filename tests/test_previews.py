"""Preview links: one unpublished article, as its page would show, and nothing else."""

import uuid
from datetime import UTC, datetime, timedelta

import models
from auth import tokens
from settings import Settings
from tests import factories
from tests.conftest import GraphQL
from tests.storage import stored
from tests.test_drafts import global_id

CREATE = """mutation($id: ID!, $ttl: Int) {
  createPreviewToken(articleId: $id, ttlSeconds: $ttl) {
    __typename
    ... on PreviewToken { token articleId expiresAt }
    ... on Problem { message code fields }
  }
}"""
PAGE = """query($fr: ID!) {
  article(slug: "tide-report") {
    headline
    translations { slug locale }
    relatedStories { headline article { slug } }
  }
  teased: article(slug: "sea-walls") { slug }
  french: node(id: $fr) { ... on Article { slug } }
  other: article(slug: "unrelated-draft") { slug }
  articles(first: 20) { edges { node { slug } } }
  me { email }
}"""


async def _newsroom() -> dict[str, models.Article]:
    group = uuid.uuid4()
    teased = await factories.article(slug="sea-walls", headline="Sea walls", published_at=None)
    published = await factories.article(slug="older", headline="Older story")
    article = await factories.article(
        slug="tide-report",
        headline="Tide report",
        published_at=None,
        teasers=[teased, published],
        translation_group=group,
    )
    french = await factories.article(
        slug="rapport-marees", published_at=None, locale="fr", translation_group=group
    )
    other = await factories.article(slug="unrelated-draft", published_at=None)
    return {"article": article, "french": french, "teased": teased, "other": other}


async def test_a_preview_link_opens_one_article_its_teasers_and_translations_only(
    gql: GraphQL,
) -> None:
    writer = await factories.user(models.Role.WRITER, email="writer@newsroom.test")
    rows = await _newsroom()
    await models.Article.filter(id=rows["article"].id).update(created_by=writer)
    account = await gql.sign_in("writer@newsroom.test", factories.PASSWORD)
    article_id = global_id("Article", rows["article"].id)
    french_id = global_id("Article", rows["french"].id)

    made = await gql(CREATE, bearer=account, id=article_id, ttl=600)
    link = made["data"]["createPreviewToken"]
    previewed = await gql(PAGE, bearer=link["token"], fr=french_id)
    public = await gql(PAGE, fr=french_id)
    write = await gql(
        """mutation($id: ID!) {
          publishArticle(id: $id, expectedVersion: 1) { __typename }
        }""",
        bearer=link["token"],
        id=article_id,
    )

    issued = datetime.fromisoformat(link["expiresAt"]) - timedelta(seconds=600)
    assert abs(issued - datetime.now(UTC)) < timedelta(minutes=1)
    assert (link["__typename"], link["articleId"]) == ("PreviewToken", article_id)
    assert previewed["data"] == {
        "article": {
            "headline": "Tide report",
            "translations": [{"slug": "rapport-marees", "locale": "fr"}],
            "relatedStories": [
                {"headline": "Sea walls", "article": {"slug": "sea-walls"}},
                {"headline": "Older story", "article": {"slug": "older"}},
            ],
        },
        "teased": {"slug": "sea-walls"},
        "french": {"slug": "rapport-marees"},
        "other": None,
        # Lists show the opened drafts where they will stand; other drafts stay out.
        "articles": {
            "edges": [
                {"node": {"slug": "tide-report"}},
                {"node": {"slug": "sea-walls"}},
                {"node": {"slug": "older"}},
            ]
        },
        "me": None,
    }
    assert public["data"] == {
        "article": None,
        "teased": None,
        "french": None,
        "other": None,
        "articles": {"edges": [{"node": {"slug": "older"}}]},
        "me": None,
    }
    assert write["data"] == {"publishArticle": {"__typename": "ForbiddenError"}}


async def test_expired_forged_orphaned_and_misused_links_are_refused(
    gql: GraphQL, settings: Settings
) -> None:
    rows = await _newsroom()
    maker = await factories.user(models.Role.EDITOR, email="maker@newsroom.test")
    leaver = await factories.user(models.Role.EDITOR, email="leaver@newsroom.test")
    secret = settings.secret_key.get_secret_value()
    now = datetime.now(UTC)

    def link(by: models.User, *, key: str = secret, at: datetime = now) -> str:
        return tokens.issue_preview(
            article_id=rows["article"].id, by=by.id, secret=key, now=at, ttl=timedelta(hours=1)
        )

    expired = link(maker, at=now - timedelta(hours=2))
    forged = link(maker, key="not-the-server-secret-" * 2)
    orphaned = link(leaver)
    await models.User.filter(id=leaver.id).update(is_active=False)
    valid = link(maker)
    access = await gql.sign_in("maker@newsroom.test", factories.PASSWORD)
    query = """{ article(slug: "tide-report") { slug editorNote revisions(first: 20) { totalCount } } }"""

    refused = [
        await gql.client.post(
            "/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}"}
        )
        for token in (expired, forged, orphaned)
    ]
    opened = await gql(query, bearer=valid)

    assert [(r.status_code, r.json()) for r in refused] == [
        (401, {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]})
        for message in (
            "Invalid or expired access token.",
            "Invalid or expired access token.",
            "This preview link's account is no longer active.",
        )
    ]
    # The link opens the draft, but none of the newsroom's internal fields.
    assert opened["data"] == {
        "article": {"slug": "tide-report", "editorNote": None, "revisions": None}
    }
    assert [(e["path"], e["extensions"]["code"]) for e in opened["errors"]] == [
        (["article", "editorNote"], "FORBIDDEN"),
        (["article", "revisions"], "FORBIDDEN"),
    ]
    # A link token never passes for an account's access token, nor the other way round.
    assert tokens.read_access(valid, secret=secret) is None
    assert tokens.read_preview(access, secret=secret) is None
    assert tokens.read_preview(valid, secret=secret) == tokens.PreviewClaims(
        article_id=rows["article"].id, by=maker.id
    )


async def test_a_link_opens_only_its_own_versions_teasers(gql: GraphQL, settings: Settings) -> None:
    rows = await _newsroom()
    maker = await factories.user(models.Role.EDITOR)
    french_only = await factories.article(slug="brouillon-secret", published_at=None)
    await factories.article(
        slug="rapport-bis",
        published_at=None,
        locale="fr",
        translation_group=rows["article"].translation_group,
        teasers=[french_only],
    )
    valid = tokens.issue_preview(
        article_id=rows["article"].id,
        by=maker.id,
        secret=settings.secret_key.get_secret_value(),
        now=datetime.now(UTC),
        ttl=timedelta(hours=1),
    )

    seen = await gql('{ article(slug: "brouillon-secret") { slug } }', bearer=valid)

    assert seen["data"] == {"article": None}


async def test_bad_preview_requests_get_typed_problems_and_issue_nothing(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    await factories.user(models.Role.WRITER, email="writer@newsroom.test")
    rows = await _newsroom()
    account = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    writer = await gql.sign_in("writer@newsroom.test", factories.PASSWORD)
    reader = await factories.api_token("content:read", "preview:read")
    article_id = global_id("Article", rows["article"].id)
    trashed = await factories.article(slug="binned", published_at=None)
    await models.Article.filter(id=trashed.id).update(deleted_at=datetime.now(UTC))
    before = await stored()
    audited = await models.AuditEntry.all().count()

    answers = [
        await gql(CREATE, bearer=account, id=article_id, ttl=59),
        await gql(CREATE, bearer=account, id=article_id, ttl=7 * 86400 + 1),
        await gql(CREATE, bearer=account, id=global_id("Article", 99999)),
        await gql(CREATE, bearer=account, id=global_id("Article", trashed.id)),
        await gql(CREATE, bearer=account, id=global_id("Section", rows["article"].id)),
        await gql(CREATE, bearer=writer, id=article_id),
        await gql(CREATE, bearer=reader, id=article_id),
        await gql(CREATE, id=article_id),
    ]

    ttl = {
        "__typename": "ValidationError",
        "message": "ttlSeconds must be between 60 and 604800 (seven days).",
        "code": "VALIDATION_FAILED",
        "fields": ["ttlSeconds"],
    }

    def missing(row_id: int) -> dict[str, object]:
        return {
            "__typename": "NotFoundError",
            "message": f"No article {row_id}.",
            "code": "NOT_FOUND",
            "fields": ["articleId"],
        }

    def forbidden(message: str) -> dict[str, object]:
        return {
            "__typename": "ForbiddenError",
            "message": message,
            "code": "FORBIDDEN",
            "fields": [],
        }

    assert [answer["data"]["createPreviewToken"] for answer in answers] == [
        ttl,
        ttl,
        missing(99999),
        missing(trashed.id),
        missing(0),
        # Someone else's draft: a writer shares previews of their own drafts only.
        forbidden("Writers edit their own drafts only."),
        forbidden("Sign in as a newsroom account to write."),
        forbidden("Sign in as a newsroom account to write."),
    ]
    # Every attempt is in the audit log, and nothing else was stored.
    assert await models.AuditEntry.all().count() == audited + len(answers)
    assert await stored() == before
