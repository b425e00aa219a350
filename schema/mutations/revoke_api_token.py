"""revokeApiToken."""

from typing import Annotated

import strawberry

import resolvers.api_tokens
from schema import ids
from schema.account import ApiToken
from schema.info import Info
from schema.problems import ForbiddenError, NotFoundError

RevokeApiTokenResult = Annotated[
    ApiToken | ForbiddenError | NotFoundError, strawberry.union("RevokeApiTokenResult")
]


async def revoke_api_token(info: Info, id: ids.ApiTokenRow) -> RevokeApiTokenResult:
    """Admins only. The token stops working on the next request."""
    row = await resolvers.api_tokens.revoke(info.context, token_id=id)
    return ApiToken.from_row(row)
