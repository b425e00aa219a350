from typing import Annotated

import strawberry

import resolvers.accounts
from schema.account import Session
from schema.info import Info
from schema.problems import AuthenticationError

RefreshTokenResult = Annotated[
    Session | AuthenticationError, strawberry.union("RefreshTokenResult")
]


async def refresh_token(info: Info, refresh_token: str) -> RefreshTokenResult:
    """A new token pair for a valid refresh token, which then stops working."""
    signin = await resolvers.accounts.refresh(info.context, refresh_token=refresh_token)
    return Session.from_signin(signin)
