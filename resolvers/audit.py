"""The audit log: every mutation, whoever sent it and however it ended."""

from datetime import datetime

import models
from resolvers import permissions
from resolvers.context import Context
from resolvers.pagination import Order, Page, Window, paginate, seek

TARGET_MAX = 200
NEWEST: Order[models.AuditEntry] = Order(
    "audit", descending=True, value=lambda row: row.at, kind=datetime, column="at"
)


async def record(ctx: Context, *, action: str, target: str, outcome: str) -> None:
    viewer = ctx.viewer
    label = "anonymous"
    if viewer.user is not None:
        label = viewer.user.email
    elif viewer.api_token is not None:
        label = f"api-token:{viewer.api_token.id}"
    elif viewer.preview_of is not None:
        label = f"preview-link:{viewer.preview_of}"
    # The target may echo client input (a login's email): keep it storable everywhere.
    target = target.replace("\x00", "")[:TARGET_MAX]
    await models.AuditEntry.create(
        actor=viewer.user,
        actor_label=label,
        action=action,
        target=target,
        outcome=outcome,
        at=ctx.now,
    )


async def entries(ctx: Context, *, first: int | None, after: str | None) -> Page[models.AuditEntry]:
    """Newest first; admins only."""
    permissions.to_read(ctx, permissions.ADMIN, "The audit log is for admins.")
    rows = models.AuditEntry.all()

    async def fetch(window: Window) -> list[models.AuditEntry]:
        return list(await seek(rows, window, NEWEST))

    return await paginate(fetch, rows.count, NEWEST, first=first, after=after)
