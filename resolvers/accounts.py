"""Signing in and out: short-lived access tokens, rotating refresh tokens."""

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

import models
from auth import passwords, tokens
from resolvers import permissions
from resolvers.context import Context
from resolvers.problems import Throttled, Unauthenticated
from throttling.buckets import address_of


async def by_id(ctx: Context, user_id: int) -> models.User | None:
    """An account by id: an admin's to look up, or one's own."""
    viewer = ctx.viewer.user
    if viewer is None or not (permissions.holds(viewer, permissions.ADMIN) or viewer.id == user_id):
        return None
    return await models.User.filter(id=user_id).first()


# One message for a wrong password and an unknown email: it must not tell them apart.
LOGIN_REFUSED = "Wrong email or password."
EMAIL_MAX = 254  # the column's size, and the longest address SMTP carries


def plausible_email(email: str) -> bool:
    """Catches typos, not every RFC 5322 address: one @, a local part, a dotted domain."""
    local, _, domain = email.partition("@")
    return (
        email.count("@") == 1
        and bool(local)
        and "." in domain.strip(".")
        and not any(char.isspace() for char in email)
        and len(email) <= EMAIL_MAX
    )


@dataclass(frozen=True)
class Signin:
    user: models.User
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


async def _sign_in(ctx: Context, user: models.User) -> Signin:
    policy = ctx.tokens
    refresh = tokens.new_secret()
    refresh_expires_at = ctx.now + policy.refresh_ttl
    await models.Session.create(
        user=user, token_hash=tokens.digest(refresh), expires_at=refresh_expires_at
    )
    access = tokens.issue_access(
        user_id=user.id, role=user.role, secret=policy.secret, now=ctx.now, ttl=policy.access_ttl
    )
    return Signin(user, access, ctx.now + policy.access_ttl, refresh, refresh_expires_at)


async def login(ctx: Context, *, email: str, password: str) -> Signin:
    address = email.strip().lower()
    if ctx.limits is not None and not await ctx.limits.login(
        address[:EMAIL_MAX], address_of(ctx.request), ctx.now.timestamp()
    ):
        raise Throttled("Too many sign-in attempts; wait a minute and try again.")
    # A NUL byte (PostgreSQL refuses it in text) or an address longer than the column
    # (Tortoise refuses it even in a filter) names no account: still hash a decoy.
    user = (
        None
        if "\x00" in address or len(address) > EMAIL_MAX
        else await models.User.filter(email=address, is_active=True).first()
    )
    if not passwords.verify(user.password_hash if user else None, password) or user is None:
        raise Unauthenticated(LOGIN_REFUSED)
    return await _sign_in(ctx, user)


async def refresh(ctx: Context, *, refresh_token: str) -> Signin:
    """Trades a refresh token for a new pair; the old one stops working (rotation)."""
    async with in_transaction():
        session = (
            await models.Session.filter(
                token_hash=tokens.digest(refresh_token),
                revoked_at=None,
                expires_at__gt=ctx.now,
                user__is_active=True,
            )
            .select_for_update()
            .select_related("user")
            .first()
        )
        if session is None:
            raise Unauthenticated("Unknown, expired or revoked refresh token.")
        session.revoked_at = ctx.now
        await session.save(update_fields=["revoked_at"])
        return await _sign_in(ctx, session.user)


async def logout(ctx: Context, *, refresh_token: str) -> None:
    """Revokes the refresh token; logging out twice, or with a stale token, is harmless."""
    await models.Session.filter(token_hash=tokens.digest(refresh_token), revoked_at=None).update(
        revoked_at=ctx.now
    )


async def create_user(
    *, email: str, display_name: str, password: str, role: models.Role
) -> models.User:
    return await models.User.create(
        email=email.strip().lower(),
        display_name=display_name,
        password_hash=passwords.hash_password(password),
        role=role,
    )
