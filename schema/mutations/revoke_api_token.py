"""revokeApiToken."""

from typing import Annotated

import strawberry

import resolvers.api_tokens
from resolvers.problems import Problem
from schema import ids
from schema.account import ApiToken
from schema.info import Info
from schema.problems import ForbiddenError, NotFoundError, from_problem

RevokeApiTokenResult = Annotated[
    ApiToken | ForbiddenError | NotFoundError, strawberry.union("RevokeApiTokenResult")
]


async def revoke_api_token(info: Info, id: strawberry.ID) -> RevokeApiTokenResult:
    """Admins only. The token stops working on the next request."""
    try:
        row = await resolvers.api_tokens.revoke(
            info.context, token_id=ids.row_id(id, "ApiToken") or 0
        )
    except Problem as problem:
        return from_problem(problem)  # type: ignore[return-value]
    return ApiToken.from_row(row)
