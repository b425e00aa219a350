"""Signed short-lived access tokens (JWT, HS256 pinned) and opaque long-lived secrets."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

ALGORITHM = "HS256"
API_TOKEN_PREFIX = "dl_api_"  # noqa: S105 (a marker that tells API tokens from JWTs, not a secret)


@dataclass(frozen=True)
class TokenPolicy:
    secret: str
    access_ttl: timedelta
    refresh_ttl: timedelta


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    role: str


def issue_access(*, user_id: int, role: str, secret: str, now: datetime, ttl: timedelta) -> str:
    claims = {"sub": str(user_id), "role": role, "iat": now, "exp": now + ttl, "typ": "access"}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_access(token: str, *, secret: str) -> AccessClaims | None:
    """The claims of a valid access token; None if forged, expired or malformed.

    The algorithm list is pinned, so `alg: none` or an RS/HS confusion is refused.
    """
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub", "typ"]}
        )
    except jwt.PyJWTError:
        return None
    sub, role = claims.get("sub"), claims.get("role")
    if claims.get("typ") != "access" or not isinstance(sub, str) or not sub.isdigit():
        return None
    return AccessClaims(user_id=int(sub), role=str(role))


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored for an opaque secret: its SHA-256 (the secret has 256 random bits)."""
    return hashlib.sha256(secret.encode()).hexdigest()
