"""Turns an update input's fields into the resolvers' partial changes."""

from typing import TypeVar

import strawberry

from resolvers.edits import KEEP, Keep

T = TypeVar("T")


def kept(value: T | None) -> T | Keep:
    """Left out, or null where null means nothing (a name, a slug): leave it as it is."""
    return KEEP if value is None or value is strawberry.UNSET else value


def clearable(value: T | None) -> T | Keep | None:
    """Left out: leave it as it is; null: clear it."""
    return KEEP if value is strawberry.UNSET else value
