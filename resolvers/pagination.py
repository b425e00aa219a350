"""Relay-style pages over keyset cursors: a page starts after the last row seen, not at an
offset, so a story published between two fetches neither shifts page 2 nor repeats on it.

A cursor is opaque base64 of the list's order and the (sort key, id) of one row; it is
refused on a list in another order, whose rows it cannot place. The rows come from a
`fetch(window)` function, so a root list runs a statement of its own while a nested list
(a section's articles inside a homepage) goes through a DataLoader that batches every
section into one statement; `seek` applies a window to an ORM query. A count runs only
when a page needs the total (`totalCount`), and ignores the cursors: it is the list's.
"""

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import orjson
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.errors import BadUserInput

MAX_PAGE = 100
DEFAULT_PAGE = 20
# The ids and integer keys a database can bind: the columns are 32-bit integers, and
# PostgreSQL refuses a larger parameter compared with one.
_LARGEST = 2**31 - 1
_LONGEST_TEXT = 1000  # a text sort key (an e-mail address) is far shorter

T = TypeVar("T")
M = TypeVar("M", bound=Model)
Key = tuple[Any, int]  # a row's sort value and its id, which breaks ties


@dataclass(frozen=True)
class Order(Generic[T]):
    """One order of one list: what its cursors are named by and what they hold."""

    name: str  # carried in every cursor, e.g. "articles:PUBLISHED_DESC"
    descending: bool
    value: Callable[[T], Any]  # the row's sort value (a datetime, int, float or text)
    kind: type  # the sort value's type, to read a cursor back
    id: Callable[[T], int] = lambda row: row.id  # type: ignore[attr-defined]
    column: str = "id"  # the sort column, for `seek` on an ORM query

    def cursor(self, row: T) -> str:
        value = self.value(row)
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat()
        data = orjson.dumps([self.name, value, self.id(row)])
        return base64.urlsafe_b64encode(data).decode()

    def key(self, cursor: str) -> Key:
        """The (sort value, id) a cursor names; a coded error for anything else."""
        try:
            name, value, row_id = orjson.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
        except (binascii.Error, UnicodeError, ValueError, TypeError):
            raise BadUserInput(f"Invalid cursor: {cursor!r}.") from None
        if name != self.name:
            raise BadUserInput(
                f"The cursor {cursor!r} belongs to another list or order; "
                "start again from the first page."
            )
        if not _is_int(row_id):
            raise BadUserInput(f"Invalid cursor: {cursor!r}.")
        return self._read(cursor, value), row_id

    def _read(self, cursor: str, value: Any) -> Any:
        if self.kind is datetime and isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
                if moment.tzinfo is not None:
                    return moment.astimezone(UTC)
            except (ValueError, OverflowError):
                pass
        elif self.kind is int and _is_int(value):
            return value
        elif self.kind is float and isinstance(value, float | int) and not isinstance(value, bool):
            return float(value)
        elif self.kind is str and isinstance(value, str) and len(value) <= _LONGEST_TEXT:
            return value
        raise BadUserInput(f"Invalid cursor: {cursor!r}.")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -_LARGEST <= value <= _LARGEST


@dataclass(frozen=True)
class Window:
    """Which rows a page reads: those strictly between two keys, `limit` of them, from the
    start of that stretch or (`backward`, for `last`) from its end, nearest first."""

    after: Key | None
    before: Key | None
    limit: int
    backward: bool = False

    def reading_descending(self, descending: bool) -> bool:
        """The direction the statement sorts in: the list's, or its reverse backward."""
        return descending != self.backward


class Count:
    """A total computed at most once per page, however many fields ask for it."""

    def __init__(self, count: Callable[[], Awaitable[int]]) -> None:
        self._count = count
        self._value: int | None = None

    async def __call__(self) -> int:
        if self._value is None:
            self._value = await self._count()
        return self._value

    def known(self) -> "int | Awaitable[int]":
        """The total if it was counted (resolvers.relations counts it beside the page)."""
        return self._value if self._value is not None else self()


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    has_next: bool
    has_previous: bool
    total: Count
    order: Order[T]

    def cursor(self, row: T) -> str:
        return self.order.cursor(row)


def _size(name: str, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= MAX_PAGE:
        raise BadUserInput(f"`{name}` must be between 0 and {MAX_PAGE}, got {value}.")
    return value


async def paginate(
    fetch: Callable[[Window], Awaitable[Sequence[T]]],
    count: Callable[[], Awaitable[int]],
    order: Order[T],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[T]:
    """Relay's algorithm: cut to after/before, then keep the first `first`, then the last `last`."""
    first, last = _size("first", first), _size("last", last)
    after_key = order.key(after) if after is not None else None
    before_key = order.key(before) if before is not None else None
    total = Count(count)
    if last is not None and first is None:
        # From the end of the stretch: read it reversed, one row beyond the page to tell
        # whether an earlier page exists, then put the page back in the list's order.
        found = list(await fetch(Window(after_key, before_key, last + 1, backward=True)))
        rows = found[:last][::-1]
        return Page(rows, before_key is not None, len(found) > last, total, order)
    size = DEFAULT_PAGE if first is None else first
    found = list(await fetch(Window(after_key, before_key, size + 1)))
    rows, has_next = found[:size], len(found) > size
    has_previous = after_key is not None
    if last is not None and len(rows) > last:
        rows, has_previous = rows[len(rows) - last :], True
    return Page(rows, has_next, has_previous, total, order)


def seek(rows: QuerySet[M], window: Window, order: Order[Any]) -> QuerySet[M]:
    """An ORM query cut to a window of `order` (whose `column` is a field of the model)."""
    column = order.column
    for key, beyond in ((window.after, order.descending), (window.before, not order.descending)):
        if key is not None:
            value, row_id = key
            # Past `key` in the direction `beyond` names: "less than" on a descending list.
            op = "lt" if beyond else "gt"
            if column == "id":
                rows = rows.filter(**{f"id__{op}": row_id})
            else:
                rows = rows.filter(
                    Q(**{f"{column}__{op}": value}) | Q(**{column: value, f"id__{op}": row_id})
                )
    sign = "-" if window.reading_descending(order.descending) else ""
    ordering = [f"{sign}{column}"] + ([f"{sign}id"] if column != "id" else [])
    return rows.order_by(*ordering).limit(window.limit)
