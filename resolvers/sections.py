from tortoise.queryset import QuerySet

import models
from resolvers import surrogates
from resolvers.context import Context
from resolvers.loaded import Maybe, known, then
from resolvers.locales import locale as checked_locale
from resolvers.slugs import findable


def listed(ctx: Context, *, locale: str | None = None) -> QuerySet[models.Section]:
    ctx.shown.add(surrogates.SECTIONS)  # any section write may change a listing
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


def of_article(ctx: Context, article: models.Article) -> Maybe[models.Section]:
    def present(row: models.Section | None) -> models.Section:
        if row is None:  # the foreign key is RESTRICT: an article never outlives its section
            raise LookupError(f"article {article.id} has no section {article.section_id}")
        return row

    return then(known(ctx.loaders.section_by_id, article.section_id), present)


def parent(ctx: Context, section: models.Section) -> Maybe[models.Section | None]:
    if section.parent_id is None:
        return None
    return known(ctx.loaders.section_by_id, section.parent_id)


def translations(ctx: Context, section: models.Section) -> Maybe[list[models.Section]]:
    if section.translation_group is None:
        return []
    group = known(ctx.loaders.sections_by_translation_group, section.translation_group)
    return then(group, lambda rows: [row for row in rows if row.id != section.id])


async def load(
    ctx: Context, rows: list[models.Section], *, parents: bool, translations: bool
) -> None:
    """What these sections' fields show, loaded before they resolve (resolvers.relations)."""
    if parents:
        await ctx.loaders.section_by_id.load_many(
            sorted({r.parent_id for r in rows if r.parent_id})
        )
    groups = sorted({r.translation_group for r in rows if r.translation_group}, key=str)
    if translations and groups:
        await ctx.loaders.sections_by_translation_group.load_many(groups)


def url(ctx: Context, section: models.Section) -> str | None:
    """The section front's address on the public site (resolvers.site); None when none."""
    pattern = ctx.site.section_pattern
    if pattern is None:
        return None
    return pattern.format(locale=section.locale, section=section.slug)
