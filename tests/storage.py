"""Every stored row, to show that a refused request wrote nothing."""

from typing import Any

from tortoise import connections

from tests.conftest import TABLES

# Every mutation writes an audit entry, whatever its outcome: tests check those on their own.
# The search indexes are rewritten from the rows above in the same transaction
# (resolvers.search_index): what a write changes of them follows from those rows.
UNFINGERPRINTED = {"audit_entry", "article_search", "image_search"}
FINGERPRINTED = tuple(table for table in TABLES if table not in UNFINGERPRINTED)
# Bookkeeping every request may move, refused or not: when an API token was last used.
USAGE = {"api_token": "last_used_at"}


async def stored() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table but the audit log, column by column, in id order (an API
    token's last use left out)."""
    db = connections.get("default")
    found = {}
    for table in FINGERPRINTED:
        rows = await db.execute_query_dict(f"SELECT * FROM {table} ORDER BY 1")
        found[table] = [
            {name: value for name, value in row.items() if name != USAGE.get(table)} for row in rows
        ]
    return found
