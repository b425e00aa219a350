"""Hot read statements: their text made once per process and dialect, re-run with new values.

Tortoise's query builder makes a statement's text anew on every call, and a batch of ids
becomes as many placeholders as there are ids. The statements here are written once, per
dialect, from the models' own column lists; a batch is one parameter (`= ANY($1)` on
PostgreSQL, `IN (SELECT value FROM json_each(?))` on SQLite), so each has one text
whatever the batch size. Rows become model instances as Tortoise's own executor
makes them (`_init_from_db`, fed the driver's row), joined rows one per table. Writes keep
the ORM.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson
from tortoise import connections
from tortoise.models import Model

import models
from resolvers.pagination import Window

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
        if _hydrations and _dialect[0] != key[0]:
            _hydrations.clear()  # which columns arrive converted depends on the database
        _dialect[0] = key[0]
        made = self.made.get(key)
        if made is None:
            params = Params(key[0])
            made = self.made[key] = (self.build(params, variant), params)
        text, params = made
        _, found = await db.execute_query(text, params.values(values))
        if not found:
            return []
        # The driver's rows made dicts by position: Tortoise's execute_query_dict makes
        # each with dict(row), which looks every column of an sqlite3.Row up by name,
        # one name after another: a seventy-column teaser row costs seventy scans.
        names = tuple(found[0].keys())
        return [dict(zip(names, row, strict=True)) for row in found]


def columns(model: type[Model], alias: str) -> str:
    """The model's columns from table `alias`, each named `alias__column`."""
    return ", ".join(f'{alias}."{c}" AS "{alias}__{c}"' for c in model._meta.db_fields)


@dataclass(frozen=True, slots=True)
class _Hydration:
    """How the `alias` part of a joined row becomes an instance of one model: Tortoise's
    own conversions (`_init_from_db`'s three kinds of field), with the row's keys spelled
    once per process instead of once per row and column."""

    pk: str
    custom_pk: bool
    native: tuple[tuple[str, str], ...]  # the driver's value as it is
    cast: tuple[tuple[str, str, Callable[[Any], Any]], ...]  # the field's type, unless NULL
    converted: tuple[tuple[str, str, Callable[[Any], Any]], ...]  # to_python_value, always
    undecoded: tuple[tuple[str, str], ...]  # decoded when first read (models.Article.body)


_hydrations: dict[tuple[type[Model], str], _Hydration] = {}
_dialect = [""]  # the database the hydrations were planned for
# Columns handed over as the driver gave them, and where: the model decodes them on use.
_UNDECODED: dict[tuple[type[Model], str], str] = {(models.Article, "body"): models.UNDECODED_BODY}


def _hydration(model: type[Model], alias: str) -> _Hydration:
    made = _hydrations.get((model, alias))
    if made is None:
        meta = model._meta
        made = _hydrations[model, alias] = _Hydration(
            pk=f"{alias}__{meta.db_pk_column}",
            custom_pk=meta.db_pk_column not in meta.generated_db_fields,
            native=tuple((f"{alias}__{key}", name) for key, name, _ in meta.db_native_fields),
            cast=tuple(
                (f"{alias}__{key}", name, field.field_type)
                for key, name, field in meta.db_default_fields
            ),
            converted=tuple(
                (f"{alias}__{key}", name, field.to_python_value)
                for key, name, field in meta.db_complex_fields
                if (model, name) not in _UNDECODED
            ),
            undecoded=tuple(
                (f"{alias}__{key}", _UNDECODED[model, name])
                for key, name, _ in meta.db_complex_fields
                if (model, name) in _UNDECODED
            ),
        )
    return made


def one(model: type[M], row: dict[str, Any], alias: str) -> M | None:
    """The `alias` part of a joined row as a model instance (None where the join found none).

    What Tortoise's `_init_from_db` does (conversions, no validation), writing the
    instance's attributes directly: its `__setattr__` is a Python function, called four
    times per instance there, and a homepage makes some 320 instances."""
    how = _hydration(model, alias)
    if row[how.pk] is None:
        return None
    instance = model.__new__(model)
    values = instance.__dict__
    values["_partial"] = False
    values["_saved_in_db"] = True
    values["_custom_generated_pk"] = how.custom_pk
    values["_await_when_save"] = {}
    for key, name in how.native:
        values[name] = row[key]
    for key, name, cast in how.cast:
        value = row[key]
        values[name] = cast(value) if value is not None else None
    for key, name, convert in how.converted:
        values[name] = convert(row[key])
    for key, name in how.undecoded:
        values[name] = row[key]
    return instance


def attach(instance: Model, relation: str, value: Model | None) -> None:
    """Sets a foreign key's fetched row, as Tortoise's setter stores it (`_<relation>`),
    without its two nested `__setattr__` calls: the row's own id column is already set."""
    instance.__dict__[f"_{relation}"] = value


def table(model: type[Model]) -> str:
    return f'"{model._meta.db_table}"'


def each(model: type[M], rows: Iterable[dict[str, Any]], alias: str) -> list[M]:
    found = [one(model, row, alias) for row in rows]
    return [row for row in found if row is not None]


# A page's window (resolvers.pagination.Window) in a statement: its text names which
# bounds are present ("after", "before", "backward" among a variant's parts, as
# `window_values` writes them), its values carry the keys.


def window_values(window: Window) -> tuple[list[str], dict[str, Any]]:
    """A page's window as the variant parts and values of a statement (`past`, `ordered`)."""
    forms, values = [], {"limit": window.limit}
    for name, key in (("after", window.after), ("before", window.before)):
        if key is not None:
            forms.append(name)
            values[f"{name}_value"], values[f"{name}_id"] = key
    if window.backward:
        forms.append("backward")
    return forms, values


def past(p: Params, variant: str, key: str, row_id: str, descending: bool) -> list[str]:
    """The conditions that keep rows strictly between the window's cursors, in the list's
    own direction (`descending`): one row-value comparison per cursor, which an index on
    (key, id) answers."""
    parts = variant.split(":")
    conditions = []
    for name, beyond in (("after", descending), ("before", not descending)):
        if name in parts:
            op = "<" if beyond else ">"
            value, of = p(f"{name}_value"), p(f"{name}_id")
            conditions.append(f"({key}, {row_id}) {op} ({value}, {of})")
    return conditions


def ordered(variant: str, key: str, row_id: str, descending: bool) -> str:
    """ORDER BY for a list running `descending` or not, reversed when the window reads
    backward from its end."""
    way = "DESC" if descending != ("backward" in variant.split(":")) else "ASC"
    return f"{key} {way}, {row_id} {way}"
