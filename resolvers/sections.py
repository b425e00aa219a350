from tortoise.queryset import QuerySet

import models
from resolvers import surrogates
from resolvers.context import Context
from resolvers.locales import locale as checked_locale
from resolvers.slugs import findable


def listed(ctx: Context, *, locale: str | None = None) -> QuerySet[models.Section]:
    ctx.loaders.keys.add(surrogates.SECTIONS)  # any section write may change a listing
    return models.Section.filter(locale=checked_locale(ctx, locale)).order_by("position", "id")


async def by_slug(ctx: Context, slug: str, locale: str | None = None) -> models.Section | None:
    rows = listed(ctx, locale=locale)
    if not findable(models.Section, slug):
        return None
    row = await rows.filter(slug=slug).first()
    if row is not None:
        ctx.loaders.section_by_id.prime(row.id, row)
    return row


async def by_id(ctx: Context, section_id: int) -> models.Section | None:
    return await ctx.loaders.section_by_id.load(section_id)


async def parent(ctx: Context, section: models.Section) -> models.Section | None:
    if section.parent_id is None:
        return None
    return await ctx.loaders.section_by_id.load(section.parent_id)


async def translations(ctx: Context, section: models.Section) -> list[models.Section]:
    if section.translation_group is None:
        return []
    group = await ctx.loaders.sections_by_translation_group.load(section.translation_group)
    return [row for row in group if row.id != section.id]
