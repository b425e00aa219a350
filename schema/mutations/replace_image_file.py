"""replaceImageFile."""

from typing import Annotated

import strawberry

from resolvers import image_uploads
from schema import ids
from schema.info import Info
from schema.media import Image
from schema.problems import FileRefusedError, ForbiddenError, NotFoundError
from schema.upload import Upload

ReplaceImageFileResult = Annotated[
    Image | FileRefusedError | NotFoundError | ForbiddenError,
    strawberry.union("ReplaceImageFileResult"),
]


async def replace_image_file(info: Info, id: ids.ImageRow, file: Upload) -> ReplaceImageFileResult:
    """Editors. A new file for a picture: the same id, every use and caption kept.
    Rights already set stay; empty ones are filled from the new file."""
    row = await image_uploads.replace_file(info.context, image_id=id, file=file)
    return Image.from_row(row)
