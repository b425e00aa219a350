from typing import Annotated

import strawberry

from resolvers import author_edits
from schema import ids
from schema.info import Info
from schema.problems import ConflictError, ForbiddenError, InUseError, NotFoundError


@strawberry.type
class DeletedAuthor:
    id: strawberry.ID


DeleteAuthorResult = Annotated[
    DeletedAuthor | InUseError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("DeleteAuthorResult"),
]


async def delete_author(info: Info, id: ids.AuthorRow, expected_version: int) -> DeleteAuthorResult:
    """Editors. Refused while any article (drafts and trashed too) has the author in its byline."""
    await author_edits.delete(info.context, author_id=id, expected_version=expected_version)
    return DeletedAuthor(id=ids.global_id("Author", id))
