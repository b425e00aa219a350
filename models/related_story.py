from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

if TYPE_CHECKING:
    from models.article import Article
    from models.caption import Caption


# A teaser placed inside an article's body, pointing at another article or a URL.
class RelatedStory(Model):
    id = fields.IntField(primary_key=True)
    article: fields.ForeignKeyRelation["Article"] = fields.ForeignKeyField(
        "models.Article", on_delete=fields.CASCADE, related_name="related_stories"
    )
    article_id: int
    target: fields.ForeignKeyNullableRelation["Article"] = fields.ForeignKeyField(
        "models.Article", null=True, on_delete=fields.RESTRICT, related_name="teased_by"
    )
    target_id: int | None
    url = fields.CharField(max_length=1000, null=True)
    headline_override = fields.CharField(max_length=200, null=True)
    caption: fields.ForeignKeyNullableRelation["Caption"] = fields.ForeignKeyField(
        "models.Caption", null=True, on_delete=fields.SET_NULL, related_name="teasers"
    )
    caption_id: int | None

    class Meta:
        table = "related_story"
        # An article's teasers are read by article, on every list page.
        indexes = (Index(fields=("article_id",)),)
