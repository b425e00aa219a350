"""Images' metadata: alt text, rights and focal point. Files arrive by upload (not here)."""

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import models
from media import renditions
from resolvers import search_index, surrogates
from resolvers.context import Context
from resolvers.edits import (
    KEEP,
    Form,
    Keep,
    at_version,
    delete_unused,
    editor,
    found,
    given,
    transaction,
    write,
)

FIRST_PHOTOGRAPH_YEAR = 1826


@dataclass(frozen=True)
class ImageChanges:
    """The fields to write; KEEP leaves one as it is, None clears a year or date."""

    alt_text: str | Keep = KEEP
    creator: str | Keep = KEEP
    credit_line: str | Keep = KEEP
    copyright_holder: str | Keep = KEEP
    copyright_year: int | Keep | None = KEEP
    usage_terms: str | Keep = KEEP
    focal_point: tuple[float, float] | Keep = KEEP
    date_taken: datetime | Keep | None = KEEP


async def update(
    ctx: Context, *, image_id: int, expected_version: int, changes: ImageChanges
) -> models.Image:
    editor(ctx, surrogates.image(image_id))
    async with transaction():
        image = await at_version(models.Image, image_id, expected_version, "image")
        values = checked(ctx, given(changes))
        await write(image, values, "image")
        await search_index.rewrite_pictures([image_id])
    return image


async def forget_file(ctx: Context, key: str) -> None:
    """Deletes a stored original and its renditions once no image row points at it.

    A deleted or replaced picture must stop being served (a takedown means gone), and the
    original may carry GPS. Holding the key's lock keeps an upload of the same bytes from
    committing a row to a file this is deleting.
    """
    if not key:  # an imported picture whose file stays at the agency: nothing stored
        return
    async with file_lock(key):
        if not await models.Image.filter(storage_key=key).exists():
            await ctx.media.storage.delete_tree(renditions.tree_of(key))
            await ctx.media.storage.delete(key)


# Weak: a lock lives while someone holds or awaits it, then goes.
_LOCKS: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()


@asynccontextmanager
async def file_lock(key: str) -> AsyncIterator[None]:
    """Serialises, within this process, storing or forgetting one content-addressed file."""
    lock = _LOCKS.get(key)
    if lock is None:
        lock = _LOCKS[key] = asyncio.Lock()
    async with lock:
        yield


async def delete(ctx: Context, *, image_id: int, expected_version: int) -> None:
    """Refused while any caption (lead, inline or teaser picture) shows it; the file and
    its renditions go with the last row that used them."""
    editor(ctx, surrogates.image(image_id))
    key = (await found(models.Image, image_id, "image")).storage_key
    await delete_unused(
        models.Image,
        image_id,
        expected_version=expected_version,
        noun="image",
        users="captions",
        usages=lambda: (models.Caption.filter(image_id=image_id),),
        articles=lambda: models.Caption.filter(image_id=image_id),
    )
    await forget_file(ctx, key)


def checked(ctx: Context, values: dict[str, Any]) -> dict[str, Any]:
    """The editor's values cleaned, or Invalid naming every field at fault."""
    form = Form(models.Image, values)
    for name in ("alt_text", "creator", "credit_line", "copyright_holder", "usage_terms"):
        form.text(name)
    year = values.get("copyright_year")
    if year is not None and not FIRST_PHOTOGRAPH_YEAR <= year <= ctx.now.year:
        form.refuse("copyright_year", f"from {FIRST_PHOTOGRAPH_YEAR} to this year")
    taken = values.get("date_taken")
    if taken is not None and taken.tzinfo is None:
        form.refuse("date_taken", "with a time zone offset")
    elif taken is not None and taken.year < FIRST_PHOTOGRAPH_YEAR:
        # Also keeps year 1 with a positive offset, which is year 0 in UTC, from the database.
        form.refuse("date_taken", f"from {FIRST_PHOTOGRAPH_YEAR} on")
    elif taken is not None and taken > ctx.now:
        form.refuse("date_taken", "not in the future")
    if "focal_point" in values:
        x, y = form.values.pop("focal_point")
        if not (0 <= x <= 1 and 0 <= y <= 1):
            form.refuse("focal_point", "x and y from 0 to 1")
        form.values.update(focal_x=x, focal_y=y)
    return form.checked()
