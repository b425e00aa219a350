"""Managing newsroom accounts: admins add, change and deactivate them; everyone keeps
their own password.

An admin never chooses a password: adding an account (or asking for a reset) gives a
one-time link token, sent to the person however the newsroom likes, with which they set
their own (`resetPassword`). The token is bound to the account's password as it was, so
setting one ends it and any other issued before (auth.tokens.fingerprint).

Deactivating an account ends it everywhere at once: its refresh tokens are revoked, and
every request checks the account is active (auth.backend), so its access tokens and the
preview links it made answer 401 from the next request on. The last active admin can be
neither demoted nor deactivated: someone must be able to manage accounts.
"""

from dataclasses import dataclass
from datetime import timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

import models
from auth import passwords, tokens
from resolvers import permissions, text
from resolvers.accounts import plausible_email
from resolvers.context import Context
from resolvers.pagination import Order, Page, Window, paginate, seek
from resolvers.problems import Invalid, NotFound, Unauthenticated

PASSWORD_MIN = 12
PASSWORD_MAX = 1000  # argon2 hashes anything; this stops a megabyte from being hashed
LINK_TTL = timedelta(days=3)
NAME_MAX = 200
BY_EMAIL: Order[models.User] = Order(
    "users", descending=False, value=lambda row: row.email, kind=str, column="email"
)


@dataclass(frozen=True)
class Invited:
    user: models.User
    token: str  # the set-password link token, shown once


def _admin(ctx: Context) -> models.User:
    return permissions.to_write(ctx, permissions.ADMIN, "Only an admin manages accounts.")


async def listed(ctx: Context, *, first: int | None, after: str | None) -> Page[models.User]:
    """Every account, by email; admins only."""
    permissions.to_read(ctx, permissions.ADMIN, "The list of accounts is for admins.")
    rows = models.User.all()

    async def fetch(window: Window) -> list[models.User]:
        return list(await seek(rows, window, BY_EMAIL))

    return await paginate(fetch, rows.count, BY_EMAIL, first=first, after=after)


def _link(ctx: Context, user: models.User) -> str:
    return tokens.issue_password(
        user_id=user.id,
        password_hash=user.password_hash,
        secret=ctx.tokens.secret,
        now=ctx.now,
        ttl=LINK_TTL,
    )


def _name(value: str, problems: dict[str, str]) -> str:
    name = text.plain(value)
    if not 1 <= len(name) <= NAME_MAX:
        problems["input.displayName"] = f"from 1 to {NAME_MAX} characters"
    return name


def _refuse(problems: dict[str, str]) -> None:
    if problems:
        reasons = "; ".join(f"{field}: {why}" for field, why in sorted(problems.items()))
        raise Invalid(reasons + ".", tuple(sorted(problems)))


async def create(ctx: Context, *, email: str, display_name: str, role: models.Role) -> Invited:
    """A new account with no password yet, and the link token that sets it."""
    _admin(ctx)
    address = email.strip().lower()
    problems: dict[str, str] = {}
    if "\x00" in address or not plausible_email(address):  # it checks the length too
        problems["input.email"] = "not an email address"
    name = _name(display_name, problems)
    if not problems and await models.User.filter(email=address).exists():
        problems["input.email"] = "an account with this email exists"
    _refuse(problems)
    try:
        # No password can match an empty hash (auth.passwords.verify), so the account
        # cannot sign in until its owner sets one.
        user = await models.User.create(
            email=address, display_name=name, password_hash="", role=role
        )
    except IntegrityError:  # the same email, added a moment ago
        raise Invalid("input.email: an account with this email exists.", ("input.email",)) from None
    return Invited(user, _link(ctx, user))


async def _others_manage(user: models.User) -> bool:
    """Whether another active admin is left when this one stops being one."""
    return (
        await models.User.filter(role=models.Role.ADMIN, is_active=True)
        .exclude(id=user.id)
        .exists()
    )


async def update(
    ctx: Context,
    *,
    user_id: int,
    display_name: str | None = None,
    role: models.Role | None = None,
    active: bool | None = None,
) -> models.User:
    _admin(ctx)
    async with in_transaction():
        user = await models.User.filter(id=user_id).select_for_update().first()
        if user is None:
            raise NotFound(f"No account {user_id}.", ("id",))
        problems: dict[str, str] = {}
        values: dict[str, object] = {}
        if display_name is not None:
            values["display_name"] = _name(display_name, problems)
        if role is not None:
            values["role"] = role
        if active is not None:
            values["is_active"] = active
        leaving = user.role == models.Role.ADMIN and user.is_active
        stays = values.get("role", user.role) == models.Role.ADMIN and values.get(
            "is_active", user.is_active
        )
        if leaving and not stays and not await _others_manage(user):
            field = "input.active" if active is False else "input.role"
            problems[field] = "the last active admin stays one"
        _refuse(problems)
        if values:
            await user.update_from_dict(values).save(update_fields=list(values))
        if active is False:
            await models.Session.filter(user_id=user.id, revoked_at=None).update(revoked_at=ctx.now)
    return user


async def request_reset(ctx: Context, *, user_id: int) -> str:
    """A link token with which the account's owner sets a new password; admins only."""
    _admin(ctx)
    user = await models.User.filter(id=user_id, is_active=True).first()
    if user is None:
        raise NotFound(f"No active account {user_id}.", ("userId",))
    return _link(ctx, user)


def _checked_password(password: str, field: str) -> None:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise Invalid(f"{field}: from {PASSWORD_MIN} to {PASSWORD_MAX} characters.", (field,))


async def reset(ctx: Context, *, token: str, password: str) -> models.User:
    """Sets the password of the account a link token is for; the token is then spent."""
    found = tokens.read_password(token, secret=ctx.tokens.secret)
    _checked_password(password, "password")
    async with in_transaction():
        user = (
            await models.User.filter(id=found[0], is_active=True).select_for_update().first()
            if found is not None
            else None
        )
        if user is None or found is None or tokens.fingerprint(user.password_hash) != found[1]:
            raise Unauthenticated("This link is unknown, expired or already used.")
        user.password_hash = passwords.hash_password(password)
        await user.save(update_fields=["password_hash"])
        # Whoever knew the old password is signed out.
        await models.Session.filter(user_id=user.id, revoked_at=None).update(revoked_at=ctx.now)
    return user


async def change_password(ctx: Context, *, current: str, new: str) -> models.User:
    """One's own password, given the current one."""
    user = permissions.to_write(ctx, permissions.WRITER, "Sign in to change your password.")
    _checked_password(new, "new")
    if not passwords.verify(user.password_hash, current):
        raise Invalid("current: not your password.", ("current",))
    user.password_hash = passwords.hash_password(new)
    await user.save(update_fields=["password_hash"])
    return user
