"""Writing articles: typed problems, versions that never lose an edit, publishing rules."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import models
from auth import tokens
from resolvers import article_edits
from resolvers.problems import Invalid
from settings import Settings
from tests import factories
from tests.conftest import Clock, GraphQL
from tests.test_drafts import global_id

CREATE = """mutation($input: CreateArticleInput!) {
  createArticle(input: $input) {
    __typename
    ... on Article { slug headline version }
    ... on Problem { message code fields }
  }
}"""
UPDATE = """mutation($id: ID!, $version: Int!, $input: UpdateArticleInput!) {
  updateArticle(id: $id, expectedVersion: $version, input: $input) {
    __typename
    ... on Article { headline standfirst version }
    ... on ConflictError { currentVersion }
    ... on Problem { message code fields }
  }
}"""
PUBLISH = """mutation($id: ID!, $version: Int!) {
  publishArticle(id: $id, expectedVersion: $version) {
    __typename
    ... on Article { slug version }
    ... on Problem { message code fields }
  }
}"""


def bearer(settings: Settings, user: models.User) -> str:
    return tokens.issue_access(
        user_id=user.id,
        role=user.role,
        secret=settings.secret_key.get_secret_value(),
        now=datetime.now(UTC),
        ttl=timedelta(minutes=5),
    )


async def _draft(author: models.User, **fields: Any) -> models.Article:
    article = await factories.article(published_at=None, **fields)
    article.created_by = author
    await article.save()
    return article


async def test_create_sanitises_text_and_refuses_bad_fields_without_writing(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.WRITER)
    section = await factories.section()
    good = {"sectionId": global_id("Section", section.id), "slug": "fresh"}

    made = await gql(
        CREATE,
        bearer=bearer(settings, editor),
        input={**good, "headline": "Floods <em>recede</em><script>alert(1)</script>"},
    )
    refused = await gql(
        CREATE,
        bearer=bearer(settings, editor),
        input={"sectionId": global_id("Section", 999), "slug": "Not A Slug", "headline": "x" * 201},
    )

    assert made["data"]["createArticle"] == {
        "__typename": "Article",
        "slug": "fresh",
        "headline": "Floods <em>recede</em>",
        "version": 1,
    }
    assert refused["data"]["createArticle"] == {
        "__typename": "ValidationError",
        "message": "Check headline: at most 200 characters; sectionId: no such section; "
        "slug: lowercase words joined by hyphens, at most 200 characters.",
        "code": "VALIDATION_FAILED",
        "fields": ["input.headline", "input.sectionId", "input.slug"],
    }
    assert await models.Article.all().count() == 1


async def test_anonymous_and_content_tokens_cannot_write(gql: GraphQL) -> None:
    section = await factories.section()
    reader = await factories.api_token("content:read", "preview:read")
    input_ = {"sectionId": global_id("Section", section.id), "slug": "s", "headline": "H"}

    answers = [
        (await gql(CREATE, input=input_))["data"]["createArticle"],
        (await gql(CREATE, bearer=reader, input=input_))["data"]["createArticle"],
    ]

    assert (
        answers
        == [
            {
                "__typename": "ForbiddenError",
                "message": "Sign in as a newsroom account to write.",
                "code": "FORBIDDEN",
                "fields": [],
            }
        ]
        * 2
    )
    assert await models.Article.all().count() == 0


async def test_a_stale_version_gets_a_conflict_naming_what_changed(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    section = await factories.section()
    created = await gql(
        CREATE,
        bearer=bearer(settings, editor),
        input={"sectionId": global_id("Section", section.id), "slug": "s", "headline": "First"},
    )
    assert created["data"]["createArticle"]["version"] == 1
    article = await models.Article.get(slug="s")
    article_id = global_id("Article", article.id)

    first = await gql(
        UPDATE,
        bearer=bearer(settings, editor),
        id=article_id,
        version=1,
        input={"headline": "Second"},
    )
    stale = await gql(
        UPDATE,
        bearer=bearer(settings, editor),
        id=article_id,
        version=1,
        input={"standfirst": "Lost?"},
    )

    assert first["data"]["updateArticle"] == {
        "__typename": "Article",
        "headline": "Second",
        "standfirst": "",
        "version": 2,
    }
    assert stale["data"]["updateArticle"] == {
        "__typename": "ConflictError",
        "currentVersion": 2,
        "message": "The article is at version 2, not 1.",
        "code": "CONFLICT",
        "fields": ["headline"],
    }
    stored = await models.Article.get(id=article.id)
    assert (stored.headline, stored.standfirst, stored.version) == ("Second", "", 2)
    assert await models.Revision.filter(article_id=article.id).count() == 2


async def test_fifty_concurrent_updates_from_one_version_one_wins(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    article = await _draft(editor, headline="Original")
    token = bearer(settings, editor)

    answers = await asyncio.gather(
        *(
            gql(
                UPDATE,
                bearer=token,
                id=global_id("Article", article.id),
                version=1,
                input={"headline": f"Edit {n}"},
            )
            for n in range(50)
        )
    )

    results = [answer["data"]["updateArticle"] for answer in answers]
    winners = [r for r in results if r["__typename"] == "Article"]
    conflicts = [r for r in results if r["__typename"] == "ConflictError"]
    assert (len(winners), len(conflicts)) == (1, 49)
    assert all(c["currentVersion"] == 2 for c in conflicts)
    stored = await models.Article.get(id=article.id)
    assert (stored.headline, stored.version) == (winners[0]["headline"], 2)


async def test_writers_edit_only_their_own_drafts(gql: GraphQL, settings: Settings) -> None:
    owner = await factories.user(models.Role.WRITER)
    other = await factories.user(models.Role.WRITER)
    article = await _draft(owner, headline="Mine")

    theirs = await gql(
        UPDATE,
        bearer=bearer(settings, other),
        id=global_id("Article", article.id),
        version=1,
        input={"headline": "Hijacked"},
    )
    publish = await gql(
        PUBLISH, bearer=bearer(settings, owner), id=global_id("Article", article.id), version=1
    )

    assert theirs["data"]["updateArticle"]["__typename"] == "ForbiddenError"
    assert publish["data"]["publishArticle"] == {
        "__typename": "ForbiddenError",
        "message": "Only editors publish.",
        "code": "FORBIDDEN",
        "fields": [],
    }
    assert (await models.Article.get(id=article.id)).headline == "Mine"


async def test_publish_lists_every_missing_piece_at_once(gql: GraphQL, settings: Settings) -> None:
    editor = await factories.user(models.Role.EDITOR)
    bare = await factories.image(alt_text="", credit_line="", copyright_holder="", creator="")
    article = await _draft(editor, lead=bare)

    refused = await gql(
        PUBLISH, bearer=bearer(settings, editor), id=global_id("Article", article.id), version=1
    )

    assert refused["data"]["publishArticle"] == {
        "__typename": "ValidationError",
        "message": "Cannot publish yet: leadImage.alt, leadImage.credit.",
        "code": "VALIDATION_FAILED",
        "fields": ["leadImage.alt", "leadImage.credit"],
    }
    assert (await models.Article.get(id=article.id)).status == models.ArticleStatus.DRAFT


async def test_publish_makes_a_draft_public_and_unpublish_hides_it(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    article = await _draft(editor, slug="going-live")
    article_id = global_id("Article", article.id)

    before = await gql('{ article(slug: "going-live") { slug } }')
    published = await gql(PUBLISH, bearer=bearer(settings, editor), id=article_id, version=1)
    during = await gql('{ article(slug: "going-live") { slug version } }')
    await gql(
        "mutation($id: ID!) { unpublishArticle(id: $id, expectedVersion: 2) { __typename } }",
        bearer=bearer(settings, editor),
        id=article_id,
    )
    after = await gql('{ article(slug: "going-live") { slug } }')

    assert before["data"] == {"article": None}
    assert published["data"]["publishArticle"] == {
        "__typename": "Article",
        "slug": "going-live",
        "version": 2,
    }
    assert during["data"] == {"article": {"slug": "going-live", "version": 2}}
    assert after["data"] == {"article": None}


@pytest.mark.parametrize("version", [0, 7])
async def test_wrong_version_on_publish_changes_nothing(
    gql: GraphQL, settings: Settings, version: int
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    article = await _draft(editor)

    answer = await gql(
        PUBLISH,
        bearer=bearer(settings, editor),
        id=global_id("Article", article.id),
        version=version,
    )

    assert answer["data"]["publishArticle"]["__typename"] == "ConflictError"
    stored = await models.Article.get(id=article.id)
    assert (stored.status, stored.version) == (models.ArticleStatus.DRAFT, 1)


async def test_a_write_based_on_a_version_the_checks_did_not_see_is_a_conflict(
    gql: GraphQL, settings: Settings
) -> None:
    writer = await factories.user(models.Role.WRITER)
    article = await _draft(writer, headline="Draft")

    # Version 2 does not exist yet; had an editor published it meanwhile, a writer
    # anticipating it must not slip an edit into the published story.
    ahead = await gql(
        UPDATE,
        bearer=bearer(settings, writer),
        id=global_id("Article", article.id),
        version=2,
        input={"headline": "Sneaky"},
    )

    assert ahead["data"]["updateArticle"]["__typename"] == "ConflictError"
    assert (await models.Article.get(id=article.id)).headline == "Draft"


async def test_far_future_schedules_and_nul_bytes_get_typed_answers(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    article = await _draft(editor)

    far = await gql(
        """mutation($id: ID!) { scheduleArticle(id: $id, expectedVersion: 1,
             publishAt: "9999-12-31T23:59:59-14:00") { __typename ... on Problem { message } } }""",
        bearer=bearer(settings, editor),
        id=global_id("Article", article.id),
    )
    nul = await gql(
        'mutation { login(email: "desk\\u0000@newsroom.test", password: "x") { __typename } }'
    )
    probe = await gql(
        'mutation { restoreRevision(id: "UmV2aXNpb246OTk5", expectedVersion: 1) { __typename } }'
    )

    assert far["data"]["scheduleArticle"] == {
        "__typename": "ValidationError",
        "message": "publishAt must be within ten years.",
    }
    assert nul["data"]["login"] == {"__typename": "AuthenticationError"}
    assert probe["data"]["restoreRevision"] == {"__typename": "ForbiddenError"}


async def test_the_editor_note_is_written_cleaned_and_shown_to_accounts_only(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    token = bearer(settings, editor)
    article = await factories.article(slug="noted")
    reader = await factories.api_token("content:read", "preview:read")
    node_id = global_id("Article", article.id)
    query = '{ article(slug: "noted") { slug editorNote } }'

    updated = await gql(
        UPDATE,
        bearer=token,
        id=node_id,
        version=1,
        input={"editorNote": "Legal <b>cleared</b> <script>x</script>"},
    )
    too_long = await gql(
        UPDATE, bearer=token, id=node_id, version=2, input={"editorNote": "n" * 5001}
    )
    by_account = await gql(query, bearer=token)
    by_token = await gql(query, bearer=reader)
    by_public = await gql(query)

    assert updated["data"]["updateArticle"]["version"] == 2
    assert too_long["data"]["updateArticle"] == {
        "__typename": "ValidationError",
        "message": "Check editorNote: at most 5000 characters.",
        "code": "VALIDATION_FAILED",
        "fields": ["input.editorNote"],
    }
    assert by_account["data"] == {
        "article": {"slug": "noted", "editorNote": "Legal <b>cleared</b>"}
    }
    refused = {
        "data": {"article": {"slug": "noted", "editorNote": None}},
        "errors": [
            {
                "message": "Editor notes are for newsroom accounts.",
                "locations": [{"line": 1, "column": 33}],
                "path": ["article", "editorNote"],
                "extensions": {"code": "FORBIDDEN"},
            }
        ],
    }
    assert {key: by_token[key] for key in ("data", "errors")} == refused
    assert {key: by_public[key] for key in ("data", "errors")} == refused


async def test_a_reference_deleted_mid_write_is_a_typed_problem_and_writes_nothing() -> None:
    # What an editor deleting the picture between a write's checks and its insert leaves:
    # the database refuses the row, and the whole write comes back as a problem.
    article = await factories.article(published_at=None)
    captions = await models.Caption.filter(article_id=article.id).count()

    async def half_written() -> None:
        async with article_edits.write_transaction():
            await models.Article.filter(id=article.id).update(headline="Half written")
            await models.Caption.create(
                article_id=article.id, image_id=999_999, role=models.CaptionRole.INLINE, text="C"
            )

    with pytest.raises(Invalid) as refused:
        await half_written()

    assert refused.value.message == article_edits.RACED
    assert (await models.Article.get(id=article.id)).headline == article.headline
    assert await models.Caption.filter(article_id=article.id).count() == captions


async def test_every_write_moves_updated_at(gql: GraphQL, settings: Settings, clock: Clock) -> None:
    editor = await factories.user(models.Role.EDITOR)
    article = await factories.article(slug="moving")
    token = bearer(settings, editor)
    article_id = global_id("Article", article.id)
    page = '{ article(slug: "moving") { version updatedAt } }'

    clock.frozen = datetime(2030, 5, 1, 8, 0, tzinfo=UTC)
    await gql(UPDATE, bearer=token, id=article_id, version=1, input={"headline": "Moved"})
    after_update = await gql(page, bearer=token)
    clock.frozen = datetime(2030, 5, 1, 9, 30, tzinfo=UTC)
    await gql(UPDATE, bearer=token, id=article_id, version=2, input={"standfirst": "Again."})
    after_second = await gql(page, bearer=token)

    assert after_update["data"] == {
        "article": {"version": 2, "updatedAt": "2030-05-01T08:00:00+00:00"}
    }
    assert after_second["data"] == {
        "article": {"version": 3, "updatedAt": "2030-05-01T09:30:00+00:00"}
    }
