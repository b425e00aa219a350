"""uploadImage."""

from typing import Annotated

import strawberry

from resolvers import image_uploads
from schema.info import Info
from schema.media import Image
from schema.mutations.update_image import UpdateImageInput
from schema.problems import FileRefusedError, ForbiddenError, ValidationError
from schema.upload import Upload


@strawberry.input(
    description="What the editor says of a new picture; each field given wins over the file's."
)
class ImageInput(UpdateImageInput):
    pass


UploadImageResult = Annotated[
    Image | FileRefusedError | ValidationError | ForbiddenError,
    strawberry.union("UploadImageResult"),
]


async def upload_image(info: Info, file: Upload, input: ImageInput) -> UploadImageResult:
    """Editors. A new picture from a file (JPEG, PNG, WebP, AVIF, GIF), sent as a multipart
    request with an Apollo-Require-Preflight header. Dimensions, rights (IPTC, XMP, EXIF),
    a BlurHash and the dominant colour are read from the file; `input` wins over them.
    """
    row = await image_uploads.upload(info.context, file=file, changes=input.changes())
    return Image.from_row(row)
