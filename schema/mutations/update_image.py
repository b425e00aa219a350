from datetime import datetime
from typing import Annotated

import strawberry

from resolvers import image_edits
from resolvers.edits import Keep
from schema import ids
from schema.info import Info
from schema.media import Image
from schema.mutations._changes import clearable, kept
from schema.problems import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
)


@strawberry.input(description="Where the subject is, as fractions of width and height (0..1).")
class FocalPointInput:
    x: float
    y: float


@strawberry.input(
    description="Only the fields given change; null clears copyrightYear or dateTaken."
)
class UpdateImageInput:
    alt_text: str | None = strawberry.UNSET
    creator: str | None = strawberry.UNSET
    credit_line: str | None = strawberry.field(
        default=strawberry.UNSET, description="The agency credit, e.g. AFP."
    )
    copyright_holder: str | None = strawberry.UNSET
    copyright_year: int | None = strawberry.UNSET
    usage_terms: str | None = strawberry.UNSET
    focal_point: FocalPointInput | None = strawberry.UNSET
    date_taken: datetime | None = strawberry.field(
        default=strawberry.UNSET, description="With a time zone offset; not in the future."
    )

    def changes(self) -> image_edits.ImageChanges:
        focal = kept(self.focal_point)
        return image_edits.ImageChanges(
            alt_text=kept(self.alt_text),
            creator=kept(self.creator),
            credit_line=kept(self.credit_line),
            copyright_holder=kept(self.copyright_holder),
            copyright_year=clearable(self.copyright_year),
            usage_terms=kept(self.usage_terms),
            focal_point=focal if isinstance(focal, Keep) else (focal.x, focal.y),
            date_taken=clearable(self.date_taken),
        )


ImageWriteResult = Annotated[
    Image | ValidationError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("ImageWriteResult"),
]


async def update_image(
    info: Info, id: ids.ImageRow, expected_version: int, input: UpdateImageInput
) -> ImageWriteResult:
    """Editors. Changes the picture's alt text, rights, focal point or date taken."""
    row = await image_edits.update(
        info.context,
        image_id=id,
        expected_version=expected_version,
        changes=input.changes(),
    )
    return Image.from_row(row)
