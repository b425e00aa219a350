"""Documents registered ahead, for frontends whose queries are known at build time."""

import models


async def registered(digest: str) -> str | None:
    row = await models.PersistedDocument.filter(sha256=digest).first()
    return row.body if row is not None else None


async def register(*, digest: str, name: str, body: str) -> bool:
    """Stores the document; False if it was already there (registering is idempotent)."""
    _, created = await models.PersistedDocument.get_or_create(
        sha256=digest, defaults={"name": name, "body": body}
    )
    return created
