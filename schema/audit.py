from datetime import datetime
from typing import Self

import strawberry
from strawberry import relay

import models
from resolvers.pagination import Page
from schema.page_info import page_info_of


@strawberry.type(description="One mutation: who sent it, what it did to what, how it ended.")
class AuditEntry:
    actor: str = strawberry.field(description="An account's email, api-token:<id>, or anonymous.")
    action: str
    target: str
    outcome: str = strawberry.field(description="The result type, e.g. Article or ConflictError.")
    at: datetime

    @classmethod
    def from_row(cls, row: models.AuditEntry) -> Self:
        return cls(
            actor=row.actor_label,
            action=row.action,
            target=row.target,
            outcome=row.outcome,
            at=row.at,
        )


@strawberry.type
class AuditLog:
    page: strawberry.Private[Page[models.AuditEntry]]
    nodes: list[AuditEntry]
    page_info: relay.PageInfo

    @strawberry.field
    async def total_count(self) -> int:
        return await self.page.total()

    @classmethod
    def from_page(cls, page: Page[models.AuditEntry]) -> Self:
        nodes = [AuditEntry.from_row(row) for row in page.rows]
        return cls(
            page=page,
            nodes=nodes,
            page_info=page_info_of(page),
        )
