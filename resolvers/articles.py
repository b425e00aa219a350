from tortoise.queryset import QuerySet

import models
from resolvers.context import Context
from resolvers.locales import locale as checked_locale


def published(
    ctx: Context,
    *,
    locale: str | None = None,
    section: str | None = None,
    tag: str | None = None,
    author: str | None = None,
) -> QuerySet[models.Article]:
    """Published articles in one locale, newest first, optionally narrowed by slugs."""
    rows = ctx.loaders.visible_articles().filter(locale=checked_locale(ctx, locale))
    if section is not None:
        rows = rows.filter(section__slug=section)
    if tag is not None:
        rows = rows.filter(taggings__tag__slug=tag)
    if author is not None:
        rows = rows.filter(bylines__author__slug=author)
    return rows.order_by("-published_at", "-id")


def in_section(ctx: Context, section: models.Section) -> QuerySet[models.Article]:
    return (
        ctx.loaders.visible_articles()
        .filter(section_id=section.id)
        .order_by("-published_at", "-id")
    )


async def by_slug(ctx: Context, slug: str, locale: str | None = None) -> models.Article | None:
    row = await published(ctx, locale=locale).filter(slug=slug).first()
    if row is not None:
        ctx.loaders.article_by_id.prime(row.id, row)
    return row


async def by_id(ctx: Context, article_id: int) -> models.Article | None:
    return await ctx.loaders.article_by_id.load(article_id)


async def translations(ctx: Context, article: models.Article) -> list[models.Article]:
    """The other published language versions of the same story."""
    group = await ctx.loaders.articles_by_translation_group.load(article.translation_group)
    return [row for row in group if row.id != article.id]
