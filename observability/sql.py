"""Counts the SQL statements each request runs, from Tortoise's own query log.

The counter is a context variable holding a mutable cell, so DataLoader batches,
which run in tasks copied from the request's context, add to the same count.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")
_counter: ContextVar[list[int] | None] = ContextVar("dateline_sql_counter", default=None)


class _Counter(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        cell = _counter.get()
        if cell is None:
            return
        query = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
        if str(query).lstrip()[:6].upper().startswith(_STATEMENTS):
            cell[0] += 1


_handler = _Counter()


def install() -> None:
    """Turn on Tortoise's debug query log and count from it (debug mode and tests only)."""
    logger = logging.getLogger("tortoise.db_client")
    if _handler not in logger.handlers:
        logger.addHandler(_handler)
    logger.setLevel(logging.DEBUG)


@contextmanager
def counting() -> Iterator[list[int]]:
    """Count statements run inside the block; read the count from the yielded cell's [0]."""
    cell = [0]
    token = _counter.set(cell)
    try:
        yield cell
    finally:
        _counter.reset(token)
