from typing import Annotated

import strawberry

import resolvers.api_tokens
from resolvers.problems import Problem
from schema import ids
from schema.account import ApiScope, ApiToken, NewApiToken
from schema.info import Info
from schema.problems import ForbiddenError, NotFoundError, ValidationError, from_problem

CreateApiTokenResult = Annotated[
    NewApiToken | ForbiddenError | ValidationError, strawberry.union("CreateApiTokenResult")
]
RevokeApiTokenResult = Annotated[
    ApiToken | ForbiddenError | NotFoundError, strawberry.union("RevokeApiTokenResult")
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


async def revoke_api_token(info: Info, id: strawberry.ID) -> RevokeApiTokenResult:
    """Admins only. The token stops working on the next request."""
    try:
        row = await resolvers.api_tokens.revoke(
            info.context, token_id=ids.row_id(id, "ApiToken") or 0
        )
    except Problem as problem:
        return from_problem(problem)  # type: ignore[return-value]
    return ApiToken.from_row(row)
