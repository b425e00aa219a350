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
from media.probe import Probed, Refused, probe
from resolvers import image_edits, text
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


def from_file(probed: Probed) -> dict[str, Any]:
    """What the file says about itself; the editor's input overrides any of it."""
    return {
        "creator": _limited("creator", probed.creator),
        "credit_line": _limited("credit_line", probed.credit_line),
        "copyright_holder": _limited("copyright_holder", probed.copyright_holder),
        "copyright_notice": _limited("copyright_notice", probed.copyright_notice),
        "copyright_year": probed.copyright_year,
        "description": _limited("description", probed.caption),
        "date_taken": probed.date_taken,
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
    }


async def _forget(ctx: Context, key: str) -> None:
    """Deletes a stored file no image row points at (after a failed write)."""
    if not await models.Image.filter(storage_key=key).exists():
        await ctx.media.storage.delete(key)


async def upload(
    ctx: Context, *, file: UploadFile, changes: image_edits.ImageChanges
) -> models.Image:
    """A new image from a file, its rights prefilled from IPTC, XMP or EXIF."""
    editor(ctx)
    probed, data = await _read(ctx, file)
    values = image_edits.checked(ctx, given(changes))
    key = await ctx.media.storage.put(data, extension=probed.extension)
    try:
        async with in_transaction():
            return await models.Image.create(
                **_file_columns(probed, data, key), **{**from_file(probed), **values}
            )
    except BaseException:
        await _forget(ctx, key)
        raise


async def replace_file(ctx: Context, *, image_id: int, file: UploadFile) -> models.Image:
    """A new file for an existing image: same id, same uses and captions.

    The editor's rights fields stay; ones still empty are filled from the new file.
    """
    editor(ctx)
    if not await models.Image.filter(id=image_id).exists():
        await found(models.Image, image_id, "image")  # raises NotFound, naming the id
    probed, data = await _read(ctx, file)
    key = await ctx.media.storage.put(data, extension=probed.extension)
    try:
        async with in_transaction():
            image = await found(models.Image, image_id, "image")
            old_key = image.storage_key
            values = _file_columns(probed, data, key)
            values.update(
                (name, value)
                for name, value in from_file(probed).items()
                if value and not getattr(image, name)
            )
            await image.update_from_dict(values).save(update_fields=list(values))
    except BaseException:
        await _forget(ctx, key)
        raise
    if old_key != key:
        await _forget(ctx, old_key)
    return image
