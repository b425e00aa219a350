"""Tortoise's pooled transaction, made to give its connection back when BEGIN fails.

Tortoise 1.1 (`TransactionContextPooled.__aenter__`) takes a connection from the pool,
marks the task as inside the transaction, then sends BEGIN; when BEGIN fails (the
database went away, or stopped answering, between the two), `__aexit__` never runs: the
connection is never returned, and the task's later statements (the audit entry of the
failed write) go to the released connection. Five such failures empty the pool, and every
request then waits for a connection forever. This wrapper undoes both, and is installed
when `models` is imported; tests/test_database_outage.py shows the pool whole after it.
"""

import contextlib
from typing import Any

from tortoise.backends.base.client import TransactionContextPooled
from tortoise.connection import get_connections

_enter = TransactionContextPooled.__aenter__


async def _enter_or_give_back(self: TransactionContextPooled) -> Any:
    try:
        return await _enter(self)
    except BaseException:
        connection, pool = self.client._connection, self.client._parent._pool
        self.client._connection = None
        if connection is not None and pool is not None:
            # asyncpg closes a broken connection as it takes it back.
            with contextlib.suppress(Exception):
                await pool.release(connection)
        token = getattr(self, "token", None)
        if token is not None:
            get_connections().reset(token)
        raise


def install() -> None:
    if TransactionContextPooled.__aenter__ is _enter:
        TransactionContextPooled.__aenter__ = _enter_or_give_back  # type: ignore[method-assign]
