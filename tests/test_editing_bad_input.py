"""Bad input to every editing mutation: a typed error or 401/403, and nothing stored changes.

Each case is one row: the mutation, its variables, the whole answer, and who sends it.
`@name` in the variables stands for the global id of a row of the small newsroom each test
starts with, and `bearer` names one of its tokens; every test compares every stored row
before and after the request.
"""

import base64
import functools
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

import models
from auth import passwords, tokens
from settings import Settings
from tests import factories
from tests.storage import stored
from tests.test_drafts import global_id


@functools.cache
def _password_hash() -> str:
    # Hashed once: argon2 is slow on purpose, and only login needs the real password.
    return passwords.hash_password(factories.PASSWORD)


@dataclass(frozen=True)
class Newsroom:
    ids: dict[str, str]  # global ids by name, for "@name" in the variables
    bearers: dict[str, str | None]


async def _account(role: models.Role, email: str) -> models.User:
    return await models.User.create(
        email=email, display_name=email.split("@")[0], password_hash=_password_hash(), role=role
    )


def _jwt(claims: dict[str, Any], secret: str) -> str:
    return jwt.encode(claims, secret, algorithm="HS256")


def unsigned_token(claims: dict[str, Any]) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


async def newsroom(settings: Settings) -> Newsroom:
    """Accounts, tokens, a section tree, an author, a tag, two pictures and three articles."""
    secret = settings.secret_key.get_secret_value()
    now = datetime.now(UTC)
    admin = await _account(models.Role.ADMIN, "admin@newsroom.test")
    editor = await _account(models.Role.EDITOR, "editor@newsroom.test")
    writer = await _account(models.Role.WRITER, "writer@newsroom.test")
    gone = await _account(models.Role.ADMIN, "gone@newsroom.test")
    gone.is_active = False
    await gone.save()

    world = await factories.section(slug="world", name="World")
    asia = await factories.section(slug="asia", name="Asia", parent=world)
    author = await factories.author(slug="ana-lima", name="Ana Lima")
    tag = await factories.tag(slug="floods", name="Floods")
    lead = await factories.image()
    spare = await factories.image()
    published = await factories.article(slug="published", in_section=world, lead=lead)
    draft = await factories.article(
        slug="draft", in_section=asia, lead=lead, teasers=[published], published_at=None
    )
    draft.created_by = writer
    await draft.save()
    await models.ArticleAuthor.create(article=draft, author=author)
    await models.ArticleTag.create(article=draft, tag=tag)
    trashed = await factories.article(slug="trashed", in_section=world, lead=lead)
    await models.Article.filter(id=trashed.id).update(deleted_at=now, version=2)
    story = await models.RelatedStory.get(article_id=draft.id)
    revision = await models.Revision.get(article_id=draft.id)
    await models.SlugAlias.create(article=published, slug="old-published", locale="en")
    content = await factories.api_token("content:read")
    revoked = await factories.api_token("content:read", "preview:read")
    await models.ApiToken.filter(token_hash=tokens.digest(revoked)).update(revoked_at=now)
    refresh = tokens.new_secret()
    await models.Session.create(
        user=editor, token_hash=tokens.digest(refresh), expires_at=now + timedelta(days=1)
    )

    def access(user: models.User, **claims: Any) -> str:
        fields = {"sub": str(user.id), "role": str(user.role), "typ": "access"}
        return _jwt({**fields, "exp": now + timedelta(minutes=5), **claims}, secret)

    def live(claims: dict[str, Any]) -> dict[str, Any]:
        return {**claims, "exp": int((now + timedelta(minutes=5)).timestamp())}

    admin_claims = {"sub": str(admin.id), "role": "admin", "typ": "access"}
    return Newsroom(
        ids={
            "admin": global_id("User", admin.id),
            "world": global_id("Section", world.id),
            "asia": global_id("Section", asia.id),
            "author": global_id("Author", author.id),
            "tag": global_id("Tag", tag.id),
            "lead": global_id("Image", lead.id),
            "spare": global_id("Image", spare.id),
            "published": global_id("Article", published.id),
            "draft": global_id("Article", draft.id),
            "trashed": global_id("Article", trashed.id),
            "story": global_id("RelatedStory", story.id),
            "revision": global_id("Revision", revision.id),
        },
        bearers={
            "anonymous": None,
            "admin": access(admin),
            "editor": access(editor),
            "writer": access(writer),
            # A writer's token claiming admin (say, a demoted admin's): the stored role counts.
            "writer claiming admin": access(writer, role="admin"),
            "content token": content,
            "preview link": tokens.issue_preview(
                article_id=draft.id, by=editor.id, secret=secret, now=now, ttl=timedelta(hours=1)
            ),
            "expired": access(admin, exp=now - timedelta(seconds=1)),
            "wrong signature": _jwt(live(admin_claims), "another-secret-of-32-bytes-or-more!"),
            "alg none": unsigned_token(live(admin_claims)),
            "no typ": _jwt(live({"sub": str(admin.id), "role": "admin"}), secret),
            "deactivated": access(gone),
            "unknown account": access(admin, sub="999"),
            "refresh token": refresh,
            "revoked api token": revoked,
            "guessed api token": tokens.API_TOKEN_PREFIX + "x" * 43,
        },
    )


PROBLEM = "{ __typename ... on Problem { message code fields } }"


def mutation(name: str, params: str = "", args: str = "") -> str:
    """One mutation; every id is $id and every version $v, as the rows below send them."""
    head = f"mutation({params})" if params else "mutation"
    return f"{head} {{ {name}{f'({args})' if args else ''} {PROBLEM} }}"


def article_write(name: str, params: str = "", args: str = "") -> str:
    return mutation(
        name,
        "$id: ID!, $v: Int!" + (f", {params}" if params else ""),
        "id: $id, expectedVersion: $v" + (f", {args}" if args else ""),
    )


