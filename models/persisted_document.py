from tortoise import fields
from tortoise.models import Model


# A query document registered ahead (`dateline persist`), known by the SHA-256 of its text.
# With persisted-only on, these are the only documents the public endpoint runs.
class PersistedDocument(Model):
    sha256 = fields.CharField(max_length=64, primary_key=True)
    name = fields.CharField(max_length=200)
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "persisted_document"
