from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.article import Article


# The agency item an article was imported from (importNinjs), kept whole: its own table,
# not columns on the article, so that the hot read paths, which select every article
# column, never carry an agency's megabyte of unmodelled fields along.
class NinjsSource(Model):
    id = fields.IntField(primary_key=True)
    article: fields.OneToOneRelation["Article"] = fields.OneToOneField(
        "models.Article", on_delete=fields.CASCADE, related_name="ninjs_source"
    )
    article_id: int
    # The item's own identity: the same uri and version again is the same item.
    uri = fields.CharField(max_length=500)
    locale = fields.CharField(max_length=16)
    version = fields.CharField(max_length=100, default="")
    # The item as received, every field verbatim (mapped ones too: their original form is
    # what the export gives back while Dateline's side of them is unchanged).
    item: dict[str, Any] = fields.JSONField()
    # Dateline's own ninjs for the article right after the import: a field whose export
    # still equals it has not been edited since, and exports as the original.
    projection: dict[str, Any] = fields.JSONField()

    class Meta:
        table = "ninjs_source"
        unique_together = (("uri", "locale"),)
