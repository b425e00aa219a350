import strawberry

from resolvers import tag_edits
from schema import ids
from schema.info import Info
from schema.mutations._changes import kept
from schema.mutations.create_tag import TagWriteResult
from schema.tag import Tag


@strawberry.input(description="Only the fields given change.")
class UpdateTagInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET


async def update_tag(
    info: Info, id: ids.TagRow, expected_version: int, input: UpdateTagInput
) -> TagWriteResult:
    """Editors. Renames the tag or changes its slug."""
    changes = tag_edits.TagChanges(name=kept(input.name), slug=kept(input.slug))
    row = await tag_edits.update(
        info.context,
        tag_id=id,
        expected_version=expected_version,
        changes=changes,
    )
    return Tag.from_row(row)
