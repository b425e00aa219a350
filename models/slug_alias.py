from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.article import Article


# A slug an article used to have: old links keep working and lead to the current slug.
class SlugAlias(Model):
    id = fields.IntField(primary_key=True)
    article: fields.ForeignKeyRelation["Article"] = fields.ForeignKeyField(
        "models.Article", on_delete=fields.CASCADE, related_name="slug_aliases"
    )
    article_id: int
    slug = fields.CharField(max_length=200)
    locale = fields.CharField(max_length=16)

    class Meta:
        table = "slug_alias"
        unique_together = (("slug", "locale"),)
