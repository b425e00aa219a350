from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.user import User


# A token for a frontend or build server; the secret is shown once, only its hash is kept.
class ApiToken(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    token_hash = fields.CharField(max_length=64, unique=True)
    scopes: list[str] = fields.JSONField(default=list)
    created_by: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", null=True, on_delete=fields.SET_NULL, related_name="api_tokens"
    )
    created_by_id: int | None
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    # Moved at most every LAST_USED_EVERY (auth.backend): a reader's request is not a write.
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"
