from typing import Annotated

import strawberry

import resolvers.accounts
from schema.account import Session
from schema.info import Info
from schema.problems import AuthenticationError

LoginResult = Annotated[Session | AuthenticationError, strawberry.union("LoginResult")]


async def login(info: Info, email: str, password: str) -> LoginResult:
    """Signs an editor in. A wrong password and an unknown email get the same answer."""
    signin = await resolvers.accounts.login(info.context, email=email, password=password)
    return Session.from_signin(signin)
