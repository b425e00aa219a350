"""Body blocks as a union, so frontends render teasers and pictures where editors put them."""

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.media import Caption

if TYPE_CHECKING:
    from schema.article import RelatedStory


@strawberry.type
class ParagraphBlock:
    text: str


@strawberry.type
class HeadingBlock:
    text: str
    level: int


@strawberry.type
class QuoteBlock:
    text: str
    attribution: str | None


@strawberry.type
class ImageBlock:
    caption: Caption


@strawberry.type
class RelatedStoryBlock:
    related_story: Annotated["RelatedStory", strawberry.lazy("schema.article")]


@strawberry.type
class EmbedBlock:
    url: str
    provider: str | None
    title: str | None


BodyBlock = Annotated[
    ParagraphBlock | HeadingBlock | QuoteBlock | ImageBlock | RelatedStoryBlock | EmbedBlock,
    strawberry.union("BodyBlock"),
]
