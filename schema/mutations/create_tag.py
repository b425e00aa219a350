from typing import Annotated

import strawberry

from resolvers import tag_edits
from schema.info import Info
from schema.problems import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
)
from schema.tag import Tag


@strawberry.input
class CreateTagInput:
    name: str
    slug: str


TagWriteResult = Annotated[
    Tag | ValidationError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("TagWriteResult"),
]


async def create_tag(info: Info, input: CreateTagInput) -> TagWriteResult:
    """Editors. A new tag."""
    row = await tag_edits.create(
        info.context, tag_edits.TagChanges(name=input.name, slug=input.slug)
    )
    return Tag.from_row(row)
