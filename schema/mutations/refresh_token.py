from typing import Annotated

import strawberry

import resolvers.accounts
from resolvers.problems import Problem
from schema.account import Session
from schema.info import Info
from schema.problems import AuthenticationError, from_problem

RefreshTokenResult = Annotated[
    Session | AuthenticationError, strawberry.union("RefreshTokenResult")
]


async def refresh_token(info: Info, refresh_token: str) -> RefreshTokenResult:
    """A new token pair for a valid refresh token, which then stops working."""
    try:
        signin = await resolvers.accounts.refresh(info.context, refresh_token=refresh_token)
    except Problem as problem:
        return from_problem(problem)  # type: ignore[return-value]
    return Session.from_signin(signin)