CREATE_ARTICLE = mutation("createArticle", "$i: CreateArticleInput!", "input: $i")
UPDATE_ARTICLE = article_write("updateArticle", "$i: UpdateArticleInput!", "input: $i")
CHANGE_SLUG = article_write("changeSlug", "$slug: String!", "slug: $slug")
SET_BODY = article_write("setArticleBody", "$blocks: [BodyBlockInput!]!", "blocks: $blocks")
SET_LEAD = article_write("setLeadImage", "$image: PictureInput!", "image: $image")
SET_AUTHORS = article_write("setArticleAuthors", "$ids: [ID!]!", "authorIds: $ids")
SET_TAGS = article_write("setArticleTags", "$ids: [ID!]!", "tagIds: $ids")
ADD_STORY = article_write(
    "addRelatedStory", "$at: Int!, $story: TeaserInput!", "at: $at, story: $story"
)
MOVE_STORY = article_write("moveRelatedStory", "$to: Int!", "to: $to")
REMOVE_STORY = article_write("removeRelatedStory")
PUBLISH = article_write("publishArticle")
SCHEDULE = article_write("scheduleArticle", "$at: DateTime!", "publishAt: $at")
EMBARGO = article_write("setEmbargo", "$until: DateTime", "until: $until")
DELETE_ARTICLE = article_write("deleteArticle")
RESTORE_ARTICLE = article_write("restoreArticle")
PURGE = mutation("purgeArticle", "$id: ID!, $v: Int!", "id: $id, expectedVersion: $v")
RESTORE_REVISION = article_write("restoreRevision")
PREVIEW = mutation("createPreviewToken", "$id: ID!, $ttl: Int!", "articleId: $id, ttlSeconds: $ttl")
CREATE_SECTION = mutation("createSection", "$i: CreateSectionInput!", "input: $i")
UPDATE_SECTION = mutation(
    "updateSection",
    "$id: ID!, $v: Int!, $i: UpdateSectionInput!",
    "id: $id, expectedVersion: $v, input: $i",
)
DELETE_SECTION = mutation("deleteSection", "$id: ID!, $v: Int!", "id: $id, expectedVersion: $v")
CREATE_AUTHOR = mutation("createAuthor", "$i: CreateAuthorInput!", "input: $i")
UPDATE_AUTHOR = mutation(
    "updateAuthor",
    "$id: ID!, $v: Int!, $i: UpdateAuthorInput!",
    "id: $id, expectedVersion: $v, input: $i",
)
CREATE_TAG = mutation("createTag", "$i: CreateTagInput!", "input: $i")
DELETE_TAG = mutation("deleteTag", "$id: ID!, $v: Int!", "id: $id, expectedVersion: $v")
UPDATE_TAG = mutation(
    "updateTag",
    "$id: ID!, $v: Int!, $i: UpdateTagInput!",
    "id: $id, expectedVersion: $v, input: $i",
)
UPDATE_IMAGE = mutation(
    "updateImage",
    "$id: ID!, $v: Int!, $i: UpdateImageInput!",
    "id: $id, expectedVersion: $v, input: $i",
)
DELETE_IMAGE = mutation("deleteImage", "$id: ID!, $v: Int!", "id: $id, expectedVersion: $v")
CREATE_TOKEN = mutation(
    "createApiToken", "$name: String!, $scopes: [ApiScope!]!", "name: $name, scopes: $scopes"
)
LOGIN = mutation(
    "login", "$email: String!, $password: String!", "email: $email, password: $password"
)

NEW_ARTICLE = {"sectionId": "@world", "slug": "fresh", "headline": "Fresh"}
# Where GraphQL refuses a variable, its message quotes it: these ids stay the same.
SOME_SECTION = "U2VjdGlvbjox"  # Section:1
SOME_IMAGE = "SW1hZ2U6Mg=="  # Image:2
SMUGGLER = {"sectionId": SOME_SECTION, "slug": "fresh", "headline": "Fresh"}
MB = 1_000_000
LATER = "2030-01-01T00:00:00+00:00"


CODES = {
    "ValidationError": "VALIDATION_FAILED",
    "NotFoundError": "NOT_FOUND",
    "ForbiddenError": "FORBIDDEN",
    "ConflictError": "CONFLICT",
    "AuthenticationError": "UNAUTHENTICATED",
}


def problem(mutation: str, typename: str, message: str, *fields: str) -> dict[str, Any]:
    """The whole answer when the mutation returns a typed Problem."""
    result = {"__typename": typename, "message": message, "code": CODES[typename]}
    return {"data": {mutation: {**result, "fields": list(fields)}}}


def error(code: str, message: str, column: int | None = None, path: str = "") -> dict[str, Any]:
    """One GraphQL error; `path` is set when a resolver raised it."""
    found: dict[str, Any] = {"message": message, "extensions": {"code": code}}
    if column is not None:
        found["locations"] = [{"line": 1, "column": column}]
    if path:
        found["path"] = [path]
    return found


def failed(*errors: dict[str, Any]) -> dict[str, Any]:
    return {"data": None, "errors": list(errors)}


