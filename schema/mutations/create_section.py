from typing import Annotated

import strawberry

from resolvers import section_edits
from schema import ids
from schema.info import Info
from schema.mutations._changes import kept
from schema.problems import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
)
from schema.section import Section


@strawberry.input
class CreateSectionInput:
    name: str
    slug: str
    description: str = ""
    parent_id: strawberry.ID | None = None
    position: int = 0
    locale: str | None = None
    translation_of: strawberry.ID | None = strawberry.field(
        default=None,
        description="A section this one is a language version of (one per locale).",
    )


SectionWriteResult = Annotated[
    Section | ValidationError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("SectionWriteResult"),
]


def parent_row_id(parent_id: strawberry.ID | None) -> int | None:
    # Any other type's id names no section: 0 is refused as an unknown parent.
    return None if parent_id is None else ids.row_id(parent_id, "Section") or 0


async def create_section(info: Info, input: CreateSectionInput) -> SectionWriteResult:
    """Editors. A new section, at the top unless it names a parent; slugs are per locale."""
    changes = section_edits.SectionChanges(
        name=input.name,
        slug=input.slug,
        description=input.description,
        parent_id=parent_row_id(input.parent_id),
        position=input.position,
        locale=kept(input.locale),
    )
    row = await section_edits.create(
        info.context,
        changes,
        translation_of=(
            ids.row_id(input.translation_of, "Section") or 0
            if input.translation_of is not None
            else None
        ),
    )
    return Section.from_row(row)
