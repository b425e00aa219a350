"""Signed short-lived access tokens (JWT, HS256 pinned) and opaque long-lived secrets."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

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


def _verified(token: str, *, secret: str, typ: str) -> dict[str, Any] | None:
    """The claims of a valid token of kind `typ`; None if forged, expired or malformed.

    The algorithm list is pinned, so `alg: none` or an RS/HS confusion is refused, and
    the kind is checked, so a preview link never passes for an access token.
    """
    try:
        claims: dict[str, Any] = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub", "typ"]}
        )
    except jwt.PyJWTError:
        return None
    sub = claims.get("sub")
    if claims.get("typ") != typ or not isinstance(sub, str) or not sub.isdigit():
        return None
    return claims


def read_access(token: str, *, secret: str) -> AccessClaims | None:
    claims = _verified(token, secret=secret, typ="access")
    if claims is None:
        return None
    return AccessClaims(user_id=int(claims["sub"]), role=str(claims.get("role")))


@dataclass(frozen=True)
class PreviewClaims:
    article_id: int
    by: int  # the account that made the link: it stops working when they leave


def issue_preview(*, article_id: int, by: int, secret: str, now: datetime, ttl: timedelta) -> str:
    """A link token that opens one article's draft; it cannot act as an access token."""
    claims = {"sub": str(article_id), "by": by, "iat": now, "exp": now + ttl, "typ": "preview"}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_preview(token: str, *, secret: str) -> PreviewClaims | None:
    """The article a valid preview link token opens, and who made it."""
    claims = _verified(token, secret=secret, typ="preview")
    if claims is None or not isinstance(claims.get("by"), int):
        return None
    return PreviewClaims(article_id=int(claims["sub"]), by=claims["by"])


def fingerprint(password_hash: str) -> str:
    """What a password token is bound to: setting a password changes it, so the token
    that set it (and any other issued before) stops working. Single use, no table."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def issue_password(
    *, user_id: int, password_hash: str, secret: str, now: datetime, ttl: timedelta
) -> str:
    """A set-password or reset link token for one account."""
    claims = {
        "sub": str(user_id),
        "fp": fingerprint(password_hash),
        "iat": now,
        "exp": now + ttl,
        "typ": "password",
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_password(token: str, *, secret: str) -> tuple[int, str] | None:
    """The account a valid password token is for, and the fingerprint it was bound to."""
    claims = _verified(token, secret=secret, typ="password")
    if claims is None or not isinstance(claims.get("fp"), str):
        return None
    return int(claims["sub"]), claims["fp"]


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored for an opaque secret: its SHA-256 (the secret has 256 random bits)."""
    return hashlib.sha256(secret.encode()).hexdigest()
