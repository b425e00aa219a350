"""The arguments every list of articles takes besides its page: dates, subsections, order."""

from datetime import datetime
from enum import Enum

import strawberry

import resolvers.articles
from resolvers.reads import Filters


@strawberry.enum(description="The order of a list of articles; every page keeps it.")
class ArticleOrder(Enum):
    PUBLISHED_DESC = strawberry.enum_value(
        "PUBLISHED_DESC", description="Newest first, by publication time."
    )
    PUBLISHED_ASC = strawberry.enum_value(
        "PUBLISHED_ASC", description="Oldest first, by publication time."
    )
    UPDATED_DESC = strawberry.enum_value("UPDATED_DESC", description="Most recently changed first.")


PUBLISHED_AFTER = strawberry.argument(
    description="Only articles published at this moment or later."
)
PUBLISHED_BEFORE = strawberry.argument(description="Only articles published before this moment.")
INCLUDE_SUBSECTIONS = strawberry.argument(
    description="Whether a section's list holds the articles of the sections below it."
)
ORDER_BY = strawberry.argument(
    description="The list's order; a cursor from one order is refused in another."
)


def filters(
    published_after: datetime | None,
    published_before: datetime | None,
    include_subsections: bool,
    order_by: ArticleOrder,
) -> Filters:
    return resolvers.articles.filters(
        published_after=published_after,
        published_before=published_before,
        include_subsections=include_subsections,
        order=order_by.name,
    )
