"""Accounts, for admins: added without a password, deactivated at once, never the last admin."""

from typing import Any

import httpx

import models
from tests import factories
from tests.conftest import GraphQL
from tests.test_drafts import global_id

CREATE = """mutation($i: CreateUserInput!) { createUser(input: $i) {
  __typename
  ... on NewUser { user { email displayName role active } setPasswordToken }
  ... on Problem { message code fields }
} }"""
UPDATE = """mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) {
  __typename ... on User { role active } ... on Problem { message code fields }
} }"""
RESET = """mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) {
  __typename ... on User { email } ... on Problem { message code }
} }"""
LOGIN = """mutation($e: String!, $p: String!) { login(email: $e, password: $p) {
  __typename ... on Session { accessToken refreshToken }
} }"""


async def post(
    client: httpx.AsyncClient, query: str, token: str | None, **variables: Any
) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


async def test_an_admin_adds_a_writer_who_sets_a_password_then_deactivates_them(
    gql: GraphQL, client: httpx.AsyncClient
) -> None:
    await factories.user(models.Role.ADMIN, email="chief@newsroom.test")
    admin = await gql.sign_in("chief@newsroom.test", factories.PASSWORD)
    created = await gql(
        CREATE,
        bearer=admin,
        i={"email": " Sam@Newsroom.test", "displayName": "Sam", "role": "WRITER"},
    )
    link = created["data"]["createUser"]["setPasswordToken"]
    before_password = await gql(LOGIN, e="sam@newsroom.test", p="")
    password = "a password of Sam's own"
    set_once = await gql(RESET, t=link, p=password)
    set_twice = await gql(RESET, t=link, p="another password here")
    session = (await gql(LOGIN, e="sam@newsroom.test", p=password))["data"]["login"]
    writer = session["accessToken"]
    draft = await factories.article(slug="sams-draft", published_at=None)
    sam = await models.User.get(email="sam@newsroom.test")
    await models.Article.filter(id=draft.id).update(created_by_id=sam.id)
    preview = (
        await gql(
            "mutation($id: ID!) { createPreviewToken(articleId: $id) { ... on PreviewToken { token } } }",
            bearer=writer,
            id=global_id("Article", draft.id),
        )
    )["data"]["createPreviewToken"]["token"]
    before = await post(client, "{ me { email } }", writer)

    deactivated = await gql(UPDATE, bearer=admin, id=global_id("User", sam.id), i={"active": False})
    after = await post(client, "{ me { email } }", writer)
    link_after = await post(client, '{ article(slug: "sams-draft") { slug } }', preview)
    refreshed = await gql(
        "mutation($t: String!) { refreshToken(refreshToken: $t) { __typename } }",
        t=session["refreshToken"],
    )

    assert created["data"]["createUser"]["user"] == {
        "email": "sam@newsroom.test",
        "displayName": "Sam",
        "role": "WRITER",
        "active": True,
    }
    assert before_password["data"]["login"] == {"__typename": "AuthenticationError"}
    assert set_once["data"]["resetPassword"] == {"__typename": "User", "email": "sam@newsroom.test"}
    assert set_twice["data"]["resetPassword"] == {
        "__typename": "AuthenticationError",
        "message": "This link is unknown, expired or already used.",
        "code": "UNAUTHENTICATED",
    }
    assert before.json()["data"] == {"me": {"email": "sam@newsroom.test"}}
    assert deactivated["data"]["updateUser"] == {
        "__typename": "User",
        "role": "WRITER",
        "active": False,
    }
    assert (after.status_code, link_after.status_code) == (401, 401)
    assert refreshed["data"]["refreshToken"] == {"__typename": "AuthenticationError"}


async def test_the_last_active_admin_is_neither_deactivated_nor_demoted(gql: GraphQL) -> None:
    chief = await factories.user(models.Role.ADMIN, email="chief@newsroom.test")
    admin = await gql.sign_in("chief@newsroom.test", factories.PASSWORD)
    chief_id = global_id("User", chief.id)

    leaving = await gql(UPDATE, bearer=admin, id=chief_id, i={"active": False})
    demoted = await gql(UPDATE, bearer=admin, id=chief_id, i={"role": "EDITOR"})
    deputy = await factories.user(models.Role.ADMIN, email="deputy@newsroom.test")
    handed_over = await gql(UPDATE, bearer=admin, id=chief_id, i={"role": "EDITOR"})
    last_again = await gql(
        UPDATE,
        bearer=await gql.sign_in("deputy@newsroom.test", factories.PASSWORD),
        id=global_id("User", deputy.id),
        i={"active": False},
    )

    def refused(field: str) -> dict[str, Any]:
        return {
            "__typename": "ValidationError",
            "message": f"{field}: the last active admin stays one.",
            "code": "VALIDATION_FAILED",
            "fields": [field],
        }

    assert leaving["data"]["updateUser"] == refused("input.active")
    assert demoted["data"]["updateUser"] == refused("input.role")
    assert handed_over["data"]["updateUser"] == {
        "__typename": "User",
        "role": "EDITOR",
        "active": True,
    }
    assert last_again["data"]["updateUser"] == refused("input.active")


