from datetime import datetime
from typing import Self

import strawberry
from strawberry import relay

import models
import resolvers.captions
import resolvers.images
from schema.info import Info


@strawberry.type(description="Where the subject is, as fractions of width and height (0..1).")
class FocalPoint:
    x: float
    y: float


@strawberry.type(description="A stored picture with its rights; used many times.")
class Image(relay.Node):
    id: relay.NodeID[int]
    row: strawberry.Private[models.Image]
    width: int
    height: int
    mime_type: str
    byte_size: int
    alt_text: str
    creator: str | None = strawberry.field(description="The photographer.")
    credit: str | None = strawberry.field(description="The agency credit, e.g. AFP.")
    copyright_holder: str | None
    copyright_year: int | None
    usage_terms: str | None
    focal_point: FocalPoint
    date_taken: datetime | None
    credit_line: str | None = strawberry.field(
        description="Rights as shown under a picture: `© HOLDER YEAR / CREATOR`."
    )

    @classmethod
    def from_row(cls, row: models.Image) -> Self:
        return cls(
            id=row.id,
            row=row,
            width=row.width,
            height=row.height,
            mime_type=row.mime_type,
            byte_size=row.byte_size,
            alt_text=row.alt_text,
            creator=row.creator or None,
            credit=row.credit_line or None,
            copyright_holder=row.copyright_holder or None,
            copyright_year=row.copyright_year,
            usage_terms=row.usage_terms or None,
            focal_point=FocalPoint(x=row.focal_x, y=row.focal_y),
            date_taken=row.date_taken,
            credit_line=resolvers.images.credit_line(row),
        )

    @strawberry.field(description="The original file.")
    def url(self, info: Info) -> str:
        return resolvers.images.url(info.context, self.row)


@strawberry.type(description="One use of an image in an article, with this use's caption.")
class Caption:
    row: strawberry.Private[models.Caption]
    text: str
    role: str = strawberry.field(description="lead, inline or teaser.")
    crop: str | None = strawberry.field(description="Named crop for this use, e.g. 16:9.")

    @classmethod
    def from_row(cls, row: models.Caption) -> Self:
        return cls(row=row, text=row.text, role=str(row.role), crop=row.crop)

    @strawberry.field(description="This use's credit override, else the image's credit line.")
    async def credit(self, info: Info) -> str | None:
        return await resolvers.captions.credit(info.context, self.row)

    @strawberry.field(description="This use's alt text override, else the image's.")
    async def alt(self, info: Info) -> str:
        return await resolvers.captions.alt(info.context, self.row)

    @strawberry.field
    async def image(self, info: Info) -> Image:
        return Image.from_row(await resolvers.captions.image(info.context, self.row))
