"""createApiToken."""

from typing import Annotated

import strawberry

import resolvers.api_tokens
from schema.account import ApiScope, NewApiToken
from schema.info import Info
from schema.problems import ForbiddenError, ValidationError

CreateApiTokenResult = Annotated[
    NewApiToken | ForbiddenError | ValidationError, strawberry.union("CreateApiTokenResult")
]


async def create_api_token(info: Info, name: str, scopes: list[ApiScope]) -> CreateApiTokenResult:
    """Admins only. The secret in the answer is shown once; only its hash is kept."""
    issued = await resolvers.api_tokens.create(
        info.context, name=name, scopes=[scope.value for scope in scopes]
    )
    return NewApiToken.from_issued(issued)
