"""Reads `Authorization: Bearer ...` on every request: an access, API or preview link token."""

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


def refuse(conn: HTTPConnection, error: Exception) -> Response:
    """A bad token is refused outright (401), never quietly treated as anonymous."""
    return JSONResponse(
        {"errors": [{"message": str(error), "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={"WWW-Authenticate": "Bearer"},
    )
