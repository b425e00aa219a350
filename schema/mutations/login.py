from typing import Annotated

import strawberry

import resolvers.accounts
from resolvers.problems import Problem
from schema.account import Session
from schema.info import Info
from schema.problems import AuthenticationError, from_problem

LoginResult = Annotated[Session | AuthenticationError, strawberry.union("LoginResult")]


async def login(info: Info, email: str, password: str) -> LoginResult:
    """Signs an editor in. A wrong password and an unknown email get the same answer."""
    try:
        signin = await resolvers.accounts.login(info.context, email=email, password=password)
    except Problem as problem:
        return from_problem(problem)  # type: ignore[return-value]
    return Session.from_signin(signin)
