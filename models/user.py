from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    WRITER = "writer"  # creates and edits own drafts
    EDITOR = "editor"  # edits everything, publishes, schedules, deletes
    ADMIN = "admin"  # also manages users and API tokens


# A newsroom account; readers never have one here.
class User(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    display_name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(Role, max_length=16, default=Role.WRITER)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "account"  # "user" is reserved in PostgreSQL
