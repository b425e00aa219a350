from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

if TYPE_CHECKING:
    from models.article import Article
    from models.image import Image


class CaptionRole(StrEnum):
    LEAD = "lead"
    INLINE = "inline"
    TEASER = "teaser"  # the picture on a related-story teaser


# One use of an Image in one article: the same photo gets a new caption in each story.
class Caption(Model):
    id = fields.IntField(primary_key=True)
    # RESTRICT: an image in use cannot be deleted; the database refuses it.
    image: fields.ForeignKeyRelation["Image"] = fields.ForeignKeyField(
        "models.Image", on_delete=fields.RESTRICT, related_name="captions"
    )
    image_id: int
    article: fields.ForeignKeyRelation["Article"] = fields.ForeignKeyField(
        "models.Article", on_delete=fields.CASCADE, related_name="captions"
    )
    article_id: int
    role = fields.CharEnumField(CaptionRole, max_length=16, default=CaptionRole.INLINE)
    text = fields.TextField(default="")
    credit_override = fields.CharField(max_length=200, null=True)
    alt_override = fields.TextField(null=True)
    # Named crop chosen for this use ("16:9", "4:3", "1:1"); None shows the whole picture.
    crop = fields.CharField(max_length=16, null=True)

    class Meta:
        table = "caption"
        # An article's captions are read by article (its lead picture, on every list page).
        indexes = (Index(fields=("article_id",)),)
