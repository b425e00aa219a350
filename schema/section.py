from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Optional, Self, cast

import strawberry
from strawberry.scalars import JSON

import models
import resolvers.articles
import resolvers.json_ld
import resolvers.sections
from resolvers.loaded import Maybe, then
from schema import article_filters, selection
from schema.article_filters import ArticleOrder
from schema.ids import Identified
from schema.info import Info

if TYPE_CHECKING:
    from schema.article import ArticleConnection


@strawberry.type(description="A section of the site, such as Asia & Pacific, in one language.")
class Section(Identified):
    row: strawberry.Private[models.Section]
    slug: str
    name: str
    description: str
    position: int
    locale: str
    version: int = strawberry.field(
        description="Bumped by every write: send it as expectedVersion."
    )

    @classmethod
    def from_row(cls, row: models.Section) -> Self:
        return cls(
            id=row.id,
            version=row.version,
            row=row,
            slug=row.slug,
            name=row.name,
            description=row.description,
            position=row.position,
            locale=row.locale,
        )

    @strawberry.field(
        description="The section's front on the public site (DATELINE_PUBLIC_URL); null "
        "when none is configured."
    )
    def url(self, info: Info) -> str | None:
        return resolvers.sections.url(info.context, self.row)

    @strawberry.field(description="The section front as schema.org CollectionPage JSON-LD.")
    def json_ld(self, info: Info) -> JSON:
        return cast(JSON, resolvers.json_ld.section(info.context, self.row))

    @strawberry.field(graphql_type=Optional["Section"])
    def parent(self, info: Info) -> Maybe["Section | None"]:
        return then(
            resolvers.sections.parent(info.context, self.row),
            lambda row: Section.from_row(row) if row is not None else None,
        )

    @strawberry.field(
        description="The same section in the newsroom's other languages.",
        graphql_type=list["Section"],
    )
    def translations(self, info: Info) -> Maybe[list["Section"]]:
        return then(
            resolvers.sections.translations(info.context, self.row),
            lambda rows: [Section.from_row(row) for row in rows],
        )

    @strawberry.field(
        description="Published articles in this section and (unless told) the sections "
        "below it, newest first unless told."
    )
    async def articles(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        published_after: Annotated[datetime | None, article_filters.PUBLISHED_AFTER] = None,
        published_before: Annotated[datetime | None, article_filters.PUBLISHED_BEFORE] = None,
        include_subsections: Annotated[bool, article_filters.INCLUDE_SUBSECTIONS] = True,
        order_by: Annotated[ArticleOrder, article_filters.ORDER_BY] = ArticleOrder.PUBLISHED_DESC,
    ) -> Annotated["ArticleConnection", strawberry.lazy("schema.article")]:
        # Imported here: schema.article imports this module for Article.section.
        from schema.article import ArticleConnection

        page = await resolvers.articles.section_page(
            info.context,
            self.row,
            narrowed=article_filters.filters(
                published_after, published_before, include_subsections, order_by
            ),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        await selection.load_page(info, selection.articles_field, page, page.rows)
        return ArticleConnection.from_page(page)
