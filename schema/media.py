from datetime import datetime
from enum import Enum
from typing import Self

import strawberry
from strawberry import relay

import models
import resolvers.captions
import resolvers.images
from resolvers.loaded import Maybe, then
from resolvers.pagination import Page
from schema.ids import Identified
from schema.info import Info
from schema.page_info import page_info_of


@strawberry.type(description="Where the subject is, as fractions of width and height (0..1).")
class FocalPoint:
    x: float
    y: float


@strawberry.enum(
    description="A rendition's encoding. AUTO: AVIF or WebP where the browser takes it."
)
class ImageFormat(Enum):
    JPEG = "jpeg"
    WEBP = "webp"
    AVIF = "avif"
    AUTO = "auto"


@strawberry.enum(
    description="COVER fills width x height around the focal point; CONTAIN fits inside."
)
class ImageFit(Enum):
    COVER = "cover"
    CONTAIN = "contain"


@strawberry.enum(description="Named crops, placed around the image's focal point.")
class CropRatio(Enum):
    RATIO_16_9 = "16:9"
    RATIO_4_3 = "4:3"
    RATIO_1_1 = "1:1"


@strawberry.type(description="Where a picture is used.")
class ImageUsage:
    article_id: strawberry.ID
    role: str = strawberry.field(description="lead, inline or teaser.")


@strawberry.type(description="A stored picture with its rights; used many times.")
class Image(Identified):
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
    version: int = strawberry.field(
        description="Bumped by every write: send it as expectedVersion."
    )
    credit_line: str | None = strawberry.field(
        description="Rights as shown under a picture: `© HOLDER YEAR / CREATOR`."
    )
    copyright_notice: str | None = strawberry.field(
        description="The file's own copyright notice, as it states it."
    )
    description: str | None = strawberry.field(
        description="The file's own description; captions usually start here."
    )
    blurhash: str | None = strawberry.field(
        description="A BlurHash to paint while the picture loads."
    )
    dominant_color: str | None = strawberry.field(
        description="The picture's dominant colour, #rrggbb."
    )

    @classmethod
    def from_row(cls, row: models.Image) -> Self:
        return cls(
            id=row.id,
            version=row.version,
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
            copyright_notice=row.copyright_notice or None,
            description=row.description or None,
            blurhash=row.blurhash or None,
            dominant_color=row.dominant_color or None,
        )

    @strawberry.field(
        description="A rendition: signed, made on first request, then served from storage. "
        "Without width, the whole picture at most 2048 wide. Never the original file. "
        "A picture imported from ninjs whose file stays at the agency is the largest of the "
        "agency's renditions that fits width and height (the smallest if none does; fit, "
        "format and crop do not apply)."
    )
    def url(
        self,
        info: Info,
        width: int | None = None,
        height: int | None = None,
        fit: ImageFit = ImageFit.COVER,
        format: ImageFormat = ImageFormat.JPEG,
        crop: CropRatio | None = None,
    ) -> str:
        asked = resolvers.images.Request(
            width=width,
            height=height,
            fit=fit.value,
            format=format.value,
            crop=crop.value if crop is not None else None,
        )
        return resolvers.images.url(info.context, self.row, asked)

    @strawberry.field(
        description="For <img srcset>: `url 320w, ...` at the given widths, or the usual "
        "ones up to the original's width."
    )
    def src_set(
        self,
        info: Info,
        widths: list[int] | None = None,
        format: ImageFormat = ImageFormat.JPEG,
        crop: CropRatio | None = None,
    ) -> str:
        asked = resolvers.images.Request(
            format=format.value, crop=crop.value if crop is not None else None
        )
        return resolvers.images.src_set(info.context, self.row, asked, widths)

    @strawberry.field(description="Every use of this picture. Newsroom accounts only.")
    async def usages(self, info: Info) -> list[ImageUsage]:
        rows = await resolvers.images.usages(info.context, self.row)
        return [
            ImageUsage(
                article_id=strawberry.ID(str(relay.GlobalID("Article", str(row.article_id)))),
                role=str(row.role),
            )
            for row in rows
        ]


@strawberry.type(description="One use of an image in an article, with this use's caption.")
class Caption:
    row: strawberry.Private[models.Caption]
    text: str
    role: str = strawberry.field(description="lead, inline or teaser.")
    crop: str | None = strawberry.field(description="Named crop for this use, e.g. 16:9.")

    @classmethod
    def from_row(cls, row: models.Caption) -> Self:
        return cls(row=row, text=row.text, role=str(row.role), crop=row.crop)

    @classmethod
    def maybe_from_row(cls, row: models.Caption | None) -> Self | None:
        return cls.from_row(row) if row is not None else None

    # What a caption shows of its picture resolves at once when the page loaded it.

    @strawberry.field(
        description="This use's credit override, else the image's credit line.",
        graphql_type=str | None,
    )
    def credit(self, info: Info) -> Maybe[str | None]:
        return resolvers.captions.credit(info.context, self.row)

    @strawberry.field(
        description="This use's alt text override, else the image's.", graphql_type=str
    )
    def alt(self, info: Info) -> Maybe[str]:
        return resolvers.captions.alt(info.context, self.row)

    @strawberry.field(graphql_type=Image)
    def image(self, info: Info) -> Maybe[Image]:
        return then(resolvers.captions.image(info.context, self.row), Image.from_row)

    @strawberry.field(
        description="The picture for this use, in this use's crop (if any).", graphql_type=str
    )
    def url(
        self, info: Info, width: int | None = None, format: ImageFormat = ImageFormat.JPEG
    ) -> Maybe[str]:
        asked = resolvers.images.Request(width=width, format=format.value, crop=self.row.crop)
        return then(
            resolvers.captions.image(info.context, self.row),
            lambda image: resolvers.images.url(info.context, image, asked),
        )

    @strawberry.field(
        description="For <img srcset>, in this use's crop (if any).", graphql_type=str
    )
    def src_set(
        self, info: Info, widths: list[int] | None = None, format: ImageFormat = ImageFormat.JPEG
    ) -> Maybe[str]:
        asked = resolvers.images.Request(format=format.value, crop=self.row.crop)
        return then(
            resolvers.captions.image(info.context, self.row),
            lambda image: resolvers.images.src_set(info.context, image, asked, widths),
        )


@strawberry.type
class ImageConnection:
    page: strawberry.Private[Page[models.Image]]
    nodes: list[Image]
    page_info: relay.PageInfo

    @strawberry.field
    async def total_count(self) -> int:
        return await self.page.total()

    @classmethod
    def from_page(cls, page: Page[models.Image]) -> Self:
        return cls(
            page=page,
            nodes=[Image.from_row(row) for row in page.rows],
            page_info=page_info_of(page),
        )
