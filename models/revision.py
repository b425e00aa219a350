from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.article import Article
    from models.user import User


# The article as one successful write left it: its version, who wrote it, and why.
class Revision(Model):
    id = fields.IntField(primary_key=True)
    article: fields.ForeignKeyRelation["Article"] = fields.ForeignKeyField(
        "models.Article", on_delete=fields.CASCADE, related_name="revisions"
    )
    article_id: int
    version = fields.IntField()
    snapshot: dict[str, Any] = fields.JSONField()
    author: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", null=True, on_delete=fields.SET_NULL, related_name="revisions"
    )
    author_id: int | None
    message = fields.CharField(max_length=500, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "revision"
        unique_together = (("article", "version"),)
