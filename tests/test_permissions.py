"""Runs every cell of docs/permissions.md against the server."""

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

import models
from tests import factories, pictures
from tests.conftest import GraphQL
from tests.storage import stored
from tests.test_drafts import global_id
from tests.test_images import REPLACE, UPLOAD, upload

TABLE = Path(__file__).parent.parent / "docs" / "permissions.md"
CALLERS = ("anonymous", "content:read", "preview:read", "writer", "editor", "admin")


def documented() -> dict[str, dict[str, bool]]:
    rows = [line for line in TABLE.read_text().splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert tuple(header[1:]) == CALLERS
    table: dict[str, dict[str, bool]] = {}
    for row in rows[1:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        table[cells[0]] = dict(zip(CALLERS, (cell == "yes" for cell in cells[1:]), strict=True))
    return table


def mutation(name: str, args: str, params: str) -> str:
    return f"""mutation({params}) {{ {name}({args}) {{ __typename }} }}"""


async def _caller(gql: GraphQL, caller: str) -> tuple[str | None, models.User | None]:
    if caller == "anonymous":
        return None, None
    if caller in ("content:read", "preview:read"):
        scopes = ("content:read", "preview:read") if caller == "preview:read" else ("content:read",)
        return await factories.api_token(*scopes), None
    user = await factories.user(models.Role(caller), email=f"{caller}@newsroom.test")
    return await gql.sign_in(f"{caller}@newsroom.test", factories.PASSWORD), user


async def _article(owner: models.User | None, **fields: Any) -> tuple[str, int]:
    article = await factories.article(**{"published_at": None, **fields})
    if owner is not None:
        article.created_by = owner
        await article.save()
    return global_id("Article", article.id), article.version


async def _trashed(owner: models.User | None) -> str:
    article_id, _ = await _article(owner)
    await models.Article.filter(id=int(_raw(article_id))).update(
        deleted_at=datetime.now(UTC), version=2
    )
    return article_id


def _raw(global_article_id: str) -> str:
    return base64.b64decode(global_article_id).decode().split(":")[1]


@pytest.mark.parametrize("caller", CALLERS)
async def test_every_documented_cell_holds(
    gql: GraphQL, client: httpx.AsyncClient, caller: str
) -> None:
    bearer, user = await _caller(gql, caller)
    section = await factories.section()
    image = await factories.image()
    picture = {"imageId": global_id("Image", image.id), "caption": "C."}
    author_id = global_id("Author", (await factories.author()).id)
    tag_id = global_id("Tag", (await factories.tag()).id)
    original_id = global_id("Article", (await factories.article(locale="fr")).id)
    token = await models.ApiToken.create(
        name="t", token_hash=f"h-{caller}", scopes=["content:read"]
    )
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()

    async def run(success: str, document: str, **variables: Any) -> bool:
        """Runs to `success`, or is refused having changed nothing; nothing in between."""
        before = await stored()
        body = await gql(document, bearer=bearer, **variables)
        outcome: str = next(iter(body["data"].values()))["__typename"]
        assert outcome in (success, "ForbiddenError"), body
        if outcome == "ForbiddenError":
            assert await stored() == before
        return outcome == success

    ran: dict[str, bool] = {}
    ran["createArticle"] = await run(
        "Article",
        mutation("createArticle", "input: $i", "$i: CreateArticleInput!"),
        i={"sectionId": global_id("Section", section.id), "slug": "fresh", "headline": "H"},
    )
    by_article: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
        ("updateArticle", ", $i: UpdateArticleInput!", ", input: $i", {"i": {"headline": "New"}}),
        ("changeSlug", ", $s: String!", ", slug: $s", {"s": "renamed"}),
        ("setArticleBody", ", $b: [BodyBlockInput!]!", ", blocks: $b", {"b": [{"paragraph": "P"}]}),
        ("setLeadImage", ", $p: PictureInput!", ", image: $p", {"p": picture}),
        ("setArticleAuthors", ", $a: [ID!]!", ", authorIds: $a", {"a": [author_id]}),
        ("setArticleTags", ", $t: [ID!]!", ", tagIds: $t", {"t": [tag_id]}),
        ("linkTranslation", ", $of: ID!", ", translationOf: $of", {"of": original_id}),
        ("unlinkTranslation", "", "", {}),
        ("publishArticle", "", "", {}),
        ("scheduleArticle", ", $at: DateTime!", ", publishAt: $at", {"at": later}),
        ("unpublishArticle", "", "", {}),
        ("setEmbargo", ", $until: DateTime", ", until: $until", {"until": later}),
        ("deleteArticle", "", "", {}),
        (
            "addRelatedStory",
            ", $at: Int!, $s: TeaserInput!",
            ", at: $at, story: $s",
            {"at": 0, "s": {"url": "https://example.org/more"}},
        ),
    )
    for name, extra_params, extra_args, values in by_article:
        article_id, version = await _article(user)
        ran[name] = await run(
            "Article",
            mutation(
                name,
                f"id: $id, expectedVersion: $v{extra_args}",
                f"$id: ID!, $v: Int!{extra_params}",
            ),
            id=article_id,
            v=version,
            **values,
        )
    for name, extra_params, extra_args, values in (
        ("moveRelatedStory", ", $to: Int!", ", to: $to", {"to": 0}),
        ("removeRelatedStory", "", "", {}),
    ):
        article_id, version = await _article(user, teasers=[await factories.article()])
        story = await models.RelatedStory.get(article_id=int(_raw(article_id)))
        ran[name] = await run(
            "Article",
            mutation(
                name,
                f"id: $id, expectedVersion: $v{extra_args}",
                f"$id: ID!, $v: Int!{extra_params}",
            ),
            id=global_id("RelatedStory", story.id),
            v=version,
            **values,
        )
    ran["restoreArticle"] = await run(
        "Article",
        mutation("restoreArticle", "id: $id, expectedVersion: 2", "$id: ID!"),
        id=await _trashed(user),
    )
    ran["purgeArticle"] = await run(
        "PurgedArticle",
        mutation("purgeArticle", "id: $id, expectedVersion: 2", "$id: ID!"),
        id=await _trashed(user),
    )
    article_id, version = await _article(user)
    revision = await models.Revision.get(article_id=int(_raw(article_id)))
    ran["restoreRevision"] = await run(
        "Article",
        mutation("restoreRevision", "id: $id, expectedVersion: $v", "$id: ID!, $v: Int!"),
        id=global_id("Revision", revision.id),
        v=version,
    )
    article_id, _ = await _article(user)
    ran["createPreviewToken"] = await run(
        "PreviewToken", mutation("createPreviewToken", "articleId: $id", "$id: ID!"), id=article_id
    )
    ran["createApiToken"] = await run(
        "NewApiToken",
        mutation("createApiToken", "name: $n, scopes: [CONTENT_READ]", "$n: String!"),
        n="Web",
    )
    ran["createUser"] = await run(
        "NewUser",
        mutation("createUser", "input: $i", "$i: CreateUserInput!"),
        i={
            "email": f"new-{caller.replace(':', '-')}@newsroom.test",
            "displayName": "N",
            "role": "WRITER",
        },
    )
    someone = await factories.user(models.Role.WRITER)
    ran["updateUser"] = await run(
        "User",
        mutation("updateUser", "id: $id, input: $i", "$id: ID!, $i: UpdateUserInput!"),
        id=global_id("User", someone.id),
        i={"displayName": "Renamed"},
    )
    ran["requestPasswordReset"] = await run(
        "PasswordLink",
        mutation("requestPasswordReset", "userId: $id", "$id: ID!"),
        id=global_id("User", someone.id),
    )
    ran["revokeApiToken"] = await run(
        "ApiToken",
        mutation("revokeApiToken", "id: $id", "$id: ID!"),
        id=global_id("ApiToken", token.id),
    )

    for kind, make, changes in (
        ("Section", factories.section, {"name": "Renamed"}),
        ("Author", factories.author, {"name": "Renamed"}),
        ("Tag", factories.tag, {"name": "Renamed"}),
        ("Image", factories.image, {"altText": "Renamed"}),
    ):
        if kind != "Image":  # images arrive by upload
            ran[f"create{kind}"] = await run(
                kind,
                mutation(f"create{kind}", "input: $i", f"$i: Create{kind}Input!"),
                i={"name": "New", "slug": "new"},
            )
        ran[f"update{kind}"] = await run(
            kind,
            mutation(
                f"update{kind}",
                "id: $id, expectedVersion: 1, input: $i",
                f"$id: ID!, $i: Update{kind}Input!",
            ),
            id=global_id(kind, (await make()).id),
            i=changes,
        )
        ran[f"delete{kind}"] = await run(
            f"Deleted{kind}",
            mutation(f"delete{kind}", "id: $id, expectedVersion: 1", "$id: ID!"),
            id=global_id(kind, (await make()).id),
        )
    ran["importNinjs"] = await run(
        "NinjsImport",
        mutation("importNinjs", "item: $item, sectionId: $s", "$item: JSON!, $s: ID!"),
        item={"uri": f"urn:test:{caller}", "headlines": [{"role": "main", "value": "Wire"}]},
        s=global_id("Section", section.id),
    )
    ran["linkSectionTranslation"] = await run(
        "Section",
        mutation(
            "linkSectionTranslation",
            "id: $id, expectedVersion: 1, translationOf: $of",
            "$id: ID!, $of: ID!",
        ),
        id=global_id("Section", (await factories.section(locale="fr")).id),
        of=global_id("Section", (await factories.section()).id),
    )
    for name, document, variables in (
        ("uploadImage", UPLOAD, {}),
        ("replaceImageFile", REPLACE, {"id": global_id("Image", (await factories.image()).id)}),
    ):
        before = await stored()
        response = await upload(
            client, bearer, pictures.plain(), document=document, variables=variables
        )
        # Callers without an account are refused before their upload is even read.
        body = response.json()
        outcome = (
            "ForbiddenError" if response.status_code == 403 else body["data"][name]["__typename"]
        )
        assert outcome in ("Image", "ForbiddenError"), response.text
        if outcome == "ForbiddenError":
            assert await stored() == before
        ran[name] = outcome == "Image"
    library = await gql(
        "{ images(first: 20) { nodes { usages { role } } } }",
        bearer=bearer,
    )
    ran["Query.images"] = "errors" not in library and library["data"]["images"] is not None
    # A published article's picture, so that every caller can reach it.
    published = await factories.article(published_at=factories.PUBLISHED)
    lead = await models.Caption.get(article_id=published.id)
    picture_id = global_id("Image", lead.image_id)
    used = await gql(
        "query($id: ID!) { node(id: $id) { ... on Image { usages { role } } } }",
        bearer=bearer,
        id=picture_id,
    )
    ran["Image.usages"] = "errors" not in used and used["data"]["node"] is not None
    # Published, so that every caller can reach the article and only the field is guarded.
    article_id, _ = await _article(user, slug="with-history", published_at=factories.PUBLISHED)
    revisions = await gql(
        "query($id: ID!) { node(id: $id) { ... on Article { revisions(first: 20) { totalCount } } } }",
        bearer=bearer,
        id=article_id,
    )
    ran["Article.revisions"] = "errors" not in revisions and revisions["data"]["node"] is not None
    note = await gql(
        "query($id: ID!) { node(id: $id) { ... on Article { editorNote } } }",
        bearer=bearer,
        id=article_id,
    )
    ran["Article.editorNote"] = "errors" not in note and note["data"]["node"] is not None
    audit = await gql("{ auditLog(first: 20) { totalCount } }", bearer=bearer)
    ran["Query.auditLog"] = "errors" not in audit
    trash = await gql("{ trash(first: 20) { totalCount } }", bearer=bearer)
    ran["Query.trash"] = "errors" not in trash
    users = await gql("{ users(first: 20) { totalCount } }", bearer=bearer)
    ran["Query.users"] = "errors" not in users
    listed = await gql("{ apiTokens(first: 20) { nodes { name scopes } } }", bearer=bearer)
    ran["Query.apiTokens"] = "errors" not in listed

    assert ran == {operation: cells[caller] for operation, cells in documented().items()}
