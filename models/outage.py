"""When the database cannot answer: the errors that say so, whoever raised them.

A stopped, restarting, unreachable or hung database shows itself as one of these, raised
by the driver (Tortoise passes them through untranslated) or chained under whatever a
resolver raised while it failed (an audit entry that could not be written, say). Every
layer answers them the same way: 503 SERVICE_UNAVAILABLE with Retry-After, never a 500.
"""

import errno
import sqlite3

import asyncpg
from tortoise.exceptions import DBConnectionError

CODE = "SERVICE_UNAVAILABLE"
MESSAGE = "The database is unavailable right now; try again shortly."
RETRY_AFTER_SECONDS = 1  # a restarting PostgreSQL answers again within about a second

_DRIVER_ERRORS = (
    ConnectionError,  # refused, reset, broken pipe
    TimeoutError,  # a connection not made in time
    DBConnectionError,
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08, and a closed connection
    asyncpg.InterfaceError,  # "connection is closed"
    # "cannot switch to state 12; another operation is in progress": a connection that
    # broke under a statement.
    asyncpg.exceptions._base.InternalClientError,
    # SQLSTATE class 57: shut down by an operator or a crash, starting up, or a
    # statement cancelled by statement_timeout.
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.TooManyConnectionsError,
)
_UNREACHABLE = frozenset({errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH})


def cause(error: BaseException | None) -> BaseException | None:
    """The error in `error`'s chain (itself, what it was raised from or during) that says
    the database is unavailable; None when nothing does."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, _DRIVER_ERRORS):
            return error
        # asyncpg tries every address a name resolves to, and reports them as one OSError.
        if type(error) is OSError and (
            error.errno in _UNREACHABLE or "Connect call failed" in str(error)
        ):
            return error
        # SQLite's own wait for a writer's lock ran out: busy, not broken.
        if isinstance(error, sqlite3.OperationalError) and "database is locked" in str(error):
            return error
        error = error.__cause__ or error.__context__
    return None


def summary(error: BaseException) -> str:
    """One line for the log: the driver's own words, the same for every request that one
    outage fails (so that the log can fold them into a count)."""
    found = cause(error) or error
    return f"database unavailable: {type(found).__name__}: {found}"
