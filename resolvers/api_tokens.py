"""Tokens for frontends and build servers, managed by admins."""

from dataclasses import dataclass
from datetime import datetime

import models
from auth import tokens
from resolvers import permissions, text
from resolvers.context import Context
from resolvers.pagination import Order, Page, Window, paginate, seek
from resolvers.problems import Invalid, NotFound

SCOPES = frozenset({"content:read", "preview:read"})
NEWEST: Order[models.ApiToken] = Order(
    "tokens", descending=True, value=lambda row: row.created_at, kind=datetime, column="created_at"
)


@dataclass(frozen=True)
class Issued:
    secret: str  # shown once; only its hash is stored
    api_token: models.ApiToken


async def by_id(ctx: Context, token_id: int) -> models.ApiToken | None:
    """A token by id (its name, scopes and dates; never its secret), for admins."""
    if not permissions.holds(ctx.viewer.user, permissions.ADMIN):
        return None
    return await models.ApiToken.filter(id=token_id).first()


async def listed(ctx: Context, *, first: int | None, after: str | None) -> Page[models.ApiToken]:
    """Every token, newest first, revoked ones too (never a secret); admins only."""
    permissions.to_read(ctx, permissions.ADMIN, "API tokens are listed for admins.")
    rows = models.ApiToken.all()

    async def fetch(window: Window) -> list[models.ApiToken]:
        return list(await seek(rows, window, NEWEST))

    return await paginate(fetch, rows.count, NEWEST, first=first, after=after)


def _admin_only(ctx: Context) -> models.User:
    return permissions.to_write(ctx, permissions.ADMIN, "Only an admin may manage API tokens.")


async def create(ctx: Context, *, name: str, scopes: list[str]) -> Issued:
    admin = _admin_only(ctx)
    name = text.plain(name)
    if not 1 <= len(name) <= 100:
        raise Invalid("A token's name has 1 to 100 characters.", ("name",))
    unknown = sorted(set(scopes) - SCOPES)
    if unknown or not scopes:
        raise Invalid(f"Scopes must be some of {sorted(SCOPES)}.", ("scopes",))
    secret = tokens.new_secret(tokens.API_TOKEN_PREFIX)
    row = await models.ApiToken.create(
        name=name, token_hash=tokens.digest(secret), scopes=sorted(set(scopes)), created_by=admin
    )
    return Issued(secret, row)


async def revoke(ctx: Context, *, token_id: int) -> models.ApiToken:
    _admin_only(ctx)
    row = await models.ApiToken.filter(id=token_id).first()
    if row is None:
        raise NotFound(f"No API token {token_id}.", ("id",))
    if row.revoked_at is None:
        row.revoked_at = ctx.now
        await row.save(update_fields=["revoked_at"])
    return row
