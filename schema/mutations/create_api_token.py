"""createApiToken."""

from typing import Annotated

import strawberry

import resolvers.api_tokens
from resolvers.problems import Problem
from schema.account import ApiScope, NewApiToken
from schema.info import Info
from schema.problems import ForbiddenError, ValidationError, from_problem

CreateApiTokenResult = Annotated[
    NewApiToken | ForbiddenError | ValidationError, strawberry.union("CreateApiTokenResult")
]


async def create_api_token(info: Info, name: str, scopes: list[ApiScope]) -> CreateApiTokenResult:
    """Admins only. The secret in the answer is shown once; only its hash is kept."""
    try:
        issued = await resolvers.api_tokens.create(
            info.context, name=name, scopes=[scope.value for scope in scopes]
        )
    except Problem as problem:
        return from_problem(problem)  # type: ignore[return-value]
    return NewApiToken.from_issued(issued)
