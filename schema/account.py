from datetime import datetime
from enum import Enum
from typing import Self

import strawberry
from strawberry import relay

import models
from resolvers.accounts import Signin
from resolvers.api_tokens import Issued
from resolvers.pagination import Page
from schema.ids import Identified
from schema.page_info import page_info_of

Role = strawberry.enum(models.Role, name="Role")


@strawberry.enum
class ApiScope(Enum):
    CONTENT_READ = "content:read"
    PREVIEW_READ = "preview:read"


@strawberry.type(description="A newsroom account.")
class User(Identified):
    email: str
    display_name: str
    role: Role  # type: ignore[valid-type]
    active: bool = strawberry.field(description="False once deactivated: it cannot sign in.")

    @classmethod
    def from_row(cls, row: models.User) -> Self:
        return cls(
            id=row.id,
            email=row.email,
            display_name=row.display_name,
            role=row.role,
            active=row.is_active,
        )


@strawberry.type(
    description="Send accessToken as `Authorization: Bearer`; trade refreshToken before it expires."
)
class Session:
    access_token: str
    access_token_expires_at: datetime
    refresh_token: str
    refresh_token_expires_at: datetime
    user: User

    @classmethod
    def from_signin(cls, signin: Signin) -> Self:
        return cls(
            access_token=signin.access_token,
            access_token_expires_at=signin.access_expires_at,
            refresh_token=signin.refresh_token,
            refresh_token_expires_at=signin.refresh_expires_at,
            user=User.from_row(signin.user),
        )


@strawberry.type
class ApiToken(Identified):
    name: str
    scopes: list[ApiScope]
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None = strawberry.field(
        description="When a request last carried it, to within five minutes; null if never."
    )

    @classmethod
    def from_row(cls, row: models.ApiToken) -> Self:
        return cls(
            id=row.id,
            name=row.name,
            scopes=[ApiScope(scope) for scope in row.scopes],
            created_at=row.created_at,
            revoked_at=row.revoked_at,
            last_used_at=row.last_used_at,
        )


@strawberry.type(description="The token's secret is shown here once and never again.")
class NewApiToken:
    secret: str
    api_token: ApiToken

    @classmethod
    def from_issued(cls, issued: Issued) -> Self:
        return cls(secret=issued.secret, api_token=ApiToken.from_row(issued.api_token))


@strawberry.type
class UserConnection:
    page: strawberry.Private[Page[models.User]]
    nodes: list[User]
    page_info: relay.PageInfo

    @strawberry.field
    async def total_count(self) -> int:
        return await self.page.total()

    @classmethod
    def from_page(cls, page: Page[models.User]) -> Self:
        return cls(
            page=page,
            nodes=[User.from_row(row) for row in page.rows],
            page_info=page_info_of(page),
        )


@strawberry.type
class ApiTokenConnection:
    page: strawberry.Private[Page[models.ApiToken]]
    nodes: list[ApiToken]
    page_info: relay.PageInfo

    @strawberry.field
    async def total_count(self) -> int:
        return await self.page.total()

    @classmethod
    def from_page(cls, page: Page[models.ApiToken]) -> Self:
        return cls(
            page=page,
            nodes=[ApiToken.from_row(row) for row in page.rows],
            page_info=page_info_of(page),
        )
