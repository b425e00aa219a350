"""Relay-style pages over a QuerySet, pushed into SQL as LIMIT/OFFSET.

Cursors are opaque base64 offsets. A count query runs only when a page needs the
total (`last` without `before`, or a client asking for `totalCount`).
"""

import base64
import binascii
from dataclasses import dataclass
from typing import Generic, TypeVar

from tortoise.models import Model
from tortoise.queryset import QuerySet

from resolvers.errors import BadUserInput

MAX_PAGE = 100
DEFAULT_PAGE = 20
_PREFIX = "offset:"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Page(Generic[M]):
    rows: list[M]
    start: int  # offset of rows[0]
    has_next: bool
    has_previous: bool
    queryset: QuerySet[M]  # unsliced, for totalCount

    async def total(self) -> int:
        return await self.queryset.count()


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def offset_of(value: str) -> int:
    try:
        text = base64.urlsafe_b64decode(value.encode("ascii")).decode()
    except (binascii.Error, UnicodeError, ValueError):
        raise BadUserInput(f"Invalid cursor: {value!r}.") from None
    number = text.removeprefix(_PREFIX)
    if not text.startswith(_PREFIX) or not number.isdigit():
        raise BadUserInput(f"Invalid cursor: {value!r}.")
    return int(number)


def _size(name: str, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= MAX_PAGE:
        raise BadUserInput(f"`{name}` must be between 0 and {MAX_PAGE}, got {value}.")
    return value


async def paginate(
    queryset: QuerySet[M],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[M]:
    first, last = _size("first", first), _size("last", last)
    start = offset_of(after) + 1 if after is not None else 0
    end = offset_of(before) if before is not None else None
    if last is not None:
        if end is None:
            end = await queryset.count()
        start = max(start, end - last)
        if first is not None:
            end = min(end, start + first)
    else:
        size = DEFAULT_PAGE if first is None else first
        end = start + size if end is None else min(end, start + size)
    # One row beyond the page tells whether a next page exists, without counting.
    rows = list(await queryset.offset(start).limit(max(end - start, 0) + 1))
    has_next = len(rows) > end - start
    return Page(
        rows=rows[: max(end - start, 0)],
        start=start,
        has_next=has_next,
        has_previous=start > 0,
        queryset=queryset,
    )
