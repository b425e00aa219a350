from typing import Annotated

import strawberry

from resolvers import tag_edits
from schema import ids
from schema.info import Info
from schema.problems import ConflictError, ForbiddenError, InUseError, NotFoundError


@strawberry.type
class DeletedTag:
    id: strawberry.ID


DeleteTagResult = Annotated[
    DeletedTag | InUseError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("DeleteTagResult"),
]


async def delete_tag(info: Info, id: ids.TagRow, expected_version: int) -> DeleteTagResult:
    """Editors. Refused while any article (drafts and trashed too) carries the tag."""
    await tag_edits.delete(info.context, tag_id=id, expected_version=expected_version)
    return DeletedTag(id=ids.global_id("Tag", id))
