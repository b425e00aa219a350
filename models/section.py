from tortoise import fields
from tortoise.models import Model


# A section of the site, in a tree: World › Asia & Pacific.
class Section(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=100)
    name = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    parent: fields.ForeignKeyNullableRelation["Section"] = fields.ForeignKeyField(
        "models.Section", null=True, on_delete=fields.RESTRICT, related_name="children"
    )
    parent_id: int | None
    position = fields.IntField(default=0)
    locale = fields.CharField(max_length=16, default="en")
    # Language versions of one section share a group, like articles.
    translation_group = fields.UUIDField(null=True, db_index=True)
    # Bumped by every write: an edit names the version it was based on (resolvers.edits).
    version = fields.IntField(default=1, db_default=1)

    class Meta:
        table = "section"
        unique_together = (("slug", "locale"),)
        ordering = ("position", "id")
