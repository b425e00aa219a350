"""What writes to sections, authors, tags and images share.

Editors and admins make them; an input is checked whole, every problem reported at once,
before anything is written; a row is deleted only while nothing uses it; and every
update or delete names the version it was based on, as article writes do: a conditional
UPDATE, so of two editors who read the same version exactly one wins, on any database,
and the other gets a Conflict with the version now stored.
"""

from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from enum import Enum
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.fields.data import CharField
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

import models
from resolvers import permissions, slugs, text
from resolvers.context import Context
from resolvers.problems import Conflict, InUse, Invalid, NotFound

# A text column has no length of its own; this stops a runaway paste, not an editor.
LONG_TEXT_MAX = 10_000


class Keep(Enum):
    """An update leaves the field as it is. Distinct from None, which clears a nullable one."""

    KEEP = "keep"


KEEP = Keep.KEEP
M = TypeVar("M", bound=Model)


def editor(ctx: Context, *changes: str) -> models.User:
    """Checked before any lookup: the unsigned learn nothing about which ids exist.

    `changes` are the surrogate keys the write changes, dropped from the public response
    cache once it has succeeded.
    """
    user = permissions.to_write(
        ctx, permissions.EDITOR, "Only editors and admins edit sections, authors, tags and images."
    )
    ctx.changed_keys.update(changes)
    return user


def given(changes: object) -> dict[str, Any]:
    """The fields of a changes dataclass that are not KEEP, by column name."""
    return {name: value for name, value in vars(changes).items() if value is not KEEP}


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


class Form:
    """Cleans and checks one input's values, collecting every problem before refusing it."""

    def __init__(
        self, model: type[Model], values: dict[str, Any], limits: Mapping[str, int] = {}
    ) -> None:
        """`limits` bound text columns, which have no length of their own; a character
        column's length is always its own, so the form and the table cannot disagree."""
        self.model = model
        self.values = dict(values)
        self.limits = limits
        self.problems: dict[str, str] = {}

    def refuse(self, name: str, reason: str) -> None:
        self.problems.setdefault(name, reason)

    def text(self, name: str, *, rich: bool = False, required: bool = False) -> None:
        """`rich` keeps inline formatting (`text.clean`); otherwise no tags (`text.plain`)."""
        if name not in self.values:
            return
        value = (text.clean if rich else text.plain)(self.values[name])
        self.values[name] = value
        limit = self._limit(name)
        if required and not value:
            self.refuse(name, "required")
        elif len(value) > limit:
            self.refuse(name, f"at most {limit} characters")

    def _limit(self, name: str) -> int:
        field = self.model._meta.fields_map[name]
        if isinstance(field, CharField):
            return field.max_length
        return self.limits.get(name, LONG_TEXT_MAX)

    def slug(self) -> None:
        if "slug" in self.values and not slugs.well_formed(self.model, self.values["slug"]):
            limit = self._limit("slug")
            self.refuse("slug", f"lowercase words joined by hyphens, at most {limit} characters")

    async def slug_free(
        self, same_slug: QuerySet[Any], *, but: Model | None, where: str = ""
    ) -> None:
        """Refuses the slug if a row of `same_slug`, other than `but`, already has it."""
        if "slug" in self.problems:
            return
        if but is not None:
            same_slug = same_slug.exclude(id=but.pk)
        if await same_slug.exists():
            self.refuse("slug", f"taken{where}")

    def checked(self) -> dict[str, Any]:
        """The cleaned values, or Invalid naming every offending field."""
        if self.problems:
            names = sorted(self.problems)
            reasons = "; ".join(f"{camel(name)}: {self.problems[name]}" for name in names)
            raise Invalid(f"Check {reasons}.", tuple(f"input.{camel(name)}" for name in names))
        return self.values


@asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    """One transaction for a create or update, checks and write together.

    A slug is checked before the write, but a concurrent write can take it in between; the
    unique index then refuses ours. Parents are locked while checked and these tables have
    no other unique or foreign key to break, so the refusal can only mean the slug.
    """
    try:
        async with in_transaction():
            yield
    except IntegrityError:
        raise Invalid("Check slug: just taken by someone else.", ("input.slug",)) from None


async def found(model: type[M], row_id: int, noun: str) -> M:
    """The row, locked until the transaction ends, or NotFound."""
    row = await model.filter(id=row_id).select_for_update().first()
    if row is None:
        raise NotFound(f"No {noun} {row_id}.", ("id",))
    return row


async def at_version(model: type[M], row_id: int, expected_version: int, noun: str) -> M:
    """The row, locked, while it is still at `expected_version`; NotFound or Conflict."""
    row = await found(model, row_id, noun)
    if row.version != expected_version:  # type: ignore[attr-defined]
        raise _conflict(noun, row, expected_version)
    return row


async def write(row: Model, values: dict[str, Any], noun: str) -> None:
    """Sets `values` and bumps the version, only if no other write came first: the lock
    of `at_version` is no lock on SQLite, the condition of this UPDATE is one anywhere."""
    seen = row.version  # type: ignore[attr-defined]
    won = await type(row).filter(id=row.pk, version=seen).update(**values, version=F("version") + 1)
    if not won:
        current = await type(row).get(id=row.pk)
        raise _conflict(noun, current, seen)
    row.update_from_dict({**values, "version": seen + 1})


def _conflict(noun: str, current: Model, expected_version: int) -> Conflict:
    now = current.version  # type: ignore[attr-defined]
    # Sections, authors, tags and pictures keep no history: what changed is not known.
    return Conflict(
        f"The {noun} is at version {now}, not {expected_version}.", current_version=now, changed=()
    )


async def delete_unused(
    model: type[Model],
    row_id: int,
    *,
    expected_version: int,
    noun: str,
    users: str,
    usages: Callable[[], Iterable[QuerySet[Any]]],
    articles: Callable[[], QuerySet[Any]] | None = None,
) -> None:
    """Deletes the row unless one of `usages` (built inside the transaction) counts anything.

    The row is locked first: on PostgreSQL a concurrent insert that points at it waits for
    the delete and then fails, instead of slipping in between the count and the delete.
    """
    async with in_transaction():
        row = await at_version(model, row_id, expected_version, noun)
        used = 0
        for usage in usages():
            used += await usage.count()
        if used:
            named: list[int] = []
            if articles is not None:  # rows with an article_id: say which articles
                found_ids = await articles().values_list("article_id", flat=True)
                named = sorted({int(i) for i in found_ids})  # type: ignore[call-overload]
            listed = f" (articles {', '.join(map(str, named))})" if named else ""
            raise InUse(
                f"Not deleted: {used} {users}{listed} still use this {noun}.",
                usages=used,
                articles=tuple(named),
            )
        if not await model.filter(id=row_id, version=row.version).delete():  # type: ignore[attr-defined]
            raise _conflict(noun, await model.get(id=row_id), expected_version)