async def test_accounts_are_listed_and_managed_by_admins_only(gql: GraphQL) -> None:
    await factories.user(models.Role.ADMIN, email="chief@newsroom.test")
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    admin = await gql.sign_in("chief@newsroom.test", factories.PASSWORD)
    editor = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    listing = "{ users(first: 10) { totalCount nodes { email role active } } }"

    by_admin = await gql(listing, bearer=admin)
    by_editor = await gql(listing, bearer=editor)
    adding = await gql(
        CREATE, bearer=editor, i={"email": "x@newsroom.test", "displayName": "X", "role": "ADMIN"}
    )
    bad = await gql(
        CREATE, bearer=admin, i={"email": "not-an-email", "displayName": "", "role": "WRITER"}
    )
    taken = await gql(
        CREATE,
        bearer=admin,
        i={"email": "DESK@newsroom.test", "displayName": "D", "role": "WRITER"},
    )

    assert by_admin["data"]["users"] == {
        "totalCount": 2,
        "nodes": [
            {"email": "chief@newsroom.test", "role": "ADMIN", "active": True},
            {"email": "desk@newsroom.test", "role": "EDITOR", "active": True},
        ],
    }
    assert by_editor["data"] == {"users": None}
    assert by_editor["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    assert adding["data"]["createUser"]["__typename"] == "ForbiddenError"
    assert bad["data"]["createUser"] == {
        "__typename": "ValidationError",
        "message": "input.displayName: from 1 to 200 characters; input.email: not an email address.",
        "code": "VALIDATION_FAILED",
        "fields": ["input.displayName", "input.email"],
    }
    assert taken["data"]["createUser"]["fields"] == ["input.email"]
    assert await models.User.all().count() == 2


async def test_an_account_changes_its_own_password_given_the_current_one(gql: GraphQL) -> None:
    await factories.user(models.Role.WRITER, email="sam@newsroom.test")
    writer = await gql.sign_in("sam@newsroom.test", factories.PASSWORD)
    change = """mutation($c: String!, $n: String!) { changePassword(current: $c, new: $n) {
      __typename ... on Problem { message fields } } }"""

    wrong = await gql(change, bearer=writer, c="not my password", n="a brand new password")
    short = await gql(change, bearer=writer, c=factories.PASSWORD, n="short")
    changed = await gql(change, bearer=writer, c=factories.PASSWORD, n="a brand new password")
    old = await gql(LOGIN, e="sam@newsroom.test", p=factories.PASSWORD)
    new = await gql(LOGIN, e="sam@newsroom.test", p="a brand new password")

    assert wrong["data"]["changePassword"] == {
        "__typename": "ValidationError",
        "message": "current: not your password.",
        "fields": ["current"],
    }
    assert short["data"]["changePassword"]["fields"] == ["new"]
    assert changed["data"]["changePassword"] == {"__typename": "User"}
    assert old["data"]["login"] == {"__typename": "AuthenticationError"}
    assert new["data"]["login"]["__typename"] == "Session"


async def test_api_tokens_are_listed_for_admins_without_their_secrets(gql: GraphQL) -> None:
    await factories.user(models.Role.ADMIN, email="chief@newsroom.test")
    admin = await gql.sign_in("chief@newsroom.test", factories.PASSWORD)
    make = """mutation($n: String!) { createApiToken(name: $n, scopes: [CONTENT_READ])
      { ... on NewApiToken { secret apiToken { id } } } }"""
    web = (await gql(make, bearer=admin, n="web"))["data"]["createApiToken"]
    await gql(make, bearer=admin, n="app")
    await gql(
        "mutation($id: ID!) { revokeApiToken(id: $id) { __typename } }",
        bearer=admin,
        id=web["apiToken"]["id"],
    )

    listed = await gql(
        "{ apiTokens(first: 10) { totalCount nodes { name scopes revoked: revokedAt } } }",
        bearer=admin,
    )

    nodes = listed["data"]["apiTokens"]["nodes"]
    assert [(n["name"], n["scopes"], n["revoked"] is not None) for n in nodes] == [
        ("app", ["CONTENT_READ"], False),
        ("web", ["CONTENT_READ"], True),
    ]
    assert web["secret"] not in str(listed)


async def test_an_api_token_shows_when_it_was_last_used_and_a_reader_does_not_write_each_time(
    gql: GraphQL,
) -> None:
    await factories.user(models.Role.ADMIN, email="chief@newsroom.test")
    admin = await gql.sign_in("chief@newsroom.test", factories.PASSWORD)
    make = """mutation($n: String!) { createApiToken(name: $n, scopes: [CONTENT_READ])
      { ... on NewApiToken { secret } } }"""
    secret = (await gql(make, bearer=admin, n="web"))["data"]["createApiToken"]["secret"]
    listing = "{ apiTokens(first: 10) { nodes { name lastUsedAt } } }"

    before = await gql(listing, bearer=admin)
    await gql("{ sections { slug } }", bearer=secret)
    first_use = (await models.ApiToken.get(name="web")).last_used_at
    await gql("{ sections { slug } }", bearer=secret)
    second_use = (await models.ApiToken.get(name="web")).last_used_at
    after = await gql(listing, bearer=admin)

    assert before["data"]["apiTokens"]["nodes"] == [{"name": "web", "lastUsedAt": None}]
    assert first_use is not None
    # Within five minutes the second request leaves the stored time as it was.
    assert second_use == first_use
    assert after["data"]["apiTokens"]["nodes"] == [
        {"name": "web", "lastUsedAt": first_use.isoformat()}
    ]
