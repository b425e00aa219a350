"""createUser, updateUser and requestPasswordReset: admins manage newsroom accounts."""

from typing import Annotated

import strawberry

import models
from resolvers import account_edits
from schema import ids
from schema.account import Role, User
from schema.info import Info
from schema.problems import ForbiddenError, NotFoundError, ValidationError


@strawberry.input
class CreateUserInput:
    email: str
    display_name: str
    role: Role  # type: ignore[valid-type]


@strawberry.type(description="The new account, and the one-time link token that sets its password.")
class NewUser:
    user: User
    set_password_token: str = strawberry.field(
        description="Give it to the account's owner: `resetPassword(token:, password:)` "
        "sets their password. Shown once; it expires in three days."
    )


CreateUserResult = Annotated[
    NewUser | ValidationError | ForbiddenError, strawberry.union("CreateUserResult")
]


async def create_user(info: Info, input: CreateUserInput) -> CreateUserResult:
    """Admins. A new account without a password: its owner sets one with the token."""
    invited = await account_edits.create(
        info.context,
        email=input.email,
        display_name=input.display_name,
        role=models.Role(input.role),
    )
    return NewUser(user=User.from_row(invited.user), set_password_token=invited.token)


@strawberry.input(description="Only the fields given change.")
class UpdateUserInput:
    display_name: str | None = None
    role: Role | None = None  # type: ignore[valid-type]
    active: bool | None = strawberry.field(
        default=None, description="false signs the account out everywhere at once."
    )


UserWriteResult = Annotated[
    User | ValidationError | NotFoundError | ForbiddenError, strawberry.union("UserWriteResult")
]


async def update_user(info: Info, id: ids.UserRow, input: UpdateUserInput) -> UserWriteResult:
    """Admins. Renames, changes the role of, deactivates or reactivates an account; the
    last active admin stays one."""
    row = await account_edits.update(
        info.context,
        user_id=id,
        display_name=input.display_name,
        role=models.Role(input.role) if input.role is not None else None,
        active=input.active,
    )
    return User.from_row(row)


@strawberry.type(description="A one-time link token for `resetPassword`; it expires in three days.")
class PasswordLink:
    token: str


PasswordLinkResult = Annotated[
    PasswordLink | NotFoundError | ForbiddenError, strawberry.union("PasswordLinkResult")
]


async def request_password_reset(info: Info, user_id: ids.UserRow) -> PasswordLinkResult:
    """Admins. A link token with which the account's owner sets a new password."""
    token = await account_edits.request_reset(info.context, user_id=user_id)
    return PasswordLink(token=token)
