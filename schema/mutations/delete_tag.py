from typing import Annotated

import strawberry

from resolvers import tag_edits
from resolvers.problems import Problem
from schema import ids
from schema.info import Info
from schema.problems import ConflictError, ForbiddenError, InUseError, NotFoundError, from_problem


@strawberry.type
class DeletedTag:
    id: strawberry.ID


DeleteTagResult = Annotated[
    DeletedTag | InUseError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("DeleteTagResult"),
]


async def delete_tag(info: Info, id: strawberry.ID, expected_version: int) -> DeleteTagResult:
    """Editors. Refused while any article (drafts and trashed too) carries the tag."""
    try:
        await tag_edits.delete(
            info.context, tag_id=ids.row_id(id, "Tag") or 0, expected_version=expected_version
        )
    except Problem as problem:
        return from_problem(problem)  # type: ignore[return-value]
    return DeletedTag(id=id)
