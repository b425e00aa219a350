from tortoise import fields
from tortoise.models import Model


class Tag(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    slug = fields.CharField(max_length=100, unique=True)
    # Bumped by every write: an edit names the version it was based on (resolvers.edits).
    version = fields.IntField(default=1, db_default=1)

    class Meta:
        table = "tag"
        ordering = ("name", "id")
