"""resetPassword and changePassword: an account's owner sets their own password."""

from typing import Annotated

import strawberry

from resolvers import account_edits
from schema.account import User
from schema.info import Info
from schema.problems import AuthenticationError, ForbiddenError, ValidationError

ResetPasswordResult = Annotated[
    User | ValidationError | AuthenticationError, strawberry.union("ResetPasswordResult")
]


async def reset_password(info: Info, token: str, password: str) -> ResetPasswordResult:
    """Sets a password with a link token from createUser or requestPasswordReset (12
    characters or more); the token is spent, and the account signed out elsewhere."""
    row = await account_edits.reset(info.context, token=token, password=password)
    return User.from_row(row)


ChangePasswordResult = Annotated[
    User | ValidationError | ForbiddenError, strawberry.union("ChangePasswordResult")
]


async def change_password(info: Info, current: str, new: str) -> ChangePasswordResult:
    """One's own password, given the current one (12 characters or more)."""
    row = await account_edits.change_password(info.context, current=current, new=new)
    return User.from_row(row)
