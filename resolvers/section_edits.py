"""Sections: editors create, change and delete them; one in use is not deleted."""

import uuid
from dataclasses import dataclass
from typing import Any

import models
from resolvers import surrogates
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
from resolvers.locales import locale as checked_locale
from resolvers.problems import Invalid


@dataclass(frozen=True)
class SectionChanges:
    """The fields to write. KEEP leaves one as it is; parent_id None makes a top section."""

    name: str | Keep = KEEP
    slug: str | Keep = KEEP
    description: str | Keep = KEEP
    parent_id: int | Keep | None = KEEP
    position: int | Keep = KEEP
    locale: str | Keep = KEEP


async def create(
    ctx: Context, changes: SectionChanges, *, translation_of: int | None = None
) -> models.Section:
    """A new section: of its own, or a language version of section `translation_of`."""
    editor(ctx, surrogates.SECTIONS)
    async with transaction():
        values = await _checked(ctx, {"name": "", "slug": "", **given(changes)}, None)
        if translation_of is not None:
            values["translation_group"] = await _group_of(
                translation_of, values["locale"], field="input.translationOf"
            )
        return await models.Section.create(**values)


async def link(
    ctx: Context, *, section_id: int, expected_version: int, translation_of: int
) -> models.Section:
    """Makes the section a language version of section `translation_of`."""
    editor(ctx, surrogates.SECTIONS, surrogates.section(section_id))
    async with transaction():
        section = await at_version(models.Section, section_id, expected_version, "section")
        group = await _group_of(
            translation_of, section.locale, field="translationOf", but=section.id
        )
        await write(section, {"translation_group": group}, "section")
    return section


async def _group_of(
    original_id: int, locale: str, *, field: str, but: int | None = None
) -> uuid.UUID:
    """The group a version in `locale` of section `original_id` joins (made for it if it
    had none: a version bump of its own); Invalid when there is no such section or its
    group already has one in that locale."""
    original = await models.Section.filter(id=original_id).select_for_update().first()
    if original is None:
        raise Invalid(f"{field}: no such section.", (field,))
    if original.id == but:
        raise Invalid(f"{field}: a section is not a translation of itself.", (field,))
    if original.translation_group is None:
        original.translation_group = uuid.uuid4()
        await write(original, {"translation_group": original.translation_group}, "section")
    elif (
        await models.Section.filter(translation_group=original.translation_group, locale=locale)
        .exclude(id=but or 0)
        .exists()
    ):
        raise Invalid(f"{field}: that section already has a version in {locale}.", (field,))
    return original.translation_group


async def update(
    ctx: Context, *, section_id: int, expected_version: int, changes: SectionChanges
) -> models.Section:
    editor(ctx, surrogates.SECTIONS, surrogates.section(section_id))
    async with transaction():
        section = await at_version(models.Section, section_id, expected_version, "section")
        values = await _checked(ctx, given(changes), section)
        await write(section, values, "section")
    return section


async def delete(ctx: Context, *, section_id: int, expected_version: int) -> None:
    """Refused while any article (drafts and trashed ones too) or child section uses it."""
    editor(ctx, surrogates.SECTIONS, surrogates.section(section_id))
    await delete_unused(
        models.Section,
        section_id,
        expected_version=expected_version,
        noun="section",
        users="articles or sections",
        usages=lambda: (
            models.Article.filter(section_id=section_id),
            models.Section.filter(parent_id=section_id),
        ),
    )


async def _checked(
    ctx: Context, values: dict[str, Any], section: models.Section | None
) -> dict[str, Any]:
    form = Form(models.Section, values)
    form.text("name", required=True)
    form.text("description", rich=True)
    form.slug()
    if section is None or "locale" in values:
        # An unknown locale is bad input, as for articles and every read.
        form.values["locale"] = checked_locale(ctx, values.get("locale"))
    slug = form.values.get("slug", section.slug if section else "")
    locale = form.values.get("locale", section.locale if section else "")
    if "slug" in values or "locale" in values:
        same_slug = models.Section.filter(slug=slug, locale=locale)
        await form.slug_free(same_slug, but=section, where=f" in {locale}")
    parent_id = values.get("parent_id")
    if parent_id is not None:
        # Locked, so that it cannot be deleted before this section points at it.
        if await models.Section.filter(id=parent_id).select_for_update().first() is None:
            form.refuse("parent_id", "no such section")
        elif section is not None and await _descends_from(parent_id, section.id):
            form.refuse("parent_id", "a section cannot be its own ancestor")
    return form.checked()


async def _descends_from(section_id: int, ancestor_id: int) -> bool:
    """Is `ancestor_id` the section itself or above it? A walk up the parents."""
    seen: set[int] = set()
    current: int | None = section_id
    while current is not None and current not in seen:
        if current == ancestor_id:
            return True
        seen.add(current)
        row = await models.Section.filter(id=current).only("id", "parent_id").first()
        current = row.parent_id if row is not None else None
    return False
