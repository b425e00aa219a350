"""Relay-style pages, pushed into SQL as LIMIT/OFFSET.

Cursors are opaque base64 offsets. The rows come from a `fetch(start, limit)` function,
so a root list reads a QuerySet slice while a nested list (a section's articles inside
a homepage) goes through a DataLoader that batches every section into one statement.
A count runs only when a page needs the total (`last` without `before`, or `totalCount`).
"""

import base64
import binascii
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from resolvers.errors import BadUserInput

MAX_PAGE = 100
DEFAULT_PAGE = 20
_PREFIX = "offset:"
# Nine ASCII digits at most: no offset a database cannot bind, no Unicode digits.
_OFFSET = re.compile(r"[0-9]{1,9}")

T = TypeVar("T")


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
    start: int  # offset of rows[0]
    has_next: bool
    has_previous: bool
    total: Count


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def offset_of(value: str) -> int:
    try:
        text = base64.urlsafe_b64decode(value.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        raise BadUserInput(f"Invalid cursor: {value!r}.") from None
    number = text.removeprefix(_PREFIX)
    if not text.startswith(_PREFIX) or not _OFFSET.fullmatch(number):
        raise BadUserInput(f"Invalid cursor: {value!r}.")
    return int(number)


def _size(name: str, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= MAX_PAGE:
        raise BadUserInput(f"`{name}` must be between 0 and {MAX_PAGE}, got {value}.")
    return value


async def paginate(
    fetch: Callable[[int, int], Awaitable[list[T]]],
    count: Callable[[], Awaitable[int]],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[T]:
    """Relay's algorithm: cut to after/before, then keep the first `first`, then the last `last`."""
    first, last = _size("first", first), _size("last", last)
    total = Count(count)
    start = offset_of(after) + 1 if after is not None else 0
    end = offset_of(before) if before is not None else None
    if first is None and last is None:
        first = DEFAULT_PAGE
    if first is not None:
        end = start + first if end is None else min(end, start + first)
    if last is not None:
        if end is None:
            end = await total()
        start = max(start, end - last)
    size = max((end or 0) - start, 0)
    # One row beyond the page tells whether a next page exists, without counting.
    rows = await fetch(start, size + 1)
    return Page(
        rows=rows[:size],
        start=start,
        has_next=len(rows) > size,
        has_previous=start > 0,
        total=total,
    )
