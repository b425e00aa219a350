from tortoise import fields
from tortoise.models import Model


class Tag(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    slug = fields.CharField(max_length=100, unique=True)

    class Meta:
        table = "tag"
        ordering = ("name", "id")
