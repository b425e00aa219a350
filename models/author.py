from tortoise import fields
from tortoise.models import Model


class Author(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=100, unique=True)
    url = fields.CharField(max_length=500, default="")
    job_title = fields.CharField(max_length=200, default="")
    bio = fields.TextField(default="")
    # Bumped by every write: an edit names the version it was based on (resolvers.edits).
    version = fields.IntField(default=1, db_default=1)

    class Meta:
        table = "author"
        ordering = ("name", "id")
