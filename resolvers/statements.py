"""Hot read statements: their text made once per process and dialect, re-run with new values.

Tortoise's query builder makes a statement's text anew on every call, and a batch of ids
becomes as many placeholders as there are ids. The statements here are written once, per
dialect, from the models' own column lists; a batch is one parameter (`= ANY($1)` on
PostgreSQL, `IN (SELECT value FROM json_each(?))` on SQLite), so each has one text
whatever the batch size. Rows become model instances the way Tortoise's own executor
makes them (`_init_from_db`, fed the driver's row), joined rows one per table. Writes keep
the ORM.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson
from tortoise import connections
from tortoise.models import Model

M = TypeVar("M", bound=Model)


@dataclass
class Params:
    """Placeholders in order, as the dialect writes them; lists are one parameter each."""

    dialect: str
    names: list[str] = field(default_factory=list)
    lists: set[str] = field(default_factory=set)

    def __call__(self, name: str) -> str:
        self.names.append(name)
        return "?" if self.dialect == "sqlite" else f"${len(self.names)}"

    def any(self, column: str, name: str) -> str:
        """`column` is one of the list `name`."""
        self.lists.add(name)
        placeholder = self(name)
        if self.dialect == "sqlite":
            return f"{column} IN (SELECT value FROM json_each({placeholder}))"
        return f"{column} = ANY({placeholder})"

    def values(self, given: dict[str, Any]) -> list[Any]:
        sqlite = self.dialect == "sqlite"
        return [
            orjson.dumps([_plain(v) for v in given[name]]).decode()
            if sqlite and name in self.lists
            else given[name]
            for name in self.names
        ]


def _plain(value: Any) -> Any:
    """What json_each compares with a column's stored text (a UUID is stored as text)."""
    return value if isinstance(value, int | str) else str(value)


class Statement:
    """One statement: `build` writes its text for a dialect (and a variant, such as the
    request's visibility), once; `rows` runs it with the values it names."""

    def __init__(self, build: Callable[[Params, str], str]) -> None:
        self.build = build
        self.made: dict[tuple[str, str], tuple[str, Params]] = {}

    async def rows(self, variant: str = "", **values: Any) -> list[dict[str, Any]]:
        db = connections.get("default")
        key = (db.capabilities.dialect, variant)
        made = self.made.get(key)
        if made is None:
            params = Params(key[0])
            made = self.made[key] = (self.build(params, variant), params)
        text, params = made
        rows: list[dict[str, Any]] = await db.execute_query_dict(text, params.values(values))
        return rows


def columns(model: type[Model], alias: str) -> str:
    """The model's columns from table `alias`, each named `alias__column`."""
    return ", ".join(f'{alias}."{c}" AS "{alias}__{c}"' for c in model._meta.db_fields)


def one(model: type[M], row: dict[str, Any], alias: str) -> M | None:
    """The `alias` part of a joined row as a model instance (None where the join found none)."""
    values = {c: row[f"{alias}__{c}"] for c in model._meta.db_fields}
    if values[model._meta.db_pk_column] is None:
        return None
    # Tortoise's own way from a driver row to an instance: conversions, no validation.
    return model._init_from_db(**values)


def table(model: type[Model]) -> str:
    return f'"{model._meta.db_table}"'


def each(model: type[M], rows: Iterable[dict[str, Any]], alias: str) -> list[M]:
    found = [one(model, row, alias) for row in rows]
    return [row for row in found if row is not None]
