"""Tags: editors create, rename and delete them; one on any article is not deleted."""

from dataclasses import dataclass
from typing import Any

import models
from resolvers import search_index, surrogates
from resolvers.context import Context
from resolvers.edits import (
    KEEP,
    Form,
    Keep,
    at_version,
    delete_unused,
    editor,
    given,
    transaction,
    write,
)


@dataclass(frozen=True)
class TagChanges:
    """The fields to write; KEEP leaves one as it is."""

    name: str | Keep = KEEP
    slug: str | Keep = KEEP


async def create(ctx: Context, changes: TagChanges) -> models.Tag:
    editor(ctx, surrogates.TAGS)
    async with transaction():
        values = await _checked({"name": "", "slug": "", **given(changes)}, None)
        return await models.Tag.create(**values)


async def update(
    ctx: Context, *, tag_id: int, expected_version: int, changes: TagChanges
) -> models.Tag:
    editor(ctx, surrogates.TAGS, surrogates.tag(tag_id))
    async with transaction():
        tag = await at_version(models.Tag, tag_id, expected_version, "tag")
        values = await _checked(given(changes), tag)
        await write(tag, values, "tag")
        if "name" in values:  # tags are searched by name
            await search_index.of_tags([tag_id])
    return tag


async def delete(ctx: Context, *, tag_id: int, expected_version: int) -> None:
    """Refused while any article, draft or trashed, carries the tag."""
    editor(ctx, surrogates.TAGS, surrogates.tag(tag_id))
    await delete_unused(
        models.Tag,
        tag_id,
        expected_version=expected_version,
        noun="tag",
        users="articles",
        usages=lambda: (models.ArticleTag.filter(tag_id=tag_id),),
    )


async def _checked(values: dict[str, Any], tag: models.Tag | None) -> dict[str, Any]:
    form = Form(models.Tag, values)
    form.text("name", required=True)
    form.slug()
    if "slug" in values:
        await form.slug_free(models.Tag.filter(slug=form.values["slug"]), but=tag)
    return form.checked()