def refused_token(message: str) -> dict[str, Any]:
    """The 401 answer to a bad token: no GraphQL execution, so no `data` at all."""
    return {"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]}


@dataclass(frozen=True)
class Case:
    document: str
    variables: dict[str, Any]
    expected: dict[str, Any]
    bearer: str
    status: int


def case(
    name: str,
    document: str,
    variables: dict[str, Any],
    expected: dict[str, Any],
    *,
    bearer: str = "editor",
    status: int = 200,
) -> Any:
    return pytest.param(Case(document, variables, expected, bearer, status), id=name)


# One row per case, however long: the table reads best unwrapped.
# fmt: off
CASES = [
    # Wrong types.
    case("string for Int", UPDATE_ARTICLE, {"id": "@draft", "v": "1", "i": {"headline": "H"}}, failed(error("BAD_USER_INPUT", "Variable '$v' has invalid value: Int cannot represent non-integer value: '1'", 20))),
    case("float for Int", UPDATE_ARTICLE, {"id": "@draft", "v": 1.5, "i": {"headline": "H"}}, failed(error("BAD_USER_INPUT", "Variable '$v' has invalid value: Int cannot represent non-integer value: 1.5", 20))),
    case("Int out of range", MOVE_STORY, {"id": "@story", "v": 1, "to": 2**31}, failed(error("BAD_USER_INPUT", "Variable '$to' has invalid value: Int cannot represent non 32-bit signed integer value: 2147483648", 30))),
    case("null for Int!", MOVE_STORY, {"id": "@story", "v": 1, "to": None}, failed(error("BAD_USER_INPUT", "Variable '$to' has invalid value: Expected value of non-null type 'Int!' not to be None.", 30))),
    case("number for ID", CREATE_ARTICLE, {"i": {**NEW_ARTICLE, "sectionId": 1}}, failed(error("BAD_USER_INPUT", "Invalid id: '1'.", 37, path="createArticle"))),
    case("number for ID arg", DELETE_SECTION, {"v": 1, "id": 1}, failed(error("BAD_USER_INPUT", "Invalid id: '1'.", 32, path="deleteSection"))),
    case("list for object", UPDATE_ARTICLE, {"id": "@draft", "v": 1, "i": [{"headline": "H"}]}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value: Expected value of type 'UpdateArticleInput' to be an object, found: [{'headline': 'H'}].", 30))),
    case("string for object", ADD_STORY, {"id": "@draft", "v": 1, "at": 0, "story": "https://example.org/x"}, failed(error("BAD_USER_INPUT", "Variable '$story' has invalid value: Expected value of type 'TeaserInput' to be an object, found: 'https://example.org/x'.", 41))),
    case("object for string", CHANGE_SLUG, {"id": "@draft", "v": 1, "slug": {"slug": "x"}}, failed(error("BAD_USER_INPUT", "Variable '$slug' has invalid value: String cannot represent a non string value: {'slug': 'x'}", 30))),
    case("list for ID", DELETE_IMAGE, {"v": 1, "id": [SOME_IMAGE]}, failed(error("BAD_USER_INPUT", "Variable '$id' has invalid value: ID cannot represent value: ['SW1hZ2U6Mg==']", 10))),
    case("bool for Int", RESTORE_REVISION, {"id": "@revision", "v": True}, failed(error("BAD_USER_INPUT", "Variable '$v' has invalid value: Int cannot represent non-integer value: True", 20))),
    case("word for DateTime", SCHEDULE, {"id": "@draft", "v": 1, "at": "tomorrow"}, failed(error("BAD_USER_INPUT", "Variable '$at' has invalid value: Value cannot represent a DateTime: \"tomorrow\". Expected 4 digits, got 'tomo'", 30))),
    case("number for DateTime", EMBARGO, {"id": "@draft", "v": 1, "until": 1893456000}, failed(error("BAD_USER_INPUT", "Variable '$until' has invalid value: Value cannot represent a DateTime: \"1893456000\". Expected a string.", 30))),
    case("string for Float", UPDATE_IMAGE, {"v": 1, "id": "@spare", "i": {"focalPoint": {"x": "left", "y": 0.5}}}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value at .focalPoint.x: Float cannot represent non numeric value: 'left'", 30))),
    case("unknown enum", CREATE_TOKEN, {"name": "Build", "scopes": ["ADMIN"]}, failed(error("BAD_USER_INPUT", "Variable '$scopes' has invalid value at [0]: Value 'ADMIN' does not exist in 'ApiScope' enum.", 26)), bearer="admin"),
    case("enum value not name", CREATE_TOKEN, {"name": "Build", "scopes": ["content:read"]}, failed(error("BAD_USER_INPUT", "Variable '$scopes' has invalid value at [0]: Value 'content:read' does not exist in 'ApiScope' enum. Did you mean the enum value 'CONTENT_READ'?", 26)), bearer="admin"),
    case("number for String", LOGIN, {"email": 5, "password": "x"}, failed(error("BAD_USER_INPUT", "Variable '$email' has invalid value: String cannot represent a non string value: 5", 10)), bearer="anonymous"),
    case("missing variable", PREVIEW, {"id": "@draft"}, failed(error("BAD_USER_INPUT", "Variable '$ttl' has invalid value: Expected a value of non-null type 'Int!' to be provided.", 20))),
    case("missing input field", CREATE_SECTION, {"i": {"name": "Sport"}}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value: Expected value of type 'CreateSectionInput' to include required field 'slug', found: {'name': 'Sport'}.", 10))),
    case("inline wrong types", 'mutation { updateArticle(id: 5, expectedVersion: "one", input: {headline: 3}) { __typename } }', {}, failed(error("GRAPHQL_VALIDATION_FAILED", 'Int cannot represent non-integer value: "one"', 50), error("GRAPHQL_VALIDATION_FAILED", "String cannot represent a non string value: 3", 75))),
    case("inline Int too big", 'mutation { createPreviewToken(articleId: "QXJ0aWNsZTox", ttlSeconds: 99999999999) { __typename } }', {}, failed(error("GRAPHQL_VALIDATION_FAILED", "Int cannot represent non 32-bit signed integer value: 99999999999", 70))),
    # Unknown ids and ids of the wrong type.
    case("unknown article", UPDATE_ARTICLE, {"id": global_id("Article", 999), "v": 1, "i": {"headline": "H"}}, problem("updateArticle", "NotFoundError", "No article 999.", "id")),
    case("section id as article", PUBLISH, {"id": "@world", "v": 1}, problem("publishArticle", "NotFoundError", "No article 0.", "id")),
    case("malformed id", CHANGE_SLUG, {"id": "not base64!", "v": 1, "slug": "new-slug"}, failed(error("BAD_USER_INPUT", "Invalid id: 'not base64!'.", 48, path="changeSlug"))),
    case("huge row id", SET_BODY, {"id": global_id("Article", 99999999999), "v": 1, "blocks": [{"paragraph": "P"}]}, problem("setArticleBody", "NotFoundError", "No article 0.", "id")),
    case("trashed article", DELETE_ARTICLE, {"id": "@trashed", "v": 2}, problem("deleteArticle", "NotFoundError", "No article 3.", "id")),
    case("restore live article", RESTORE_ARTICLE, {"id": "@published", "v": 1}, problem("restoreArticle", "NotFoundError", "No article 1 in the trash.", "id")),
    case("purge live article", PURGE, {"v": 2, "id": "@published"}, problem("purgeArticle", "NotFoundError", "No article 1 in the trash.", "id"), bearer="admin"),
    case("purge section id", PURGE, {"v": 2, "id": "@world"}, problem("purgeArticle", "NotFoundError", "No article 0 in the trash.", "id"), bearer="admin"),
    case("revision: article id", RESTORE_REVISION, {"id": "@draft", "v": 1}, problem("restoreRevision", "NotFoundError", "No revision 0.", "id")),
    case("unknown image", SET_LEAD, {"id": "@draft", "v": 1, "image": {"imageId": global_id("Image", 999), "caption": "C"}}, problem("setLeadImage", "ValidationError", "image.imageId: no such image.", "image.imageId")),
    case("unknown author", SET_AUTHORS, {"id": "@draft", "v": 1, "ids": ["@author", global_id("Author", 999)]}, problem("setArticleAuthors", "ValidationError", "authorIds.1: no such author.", "authorIds.1")),
    case("tag as author", SET_AUTHORS, {"id": "@draft", "v": 1, "ids": ["@tag"]}, problem("setArticleAuthors", "ValidationError", "authorIds.0: no such author.", "authorIds.0")),
    case("author twice", SET_AUTHORS, {"id": "@draft", "v": 1, "ids": ["@author", "@author"]}, problem("setArticleAuthors", "ValidationError", "authorIds.1: the same author again.", "authorIds.1")),
    case("null in tag ids", SET_TAGS, {"id": "@draft", "v": 1, "ids": ["@tag", None]}, failed(error("BAD_USER_INPUT", "Variable '$ids' has invalid value at [1]: Expected value of non-null type 'ID!' not to be None.", 30))),
    case("tags of a section id", SET_TAGS, {"id": "@world", "v": 1, "ids": ["@tag"]}, problem("setArticleTags", "NotFoundError", "No article 0.", "id")),
    case("article as image", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"image": {"imageId": "@published", "caption": "C"}}]}, problem("setArticleBody", "ValidationError", "blocks.0.image.imageId: no such image.", "blocks.0.image.imageId")),
    case("unknown teaser target", ADD_STORY, {"id": "@draft", "v": 1, "at": 0, "story": {"articleId": global_id("Article", 999)}}, problem("addRelatedStory", "ValidationError", "story.articleId: no such article.", "story.articleId")),
    case("story: article id", MOVE_STORY, {"id": "@draft", "v": 1, "to": 0}, problem("moveRelatedStory", "NotFoundError", "No related story 0.", "id")),
    case("unknown story", REMOVE_STORY, {"id": global_id("RelatedStory", 999), "v": 1}, problem("removeRelatedStory", "NotFoundError", "No related story 999.", "id")),
    case("preview: section id", PREVIEW, {"id": "@asia", "ttl": 600}, problem("createPreviewToken", "NotFoundError", "No article 0.", "articleId")),
    case("preview: trashed", PREVIEW, {"id": "@trashed", "ttl": 600}, problem("createPreviewToken", "NotFoundError", "No article 3.", "articleId")),
    case("unknown section", UPDATE_ARTICLE, {"id": "@draft", "v": 1, "i": {"sectionId": global_id("Section", 999)}}, problem("updateArticle", "ValidationError", "Check sectionId: no such section.", "input.sectionId")),
    case("tag as section", CREATE_ARTICLE, {"i": {**NEW_ARTICLE, "sectionId": "@tag"}}, problem("createArticle", "ValidationError", "Check sectionId: no such section.", "input.sectionId")),
    case("tag as parent", CREATE_SECTION, {"i": {"name": "Sport", "slug": "sport", "parentId": "@tag"}}, problem("createSection", "ValidationError", "Check parentId: no such section.", "input.parentId")),
    case("article as section", UPDATE_SECTION, {"v": 1, "id": "@draft", "i": {"name": "X"}}, problem("updateSection", "NotFoundError", "No section 0.", "id")),
    case("unknown section delete", DELETE_SECTION, {"v": 1, "id": global_id("Section", 999)}, problem("deleteSection", "NotFoundError", "No section 999.", "id")),
    case("tag as author", UPDATE_AUTHOR, {"v": 1, "id": "@tag", "i": {"name": "X"}}, problem("updateAuthor", "NotFoundError", "No author 0.", "id")),
    case("malformed tag id", UPDATE_TAG, {"v": 1, "id": "Tag:1", "i": {"name": "X"}}, failed(error("BAD_USER_INPUT", "Invalid id: 'Tag:1'.", 53, path="updateTag"))),
    case("author as image", UPDATE_IMAGE, {"v": 1, "id": "@author", "i": {"altText": "X"}}, problem("updateImage", "NotFoundError", "No image 0.", "id")),
    case("unknown image delete", DELETE_IMAGE, {"v": 1, "id": global_id("Image", 999)}, problem("deleteImage", "NotFoundError", "No image 999.", "id")),
    case("section its own parent", UPDATE_SECTION, {"v": 1, "id": "@world", "i": {"parentId": "@asia"}}, problem("updateSection", "ValidationError", "Check parentId: a section cannot be its own ancestor.", "input.parentId")),
    case("stale section", UPDATE_SECTION, {"v": 3, "id": "@world", "i": {"name": "W"}}, problem("updateSection", "ConflictError", "The section is at version 1, not 3.")),
    case("stale author", UPDATE_AUTHOR, {"v": 0, "id": "@author", "i": {"name": "A"}}, problem("updateAuthor", "ConflictError", "The author is at version 1, not 0.")),
    case("stale tag delete", DELETE_TAG, {"v": 2, "id": "@tag"}, problem("deleteTag", "ConflictError", "The tag is at version 1, not 2.")),
    case("stale image", UPDATE_IMAGE, {"v": 2, "id": "@spare", "i": {"altText": "X"}}, problem("updateImage", "ConflictError", "The image is at version 1, not 2.")),
    case("stale purge", PURGE, {"v": 1, "id": "@trashed"}, problem("purgeArticle", "ConflictError", "The article is at version 2, not 1."), bearer="admin"),
    case("stale version", PUBLISH, {"id": "@published", "v": 7}, problem("publishArticle", "ConflictError", "The article is at version 1, not 7.")),
    # Oversized strings, invalid blocks, script tags.
    case("headline 201", CREATE_ARTICLE, {"i": {**NEW_ARTICLE, "headline": "x" * 201}}, problem("createArticle", "ValidationError", "Check headline: at most 200 characters.", "input.headline")),
    case("headline 201 update", UPDATE_ARTICLE, {"id": "@draft", "v": 1, "i": {"headline": "x" * 201}}, problem("updateArticle", "ValidationError", "Check headline: at most 200 characters.", "input.headline")),
    case("script-only headline", UPDATE_ARTICLE, {"id": "@draft", "v": 1, "i": {"headline": "<script>alert(1)</script>"}}, problem("updateArticle", "ValidationError", "Check headline: required.", "input.headline")),
    case("1 MB standfirst", UPDATE_ARTICLE, {"id": "@draft", "v": 1, "i": {"standfirst": "x" * MB}}, problem("updateArticle", "ValidationError", "Check standfirst: at most 600 characters.", "input.standfirst")),
    case("SEO title 201", UPDATE_ARTICLE, {"id": "@draft", "v": 1, "i": {"seoTitle": "x" * 201}}, problem("updateArticle", "ValidationError", "Check seoTitle: at most 200 characters.", "input.seoTitle")),
    case("10k slug", CHANGE_SLUG, {"id": "@draft", "v": 1, "slug": "a" * 10_000}, problem("changeSlug", "ValidationError", "A slug is lowercase words joined by hyphens.", "slug")),
    case("script slug", CHANGE_SLUG, {"id": "@draft", "v": 1, "slug": "<script>"}, problem("changeSlug", "ValidationError", "A slug is lowercase words joined by hyphens.", "slug")),
    case("taken old slug", CHANGE_SLUG, {"id": "@draft", "v": 1, "slug": "old-published"}, problem("changeSlug", "ValidationError", "The slug 'old-published' is taken in en.", "slug")),
    case("1 MB paragraph", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"paragraph": "x" * MB}]}, problem("setArticleBody", "ValidationError", "blocks.0: String should have at most 20000 characters.", "blocks.0")),
    case("heading level 9", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"heading": {"text": "H", "level": 9}}]}, problem("setArticleBody", "ValidationError", "blocks.0: Input should be less than or equal to 4.", "blocks.0")),
    case("empty paragraph", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"paragraph": ""}]}, problem("setArticleBody", "ValidationError", "blocks.0: String should have at least 1 character.", "blocks.0")),
    case("script-only paragraph", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"paragraph": "<script>alert(1)</script>"}]}, problem("setArticleBody", "ValidationError", "blocks.0: String should have at least 1 character.", "blocks.0")),
    case("null paragraph", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"paragraph": None}]}, failed(error("BAD_USER_INPUT", "Value for member field 'paragraph' must be non-null"))),
    case("two kinds in one block", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"paragraph": "P", "quote": {"text": "Q"}}]}, failed(error("BAD_USER_INPUT", "OneOf Input Object 'BodyBlockInput' must specify exactly one key."))),
    case("unknown block field", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"video": "https://example.org/v"}]}, failed(error("BAD_USER_INPUT", "Variable '$blocks' has invalid value at [0]: Expected value of type 'BodyBlockInput' not to include unknown field 'video', found: {'video': 'https://example.org/v'}.", 30))),
    case("unknown heading field", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"heading": {"text": "H", "size": 9}}]}, failed(error("BAD_USER_INPUT", "Variable '$blocks' has invalid value at [0].heading: Expected value of type 'HeadingInput' not to include unknown field 'size', found: {'text': 'H', 'size': 9}.", 30))),
    case("javascript embed", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"embed": {"url": "javascript:alert(1)"}}]}, problem("setArticleBody", "ValidationError", "blocks.0: String should match pattern '^https://[^\\s\\\"'<>\\\\\\x00-\\x1f\\x7f]+$'.", "blocks.0")),
    case("every problem at once", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"quote": {"text": "Q", "attribution": "a" * 301}}, {"image": {"imageId": "@spare", "caption": "c" * 1001, "crop": "21:9"}}, {"relatedStory": {"url": "http://example.org"}}]}, problem("setArticleBody", "ValidationError", "blocks.0: String should have at most 300 characters; blocks.2.relatedStory.url: must be an https:// address; blocks.1.image.caption: at most 1000 characters; blocks.1.image.crop: one of 16:9, 1:1, 4:3.", "blocks.0", "blocks.2.relatedStory.url", "blocks.1.image.caption", "blocks.1.image.crop")),
    case("long caption", SET_LEAD, {"id": "@draft", "v": 1, "image": {"imageId": "@spare", "caption": "c" * 1001}}, problem("setLeadImage", "ValidationError", "image.caption: at most 1000 characters.", "image.caption")),
    case("javascript teaser", ADD_STORY, {"id": "@draft", "v": 1, "at": 0, "story": {"url": "javascript:alert(1)", "headline": "h" * 201}}, problem("addRelatedStory", "ValidationError", "story.url: must be an https:// address; story.headline: at most 200 characters.", "story.url", "story.headline")),
    case("teaser both targets", ADD_STORY, {"id": "@draft", "v": 1, "at": 0, "story": {"url": "https://example.org", "articleId": "@published"}}, problem("addRelatedStory", "ValidationError", "story: give exactly one of articleId or url.", "story")),
    case("teaser at -1", ADD_STORY, {"id": "@draft", "v": 1, "at": -1, "story": {"url": "https://example.org"}}, problem("addRelatedStory", "ValidationError", "at must be between 0 and 3.", "at")),
    case("move past the end", MOVE_STORY, {"id": "@story", "v": 1, "to": 99}, problem("moveRelatedStory", "ValidationError", "to must be between 0 and 2.", "to")),
    case("past publishAt", SCHEDULE, {"id": "@draft", "v": 1, "at": "2000-01-01T00:00:00+00:00"}, problem("scheduleArticle", "ValidationError", "publishAt must be in the future; use publishArticle.", "publishAt")),
    case("naive embargo", EMBARGO, {"id": "@draft", "v": 1, "until": "2030-01-01T00:00:00"}, problem("setEmbargo", "ValidationError", "Give until with a time zone offset.", "until")),
    case("ttl 0", PREVIEW, {"id": "@draft", "ttl": 0}, problem("createPreviewToken", "ValidationError", "ttlSeconds must be between 60 and 604800 (seven days).", "ttlSeconds")),
    case("10k section name", CREATE_SECTION, {"i": {"name": "n" * 10_000, "slug": "sport"}}, problem("createSection", "ValidationError", "Check name: at most 200 characters.", "input.name")),
    case("script section name", UPDATE_SECTION, {"v": 1, "id": "@world", "i": {"name": "<script>alert(1)</script>", "description": "d" * 10_001}}, problem("updateSection", "ValidationError", "Check description: at most 10000 characters; name: required.", "input.description", "input.name")),
    case("unknown locale", CREATE_SECTION, {"i": {"name": "Sport", "slug": "sport", "locale": "xx"}}, failed(error("BAD_USER_INPUT", "Unknown locale 'xx'; known locales: ar, de, en, es, fr, ja, ru, zh.", 37, path="createSection"))),
    case("10k author name", CREATE_AUTHOR, {"i": {"name": "n" * 10_000, "slug": "x", "url": "javascript:alert(1)"}}, problem("createAuthor", "ValidationError", "Check name: at most 200 characters; url: an https:// address.", "input.name", "input.url")),
    case("1 MB bio", UPDATE_AUTHOR, {"v": 1, "id": "@author", "i": {"bio": "b" * MB, "jobTitle": "j" * 201}}, problem("updateAuthor", "ValidationError", "Check bio: at most 10000 characters; jobTitle: at most 200 characters.", "input.bio", "input.jobTitle")),
    case("10k tag name", CREATE_TAG, {"i": {"name": "n" * 10_000, "slug": "floods"}}, problem("createTag", "ValidationError", "Check name: at most 100 characters; slug: taken.", "input.name", "input.slug")),
    case("script tag name", UPDATE_TAG, {"v": 1, "id": "@tag", "i": {"name": "<script></script>"}}, problem("updateTag", "ValidationError", "Check name: required.", "input.name")),
    case("year 1 dateTaken", UPDATE_IMAGE, {"v": 1, "id": "@spare", "i": {"dateTaken": "0001-01-01T00:00:00+14:00"}}, problem("updateImage", "ValidationError", "Check dateTaken: from 1826 on.", "input.dateTaken")),
    case("NUL in embed url", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"embed": {"url": "https://a\x00b"}}]}, problem("setArticleBody", "ValidationError", "blocks.0: String should match pattern '^https://[^\\s\\\"'<>\\\\\\x00-\\x1f\\x7f]+$'.", "blocks.0")),
    case("NUL in teaser url", ADD_STORY, {"id": "@draft", "v": 1, "at": 0, "story": {"url": "https://a\x00b"}}, problem("addRelatedStory", "ValidationError", "story.url: must be an https:// address.", "story.url")),
    case("1 MB alt override", SET_LEAD, {"id": "@draft", "v": 1, "image": {"imageId": "@spare", "caption": "C", "altOverride": "a" * MB}}, problem("setLeadImage", "ValidationError", "image.altOverride: at most 10000 characters.", "image.altOverride")),
    case("unknown article locale", CREATE_ARTICLE, {"i": {**NEW_ARTICLE, "locale": "xx"}}, failed(error("BAD_USER_INPUT", "Unknown locale 'xx'; known locales: ar, de, en, es, fr, ja, ru, zh.", 37, path="createArticle"))),
    case("huge locale", CREATE_ARTICLE, {"i": {**NEW_ARTICLE, "locale": "x" * 10_000}}, failed(error("BAD_USER_INPUT", "Unknown locale 'xxxxxxxxxxxxxxxxxxxx'; known locales: ar, de, en, es, fr, ja, ru, zh.", 37, path="createArticle"))),
    case("1 MB alt text", UPDATE_IMAGE, {"v": 1, "id": "@spare", "i": {"altText": "a" * MB, "focalPoint": {"x": 2, "y": -1}, "copyrightYear": 3000}}, problem("updateImage", "ValidationError", "Check altText: at most 10000 characters; copyrightYear: from 1826 to this year; focalPoint: x and y from 0 to 1.", "input.altText", "input.copyrightYear", "input.focalPoint")),
    case("10k token name", CREATE_TOKEN, {"name": "n" * 10_000, "scopes": ["CONTENT_READ"]}, problem("createApiToken", "ValidationError", "A token's name has 1 to 100 characters.", "name"), bearer="admin"),
    case("1 MB password", LOGIN, {"email": "editor@newsroom.test", "password": "p" * MB}, problem("login", "AuthenticationError", "Wrong email or password."), bearer="anonymous"),
    case("10k email", LOGIN, {"email": "e" * 10_000, "password": factories.PASSWORD}, problem("login", "AuthenticationError", "Wrong email or password."), bearer="anonymous"),
    # Fields smuggled into inputs.
    case("version in create", CREATE_ARTICLE, {"i": {**SMUGGLER, "version": 9}}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value: Expected value of type 'CreateArticleInput' not to include unknown field 'version', found: {'sectionId': 'U2VjdGlvbjox', 'slug': 'fresh', 'headline': 'Fresh', 'version': 9}.", 10))),
    case("status in update", UPDATE_ARTICLE, {"id": "@draft", "v": 1, "i": {"status": "PUBLISHED"}}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value: Expected value of type 'UpdateArticleInput' not to include unknown field 'status', found: {'status': 'PUBLISHED'}.", 30))),
    case("publishedAt in update", UPDATE_ARTICLE, {"id": "@draft", "v": 1, "i": {"publishedAt": LATER}}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value: Expected value of type 'UpdateArticleInput' not to include unknown field 'publishedAt', found: {'publishedAt': '2030-01-01T00:00:00+00:00'}.", 30))),
    case("deletedAt in update", UPDATE_ARTICLE, {"id": "@draft", "v": 1, "i": {"headline": "H", "deletedAt": LATER}}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value: Expected value of type 'UpdateArticleInput' not to include unknown field 'deletedAt', found: {'headline': 'H', 'deletedAt': '2030-01-01T00:00:00+00:00'}.", 30))),
    case("createdBy in create", CREATE_ARTICLE, {"i": {**SMUGGLER, "createdBy": "VXNlcjox"}}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value: Expected value of type 'CreateArticleInput' not to include unknown field 'createdBy', found: {'sectionId': 'U2VjdGlvbjox', 'slug': 'fresh', 'headline': 'Fresh', 'createdBy': 'VXNlcjox'}.", 10))),
    case("role in create", CREATE_ARTICLE, {"i": {**SMUGGLER, "role": "ADMIN"}}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value: Expected value of type 'CreateArticleInput' not to include unknown field 'role', found: {'sectionId': 'U2VjdGlvbjox', 'slug': 'fresh', 'headline': 'Fresh', 'role': 'ADMIN'}.", 10)), bearer="writer"),
    case("id in section", CREATE_SECTION, {"i": {"name": "Sport", "slug": "sport", "id": SOME_SECTION}}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value: Expected value of type 'CreateSectionInput' not to include unknown field 'id', found: {'name': 'Sport', 'slug': 'sport', 'id': 'U2VjdGlvbjox'}.", 10))),
    case("version in section", UPDATE_SECTION, {"v": 1, "id": "@world", "i": {"name": "W", "version": 2}}, failed(error("BAD_USER_INPUT", "Variable '$i' has invalid value: Expected value of type 'UpdateSectionInput' not to include unknown field 'version', found: {'name': 'W', 'version': 2}.", 30))),
    case("inline status", 'mutation($id: ID!) { updateArticle(id: $id, expectedVersion: 1, input: {status: "PUBLISHED"}) { __typename } }', {"id": "@draft"}, failed(error("GRAPHQL_VALIDATION_FAILED", "Expected value of type 'UpdateArticleInput' not to include unknown field 'status', found: { status: \"PUBLISHED\" }.", 73))),
    case("inline publishedAt arg", 'mutation($id: ID!) { publishArticle(id: $id, expectedVersion: 1, publishedAt: "2000-01-01T00:00:00+00:00") { __typename } }', {"id": "@draft"}, failed(error("GRAPHQL_VALIDATION_FAILED", "Unknown argument 'publishedAt' on field 'Mutation.publishArticle'.", 66))),
    case("inline role on login", 'mutation { login(email: "editor@newsroom.test", password: "x", role: ADMIN) { __typename } }', {}, failed(error("GRAPHQL_VALIDATION_FAILED", "Unknown argument 'role' on field 'Mutation.login'.", 64)), bearer="anonymous"),
    # Tokens.
    case("expired", UPDATE_ARTICLE, {"id": "@draft", "v": 1, "i": {"headline": "H"}}, refused_token("Invalid or expired access token."), status=401, bearer="expired"),
    case("wrong signature", PUBLISH, {"id": "@draft", "v": 1}, refused_token("Invalid or expired access token."), status=401, bearer="wrong signature"),
    case("alg none", PURGE, {"v": 2, "id": "@trashed"}, refused_token("Invalid or expired access token."), status=401, bearer="alg none"),
    case("no typ", CREATE_TOKEN, {"name": "Build", "scopes": ["CONTENT_READ"]}, refused_token("Invalid or expired access token."), status=401, bearer="no typ"),
    case("deactivated", CREATE_SECTION, {"i": {"name": "Sport", "slug": "sport"}}, refused_token("Invalid or expired access token."), status=401, bearer="deactivated"),
    case("unknown account", DELETE_IMAGE, {"v": 1, "id": "@spare"}, refused_token("Invalid or expired access token."), status=401, bearer="unknown account"),
    case("refresh as access", UPDATE_AUTHOR, {"v": 1, "id": "@author", "i": {"name": "X"}}, refused_token("Invalid or expired access token."), status=401, bearer="refresh token"),
    case("revoked api token", CREATE_TAG, {"i": {"name": "Sport", "slug": "sport"}}, refused_token("Unknown or revoked API token."), status=401, bearer="revoked api token"),
    case("guessed api token", DELETE_ARTICLE, {"id": "@draft", "v": 1}, refused_token("Unknown or revoked API token."), status=401, bearer="guessed api token"),
    case("expired on login", LOGIN, {"email": "editor@newsroom.test", "password": factories.PASSWORD}, refused_token("Invalid or expired access token."), status=401, bearer="expired"),
    case("preview link writes", SET_BODY, {"id": "@draft", "v": 1, "blocks": [{"paragraph": "P"}]}, problem("setArticleBody", "ForbiddenError", "Sign in as a newsroom account to write."), bearer="preview link"),
    case("preview link previews", PREVIEW, {"id": "@draft", "ttl": 600}, problem("createPreviewToken", "ForbiddenError", "Sign in as a newsroom account to write."), bearer="preview link"),
    case("preview link section", UPDATE_SECTION, {"v": 1, "id": "@world", "i": {"name": "W"}}, problem("updateSection", "ForbiddenError", "Only editors and admins edit sections, authors, tags and images."), bearer="preview link"),
    case("content token", CREATE_ARTICLE, {"i": NEW_ARTICLE}, problem("createArticle", "ForbiddenError", "Sign in as a newsroom account to write."), bearer="content token"),
    case("content token image", UPDATE_IMAGE, {"v": 1, "id": "@spare", "i": {"altText": "X"}}, problem("updateImage", "ForbiddenError", "Only editors and admins edit sections, authors, tags and images."), bearer="content token"),
    case("writer claiming admin", PURGE, {"v": 2, "id": "@trashed"}, problem("purgeArticle", "ForbiddenError", "Writers edit their own drafts only."), bearer="writer claiming admin"),
    case("writer claiming admin token", CREATE_TOKEN, {"name": "Build", "scopes": ["CONTENT_READ"]}, problem("createApiToken", "ForbiddenError", "Only an admin may manage API tokens."), bearer="writer claiming admin"),
    case("anonymous", RESTORE_REVISION, {"id": "@revision", "v": 1}, problem("restoreRevision", "ForbiddenError", "Sign in as a newsroom account to write."), bearer="anonymous"),
]
# fmt: on


def fill(value: Any, ids: dict[str, str]) -> Any:
    """The variables with each "@name" replaced by that row's global id."""
    if isinstance(value, str) and value.startswith("@"):
        return ids[value[1:]]
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    return value


def audited(expected: dict[str, Any]) -> list[tuple[str, str]]:
    """The audit entries an answer implies: one for a mutation that ran, however it ended.

    A request refused before execution (a bad token, an invalid document or variable)
    ran no mutation and leaves none.
    """
    if expected.get("data"):
        return [(name, result["__typename"]) for name, result in expected["data"].items()]
    return [(e["path"][0], "BadUserInput") for e in expected.get("errors", ()) if "path" in e]


async def send(
    client: httpx.AsyncClient, room: Newsroom, document: str, variables: dict[str, Any], bearer: str
) -> httpx.Response:
    token = room.bearers[bearer]
    return await client.post(
        "/graphql",
        json={"query": document, "variables": fill(variables, room.ids)},
        headers={"authorization": f"Bearer {token}"} if token else {},
    )


@pytest.mark.parametrize("bad", CASES)
async def test_bad_input_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, settings: Settings, bad: Case
) -> None:
    room = await newsroom(settings)
    before = await stored()

    response = await send(client, room, bad.document, bad.variables, bad.bearer)

    body = response.json()
    body.pop("extensions", None)  # the SQL count the test settings turn on
    assert (response.status_code, body) == (bad.status, bad.expected)
    if bad.status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert await stored() == before
    entries = await models.AuditEntry.all().order_by("id")
    assert [(entry.action, entry.outcome) for entry in entries] == audited(bad.expected)


def _row_id(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().partition(":")[2])


# (document, row, input, its typename, table, column, what is stored): only that cell changes.
SANITISED = [
    pytest.param(UPDATE_SECTION, "world", {"description": "<script>alert(1)</script>Floods <em>recede</em>"}, "Section", "section", "description", "Floods <em>recede</em>", id="section description"),
    pytest.param(UPDATE_AUTHOR, "author", {"bio": 'Covers <i>ports</i>.<img src=x onerror="alert(1)">'}, "Author", "author", "bio", "Covers <i>ports</i>.", id="author bio"),
    pytest.param(UPDATE_AUTHOR, "author", {"name": "Ana <script>alert(1)</script>Lima"}, "Author", "author", "name", "Ana Lima", id="author name"),
    pytest.param(UPDATE_TAG, "tag", {"name": "<b>Floods</b><script>alert(1)</script>"}, "Tag", "tag", "name", "Floods", id="tag name"),
    pytest.param(UPDATE_IMAGE, "spare", {"altText": '<img src=x onerror="alert(1)">A flooded street'}, "Image", "image", "alt_text", "A flooded street", id="image alt text"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("document", "row", "given", "typename", "table", "column", "kept"), SANITISED
)
async def test_script_tags_are_dropped_and_nothing_else_changes(
    client: httpx.AsyncClient,
    settings: Settings,
    document: str,
    row: str,
    given: dict[str, str],
    typename: str,
    table: str,
    column: str,
    kept: str,
) -> None:
    room = await newsroom(settings)
    expected = await stored()
    [changed] = [r for r in expected[table] if r["id"] == _row_id(room.ids[row])]
    changed[column] = kept
    changed["version"] += 1

    response = await send(client, room, document, {"id": f"@{row}", "v": 1, "i": given}, "editor")

    assert response.json()["data"] == {f"update{typename}": {"__typename": typename}}
    assert await stored() == expected
