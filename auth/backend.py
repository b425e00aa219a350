"""Reads `Authorization: Bearer ...` on every request: an access, API or preview link token."""

from datetime import UTC, datetime, timedelta
from typing import Final

from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
)
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response

import models
from auth.tokens import API_TOKEN_PREFIX, digest, read_access, read_preview
from auth.viewer import Viewer

# How stale an API token's "last used" may get: admins look for tokens unused for weeks,
# and a frontend's every request must not be a write.
LAST_USED_EVERY: Final = timedelta(minutes=5)


class TokenBackend(AuthenticationBackend):
    def __init__(self, secret: str) -> None:
        self.secret = secret

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        header = conn.headers.get("authorization")
        if header is None:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("Send the token as `Authorization: Bearer <token>`.")
        token = token.strip()
        if token.startswith(API_TOKEN_PREFIX):
            api_token = await models.ApiToken.filter(
                token_hash=digest(token), revoked_at=None
            ).first()
            if api_token is None:
                raise AuthenticationError("Unknown or revoked API token.")
            await _mark_used(api_token)
            return AuthCredentials(api_token.scopes), Viewer(api_token=api_token)
        preview = read_preview(token, secret=self.secret)
        if preview is not None:
            if not await models.User.filter(id=preview.by, is_active=True).exists():
                raise AuthenticationError("This preview link's account is no longer active.")
            return AuthCredentials(["preview:link"]), Viewer(preview_of=preview.article_id)
        claims = read_access(token, secret=self.secret)
        user = (
            await models.User.filter(id=claims.user_id, is_active=True).first()
            if claims is not None
            else None
        )
        if user is None:
            raise AuthenticationError("Invalid or expired access token.")
        return AuthCredentials(["content:read", "preview:read"]), Viewer(user=user)


async def _mark_used(api_token: models.ApiToken) -> None:
    now = datetime.now(UTC)
    if api_token.last_used_at is not None and now - api_token.last_used_at < LAST_USED_EVERY:
        return
    # Conditional, so of many concurrent first requests one writes and none waits on it.
    await models.ApiToken.filter(id=api_token.id, last_used_at=api_token.last_used_at).update(
        last_used_at=now
    )
    api_token.last_used_at = now


def refuse(conn: HTTPConnection, error: Exception) -> Response:
    """A bad token is refused outright (401), never quietly treated as anonymous."""
    return JSONResponse(
        {"errors": [{"message": str(error), "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )
