"""Signing in from the playground, API tokens for frontends, and refused tokens."""

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

import models
from auth import tokens
from settings import Settings
from tests import factories
from tests.conftest import GraphQL

LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    __typename
    ... on Session { accessToken refreshToken user { email displayName role } }
    ... on Problem { message code fields }
  }
}"""
REFRESH = """mutation($token: String!) {
  refreshToken(refreshToken: $token) {
    __typename
    ... on Session { accessToken refreshToken }
    ... on Problem { message code }
  }
}"""
ME = "{ me { email role } }"
CREATE_TOKEN = """mutation($name: String!, $scopes: [ApiScope!]!) {
  createApiToken(name: $name, scopes: $scopes) {
    __typename
    ... on NewApiToken { secret apiToken { id name scopes revokedAt } }
    ... on Problem { message code fields }
  }
}"""


async def _login(gql: GraphQL, email: str, password: str = factories.PASSWORD) -> dict[str, Any]:
    body = await gql(LOGIN, email=email, password=password)
    result: dict[str, Any] = body["data"]["login"]
    return result


async def test_login_gives_tokens_that_identify_the_editor(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="lena@newsroom.test", display_name="Lena")

    session = await _login(gql, "Lena@Newsroom.test ")
    me = await gql(ME, bearer=session["accessToken"])

    assert session["__typename"] == "Session"
    assert session["user"] == {
        "email": "lena@newsroom.test",
        "displayName": "Lena",
        "role": "EDITOR",
    }
    assert me["data"] == {"me": {"email": "lena@newsroom.test", "role": "EDITOR"}}


async def test_wrong_password_and_unknown_email_get_the_same_answer(gql: GraphQL) -> None:
    await factories.user(email="lena@newsroom.test")

    wrong = await _login(gql, "lena@newsroom.test", "not the password")
    unknown = await _login(gql, "nobody@newsroom.test", "not the password")

    refused = {
        "__typename": "AuthenticationError",
        "message": "Wrong email or password.",
        "code": "UNAUTHENTICATED",
        "fields": [],
    }
    assert wrong == unknown == refused
    assert await models.Session.all().count() == 0


async def test_a_deactivated_account_cannot_log_in(gql: GraphQL) -> None:
    user = await factories.user(email="gone@newsroom.test")
    user.is_active = False
    await user.save()

    assert (await _login(gql, "gone@newsroom.test"))["__typename"] == "AuthenticationError"


async def test_refresh_rotates_and_logout_revokes(gql: GraphQL) -> None:
    await factories.user(email="lena@newsroom.test")
    first = await _login(gql, "lena@newsroom.test")

    second = (await gql(REFRESH, token=first["refreshToken"]))["data"]["refreshToken"]
    replayed = (await gql(REFRESH, token=first["refreshToken"]))["data"]["refreshToken"]
    await gql("mutation($t: String!) { logout(refreshToken: $t) { ok } }", t=second["refreshToken"])
    after_logout = (await gql(REFRESH, token=second["refreshToken"]))["data"]["refreshToken"]

    refused = {
        "__typename": "AuthenticationError",
        "message": "Unknown, expired or revoked refresh token.",
        "code": "UNAUTHENTICATED",
    }
    assert second["__typename"] == "Session"
    assert second["refreshToken"] != first["refreshToken"]
    assert replayed == after_logout == refused


async def test_anonymous_me_is_null(gql: GraphQL) -> None:
    assert (await gql(ME))["data"] == {"me": None}


async def test_admin_creates_an_api_token_shown_once_and_stored_hashed(gql: GraphQL) -> None:
    await factories.user(models.Role.ADMIN, email="admin@newsroom.test")
    admin = await _login(gql, "admin@newsroom.test")

    body = await gql(
        CREATE_TOKEN, bearer=admin["accessToken"], name="Web frontend", scopes=["CONTENT_READ"]
    )
    created = body["data"]["createApiToken"]
    as_frontend = await gql(ME, bearer=created["secret"])

    assert created["__typename"] == "NewApiToken"
    assert created["secret"].startswith("dl_api_")
    assert created["apiToken"]["name"] == "Web frontend"
    assert created["apiToken"]["scopes"] == ["CONTENT_READ"]
    stored = await models.ApiToken.get(name="Web frontend")
    assert stored.token_hash == tokens.digest(created["secret"]) != created["secret"]
    assert as_frontend == {
        "data": {"me": None},
        "extensions": {"cost": {"requested": 0, "limit": 10_000}, "sql": {"count": 0}},
    }


@pytest.mark.parametrize("role", [None, models.Role.WRITER, models.Role.EDITOR])
async def test_only_admins_create_api_tokens(gql: GraphQL, role: models.Role | None) -> None:
    bearer = None
    if role is not None:
        await factories.user(role, email="someone@newsroom.test")
        bearer = (await _login(gql, "someone@newsroom.test"))["accessToken"]

    body = await gql(CREATE_TOKEN, bearer=bearer, name="Sneaky", scopes=["PREVIEW_READ"])

    assert body["data"]["createApiToken"] == {
        "__typename": "ForbiddenError",
        "message": "Only an admin may manage API tokens.",
        "code": "FORBIDDEN",
        "fields": [],
    }
    assert await models.ApiToken.all().count() == 0


async def test_api_token_input_is_validated(gql: GraphQL) -> None:
    await factories.user(models.Role.ADMIN, email="admin@newsroom.test")
    admin = (await _login(gql, "admin@newsroom.test"))["accessToken"]

    no_name = await gql(CREATE_TOKEN, bearer=admin, name="  ", scopes=["CONTENT_READ"])
    no_scope = await gql(CREATE_TOKEN, bearer=admin, name="Build", scopes=[])

    assert no_name["data"]["createApiToken"]["fields"] == ["name"]
    assert no_scope["data"]["createApiToken"]["fields"] == ["scopes"]
    assert await models.ApiToken.all().count() == 0


async def test_a_revoked_api_token_is_refused_on_the_next_request(
    gql: GraphQL, client: httpx.AsyncClient
) -> None:
    await factories.user(models.Role.ADMIN, email="admin@newsroom.test")
    admin = (await _login(gql, "admin@newsroom.test"))["accessToken"]
    created = (await gql(CREATE_TOKEN, bearer=admin, name="Build", scopes=["CONTENT_READ"]))[
        "data"
    ]["createApiToken"]

    revoked = await gql(
        "mutation($id: ID!) { revokeApiToken(id: $id) { __typename ... on ApiToken { name } } }",
        bearer=admin,
        id=created["apiToken"]["id"],
    )
    response = await client.post(
        "/graphql",
        json={"query": "{ __typename }"},
        headers={"authorization": f"Bearer {created['secret']}"},
    )

    assert revoked["data"] == {"revokeApiToken": {"__typename": "ApiToken", "name": "Build"}}
    assert response.status_code == 401
    assert response.json() == {
        "errors": [
            {"message": "Unknown or revoked API token.", "extensions": {"code": "UNAUTHENTICATED"}}
        ]
    }


def _forged(settings: Settings, user_id: int) -> dict[str, str]:
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "role": "admin", "typ": "access"}
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    payload = base64.urlsafe_b64encode(
        json.dumps({**claims, "exp": int((now + timedelta(hours=1)).timestamp())}).encode()
    )
    secret = settings.secret_key.get_secret_value()
    return {
        "alg none": f"{header.decode().rstrip('=')}.{payload.decode().rstrip('=')}.",
        "wrong signature": jwt.encode(
            {**claims, "exp": now + timedelta(hours=1)},
            "another-secret-of-32-bytes-or-more!",
            "HS256",
        ),
        "expired": jwt.encode({**claims, "exp": now - timedelta(seconds=1)}, secret, "HS256"),
        "garbage": "not-a-jwt-at-all",
        "no exp": jwt.encode(claims, secret, "HS256"),
    }


async def test_forged_or_expired_access_tokens_are_refused_with_401(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    user = await factories.user(models.Role.ADMIN)

    answers = {
        name: await client.post(
            "/graphql", json={"query": ME}, headers={"authorization": f"Bearer {token}"}
        )
        for name, token in _forged(settings, user.id).items()
    }

    assert {name: r.status_code for name, r in answers.items()} == dict.fromkeys(answers, 401)
    assert {r.json()["errors"][0]["extensions"]["code"] for r in answers.values()} == {
        "UNAUTHENTICATED"
    }
    assert all(r.headers["www-authenticate"] == "Bearer" for r in answers.values())
