from typing import Annotated

import strawberry

from resolvers import image_edits
from schema import ids
from schema.info import Info
from schema.problems import ConflictError, ForbiddenError, InUseError, NotFoundError


@strawberry.type
class DeletedImage:
    id: strawberry.ID


DeleteImageResult = Annotated[
    DeletedImage | InUseError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("DeleteImageResult"),
]


async def delete_image(info: Info, id: ids.ImageRow, expected_version: int) -> DeleteImageResult:
    """Editors. Refused while any caption (lead, inline or teaser picture) shows it."""
    await image_edits.delete(info.context, image_id=id, expected_version=expected_version)
    return DeletedImage(id=ids.global_id("Image", id))
