from typing import Any

from tortoise import fields
from tortoise.models import Model


# A stored picture, used many times. Rights belong here; captions belong to each use.
class Image(Model):
    id = fields.IntField(primary_key=True)
    storage_key = fields.CharField(max_length=255)
    width = fields.IntField()
    height = fields.IntField()
    mime_type = fields.CharField(max_length=100)
    byte_size = fields.IntField()
    alt_text = fields.TextField(default="")
    creator = fields.CharField(max_length=200, default="")  # the photographer
    credit_line = fields.CharField(max_length=200, default="")  # the agency
    copyright_holder = fields.CharField(max_length=200, default="")
    copyright_year = fields.IntField(null=True)
    usage_terms = fields.TextField(default="")
    # Relative position (0..1) of what must stay in every crop.
    focal_x = fields.FloatField(default=0.5)
    focal_y = fields.FloatField(default=0.5)
    date_taken = fields.DatetimeField(null=True)
    # As the file states them: the notice ("© AFP 2023") and its description, which an
    # editor's caption usually starts from.
    copyright_notice = fields.CharField(max_length=300, default="")
    description = fields.TextField(default="")
    # Shown while the picture loads: a BlurHash string and the dominant colour (#rrggbb).
    blurhash = fields.CharField(max_length=100, default="")
    dominant_color = fields.CharField(max_length=7, default="")
    # Bumped by every write: an edit names the version it was based on (resolvers.edits).
    version = fields.IntField(default=1, db_default=1)
    # A picture imported from a ninjs item (importNinjs) whose file stays at the agency:
    # its renditions as the item lists them (name, href, width, height, contentType and
    # whatever else each carried), and no stored file (storage_key is empty). None for a
    # picture whose file is stored here.
    remote_renditions: list[dict[str, Any]] | None = fields.JSONField(null=True)
    # The association's uri, so that the same agency picture imported again is this row,
    # and its fields that no column holds, verbatim.
    source_uri = fields.CharField(max_length=500, null=True, db_index=True)
    source_extra: dict[str, Any] | None = fields.JSONField(null=True)

    class Meta:
        table = "image"
