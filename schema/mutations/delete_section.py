from typing import Annotated

import strawberry

from resolvers import section_edits
from schema import ids
from schema.info import Info
from schema.problems import ConflictError, ForbiddenError, InUseError, NotFoundError


@strawberry.type
class DeletedSection:
    id: strawberry.ID


DeleteSectionResult = Annotated[
    DeletedSection | InUseError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("DeleteSectionResult"),
]


async def delete_section(
    info: Info, id: ids.SectionRow, expected_version: int
) -> DeleteSectionResult:
    """Editors. Refused while any article (drafts and trashed too) or child section uses it."""
    await section_edits.delete(
        info.context,
        section_id=id,
        expected_version=expected_version,
    )
    return DeletedSection(id=ids.global_id("Section", id))
