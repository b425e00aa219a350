from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.user import User


# One mutation as it happened: who, what, on what, when, and how it ended.
class AuditEntry(Model):
    id = fields.IntField(primary_key=True)
    actor: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", null=True, on_delete=fields.SET_NULL, related_name="audit_entries"
    )
    actor_id: int | None
    # Who, when no account acted: "anonymous" or "api-token:<id>".
    actor_label = fields.CharField(max_length=254)
    action = fields.CharField(max_length=100)
    target = fields.CharField(max_length=200, default="")
    outcome = fields.CharField(max_length=100)
    at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "audit_entry"
