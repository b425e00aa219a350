from datetime import datetime
from typing import Self, cast

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

import models
import resolvers.revisions
from resolvers.pagination import Page
from schema import ids
from schema.ids import Identified
from schema.info import Info
from schema.page_info import page_info_of


@strawberry.type
class FieldChange:
    field: str
    before: JSON | None
    after: JSON | None


@strawberry.type(description="The article as one write left it. Newsroom accounts only.")
class Revision(Identified):
    row: strawberry.Private[models.Revision]
    version: int
    message: str
    created_at: datetime
    author: str | None = strawberry.field(description="Display name of who wrote it.")
    snapshot: JSON

    @classmethod
    def from_row(cls, row: models.Revision) -> Self:
        return cls(
            row=row,
            id=row.id,
            version=row.version,
            message=row.message,
            created_at=row.created_at,
            author=row.author.display_name if row.author is not None else None,
            snapshot=cast(JSON, row.snapshot),
        )

    @strawberry.field(description="What changed from `against` (default: the version before).")
    async def diff(self, info: Info, against: strawberry.ID | None = None) -> list[FieldChange]:
        other = (
            await models.Revision.filter(
                id=ids.row_id(against, "Revision") or 0, article_id=self.row.article_id
            ).first()
            if against is not None
            else await models.Revision.filter(
                article_id=self.row.article_id, version=self.row.version - 1
            ).first()
        )
        before = other.snapshot if other is not None else {}
        return [
            FieldChange(field=name, before=old, after=new)
            for name, old, new in resolvers.revisions.diff(before, self.row.snapshot)
        ]


@strawberry.type
class RevisionConnection:
    page: strawberry.Private[Page[models.Revision]]
    nodes: list[Revision]
    page_info: relay.PageInfo

    @strawberry.field
    async def total_count(self) -> int:
        return await self.page.total()

    @classmethod
    def from_page(cls, page: Page[models.Revision]) -> Self:
        nodes = [Revision.from_row(row) for row in page.rows]
        return cls(
            page=page,
            nodes=nodes,
            page_info=page_info_of(page),
        )
