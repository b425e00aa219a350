import strawberry

from resolvers import section_edits
from resolvers.edits import Keep
from schema import ids
from schema.info import Info
from schema.mutations._changes import clearable, kept
from schema.mutations.create_section import SectionWriteResult, parent_row_id
from schema.section import Section


@strawberry.input(description="Only the fields given change; parentId null makes a top section.")
class UpdateSectionInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    parent_id: strawberry.ID | None = strawberry.UNSET
    position: int | None = strawberry.UNSET
    locale: str | None = strawberry.UNSET


async def update_section(
    info: Info, id: ids.SectionRow, expected_version: int, input: UpdateSectionInput
) -> SectionWriteResult:
    """Editors. Changes the given fields; a section cannot move under itself."""
    parent_id = clearable(input.parent_id)
    changes = section_edits.SectionChanges(
        name=kept(input.name),
        slug=kept(input.slug),
        description=kept(input.description),
        parent_id=parent_id if isinstance(parent_id, Keep) else parent_row_id(parent_id),
        position=kept(input.position),
        locale=kept(input.locale),
    )
    row = await section_edits.update(
        info.context,
        section_id=id,
        expected_version=expected_version,
        changes=changes,
    )
    return Section.from_row(row)
