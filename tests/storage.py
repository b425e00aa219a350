"""Every stored row, to show that a refused request wrote nothing."""

from typing import Any

from tortoise import connections

from tests.conftest import TABLES

# Every mutation writes an audit entry, whatever its outcome: tests check those on their own.
FINGERPRINTED = tuple(table for table in TABLES if table != "audit_entry")


async def stored() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table but the audit log, column by column, in id order."""
    db = connections.get("default")
    return {
        table: await db.execute_query_dict(f"SELECT * FROM {table} ORDER BY 1")
        for table in FINGERPRINTED
    }
