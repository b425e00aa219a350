"""Pictures arriving by upload: checked before decoding, read for their rights, stored once.

Order matters for "a refused upload leaves nothing behind": the file is read (up to the
cap), probed and the editor's input checked before anything is stored; the row is written
in a transaction, and if that fails the file goes again unless another image shares it.
"""

import asyncio
from typing import Any

from starlette.datastructures import UploadFile
from tortoise.transactions import in_transaction

import models
from media import storage
from media.probe import Probed, Refused, probe
from resolvers import image_edits, search_index, surrogates, text
from resolvers.context import Context
from resolvers.edits import LONG_TEXT_MAX, editor, found, given
from resolvers.problems import FileRefused


async def _read(ctx: Context, file: UploadFile) -> tuple[Probed, bytes]:
    limit = ctx.media.max_upload_bytes
    data = await file.read(limit + 1)  # one byte over the cap is enough to refuse it
    try:
        probed = await asyncio.to_thread(
            probe, data, max_bytes=limit, max_pixels=ctx.media.max_image_pixels
        )
    except Refused as refusal:
        raise FileRefused(refusal.code, refusal.message) from None
    return probed, data


def _limited(model_field: str, value: str) -> str:
    """A value read from the file: plain text, cut to its column (never a reason to refuse)."""
    field = models.Image._meta.fields_map[model_field]
    limit = getattr(field, "max_length", None) or LONG_TEXT_MAX
    return text.plain(value)[:limit]


def from_file(ctx: Context, probed: Probed) -> dict[str, Any]:
    """What the file says about itself; the editor's input overrides any of it.

    A file is not refused for what its metadata claims: a year or date an editor could
    not enter (before photography, or in the future) is left out instead.
    """
    year, taken = probed.copyright_year, probed.date_taken
    first = image_edits.FIRST_PHOTOGRAPH_YEAR
    return {
        "creator": _limited("creator", probed.creator),
        "credit_line": _limited("credit_line", probed.credit_line),
        "copyright_holder": _limited("copyright_holder", probed.copyright_holder),
        "copyright_notice": _limited("copyright_notice", probed.copyright_notice),
        "copyright_year": year if year is not None and first <= year <= ctx.now.year else None,
        "description": _limited("description", probed.caption),
        "date_taken": taken
        if taken is not None and first <= taken.year and taken <= ctx.now
        else None,
    }


def _file_columns(probed: Probed, data: bytes, key: str) -> dict[str, Any]:
    return {
        "storage_key": key,
        "width": probed.width,
        "height": probed.height,
        "mime_type": probed.mime_type,
        "byte_size": len(data),
        "blurhash": probed.blurhash,
        "dominant_color": probed.dominant_color,
        # A file stored here replaces an imported picture's renditions at the agency.
        "remote_renditions": None,
    }


async def upload(
    ctx: Context, *, file: UploadFile, changes: image_edits.ImageChanges
) -> models.Image:
    """A new image from a file, its rights prefilled from IPTC, XMP or EXIF."""
    editor(ctx)
    probed, data = await _read(ctx, file)
    values = image_edits.checked(ctx, given(changes))
    key = storage.original_key(data, probed.extension)
    async with image_edits.file_lock(key):
        await ctx.media.storage.put(data, extension=probed.extension)
        try:
            async with in_transaction():
                made = await models.Image.create(
                    **_file_columns(probed, data, key), **{**from_file(ctx, probed), **values}
                )
                await search_index.rewrite_pictures([made.id])
                return made
        except BaseException:
            if not await models.Image.filter(storage_key=key).exists():
                await ctx.media.storage.delete(key)
            raise


async def replace_file(ctx: Context, *, image_id: int, file: UploadFile) -> models.Image:
    """A new file for an existing image: same id, same uses and captions.

    The editor's rights fields stay; ones still empty are filled from the new file.
    """
    editor(ctx, surrogates.image(image_id))
    if not await models.Image.filter(id=image_id).exists():
        await found(models.Image, image_id, "image")  # raises NotFound, naming the id
    probed, data = await _read(ctx, file)
    key = storage.original_key(data, probed.extension)
    async with image_edits.file_lock(key):
        await ctx.media.storage.put(data, extension=probed.extension)
        try:
            async with in_transaction():
                image = await found(models.Image, image_id, "image")
                old_key = image.storage_key
                values = _file_columns(probed, data, key)
                values.update(
                    (name, value)
                    for name, value in from_file(ctx, probed).items()
                    if value and not getattr(image, name)
                )
                # A write like any other: an editor's update based on the old file's
                # version is refused as a conflict (the row is locked meanwhile).
                values["version"] = image.version + 1
                await image.update_from_dict(values).save(update_fields=list(values))
                await search_index.rewrite_pictures([image.id])  # rights may come from the file
        except BaseException:
            if not await models.Image.filter(storage_key=key).exists():
                await ctx.media.storage.delete(key)
            raise
    if old_key != key:  # the old file and its renditions stop being served
        await image_edits.forget_file(ctx, old_key)
    return image
