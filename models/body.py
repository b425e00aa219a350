"""An article body: an ordered list of typed blocks, stored as one JSON column.

JSON keeps the article page cheap: the whole body arrives with the article row, and
the few references it holds (captions, related stories) are batch-loaded by id.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from tortoise.exceptions import ValidationError as FieldValidationError


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paragraph(_Block):
    type: Literal["paragraph"]
    text: str = Field(min_length=1, max_length=20_000)


class Heading(_Block):
    type: Literal["heading"]
    text: str = Field(min_length=1, max_length=300)
    level: int = Field(default=2, ge=2, le=4)


class Quote(_Block):
    type: Literal["quote"]
    text: str = Field(min_length=1, max_length=5_000)
    attribution: str = Field(default="", max_length=300)


class ImageBlock(_Block):
    type: Literal["image"]
    caption_id: int = Field(gt=0)


class RelatedBlock(_Block):
    type: Literal["related"]
    related_story_id: int = Field(gt=0)


class Embed(_Block):
    type: Literal["embed"]
    # No quotes, brackets, spaces or control characters: the URL goes into an attribute as
    # it is, and PostgreSQL refuses a NUL in JSON.
    url: str = Field(pattern=r"^https://[^\s\"'<>\\\x00-\x1f\x7f]+$", max_length=2_000)
    provider: str = Field(default="", max_length=100)
    title: str = Field(default="", max_length=300)


Block = Annotated[
    Paragraph | Heading | Quote | ImageBlock | RelatedBlock | Embed, Field(discriminator="type")
]
BODY_BLOCKS: TypeAdapter[list[Block]] = TypeAdapter(list[Block])


def parse_body(value: Any) -> list[Block]:
    return BODY_BLOCKS.validate_python(value)


_KINDS: dict[str, type[_Block]] = {
    "paragraph": Paragraph,
    "heading": Heading,
    "quote": Quote,
    "image": ImageBlock,
    "related": RelatedBlock,
    "embed": Embed,
}


def read_body(value: list[dict[str, Any]]) -> list[Block]:
    """A stored body as blocks, not validated again: every write validated it (the
    field's validator, validate_body), and a page reads it far more often."""
    return [read_block(item) for item in value]


def read_block(item: dict[str, Any]) -> Block:
    """One stored block, not validated again (see read_body)."""
    return _KINDS[item["type"]].model_construct(**item)  # type: ignore[return-value]


def validate_body(value: Any) -> None:
    """Tortoise field validator: refuse a body that is not a list of known blocks."""
    try:
        parse_body(value)
    except ValidationError as error:
        raise FieldValidationError(f"body: {error.errors()[0]['msg']}") from error
