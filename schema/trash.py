from datetime import datetime
from typing import Self

import strawberry
from strawberry import relay

from resolvers.pagination import Page
from resolvers.trash import Trashed
from schema.article import Article
from schema.page_info import page_info_of


@strawberry.type(description="An article in the trash: restoreArticle brings it back whole.")
class TrashedArticle:
    article: Article
    deleted_at: datetime
    deleted_by: str | None = strawberry.field(description="Display name of who deleted it.")


@strawberry.type
class Trash:
    page: strawberry.Private[Page[Trashed]]
    nodes: list[TrashedArticle]
    page_info: relay.PageInfo

    @strawberry.field
    async def total_count(self) -> int:
        return await self.page.total()

    @classmethod
    def from_page(cls, page: Page[Trashed]) -> Self:
        nodes = [
            TrashedArticle(
                article=Article.from_row(row.article),
                deleted_at=row.deleted_at,
                deleted_by=row.deleted_by,
            )
            for row in page.rows
        ]
        return cls(page=page, nodes=nodes, page_info=page_info_of(page))
