from dataclasses import dataclass
from datetime import datetime
from typing import Any

import models
from resolvers import permissions, reads, sections, slugs, statements, surrogates
from resolvers.context import Context
from resolvers.loaded import Maybe, known, then
from resolvers.loaders import Loaders
from resolvers.locales import locale as checked_locale
from resolvers.pagination import Page, paginate
from resolvers.slugs import findable
from resolvers.visibility import Visibility


@dataclass(frozen=True)
class Listing:
    """A list of articles as one request may see it, newest first: the form of its
    statement (resolvers.reads.LIST) and the values it runs with."""

    variant: str
    values: dict[str, Any]
    empty: bool = False  # a slug no row can carry: nothing to ask the database
    # What the list answers by besides its articles: a filter by slug changes answer
    # when the section, tag or author is renamed.
    keys: tuple[str, ...] = (surrogates.ARTICLES,)

    async def rows(self, loaders: Loaders, offset: int, limit: int) -> list[models.Article]:
        if self.empty:
            return []
        found = await reads.LIST.rows(self.variant, offset=offset, limit=limit, **self.values)
        loaders.joined_sections(found)
        return statements.each(models.Article, found, "a")

    async def count(self) -> int:
        if self.empty:
            return 0
        found = await reads.LIST_LENGTH.rows(self.variant, **self.values)
        return int(found[0]["n"])


def listing(
    seen: Visibility,
    locale: str,
    *,
    section: str | None = None,
    tag: str | None = None,
    author: str | None = None,
) -> Listing:
    """Articles in one locale, optionally narrowed by a section's, tag's or author's slug."""
    forms, values = [seen.variant], {"locale": locale, **seen.values()}
    keys = [surrogates.ARTICLES]
    empty = False
    for name, slug, model, key in (
        ("section", section, models.Section, surrogates.SECTIONS),
        ("tag", tag, models.Tag, surrogates.TAGS),
        ("author", author, models.Author, surrogates.AUTHORS),
    ):
        if slug is not None:
            forms.append(name)
            values[name] = slug
            keys.append(key)
            empty = empty or not findable(model, slug)
    return Listing(":".join(forms), values, empty, tuple(keys))


async def page(
    ctx: Context,
    *,
    locale: str | None = None,
    section: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[models.Article]:
    listed = listing(
        ctx.visibility, checked_locale(ctx, locale), section=section, tag=tag, author=author
    )
    ctx.shown.update(listed.keys)

    async def fetch(offset: int, limit: int) -> list[models.Article]:
        found = await listed.rows(ctx.loaders, offset, limit)
        ctx.shown.articles(found)
        return found

    return await paginate(fetch, listed.count, first=first, after=after, last=last, before=before)


async def section_page(
    ctx: Context,
    section: models.Section,
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[models.Article]:
    """A section's newest articles; batched, since sections nest inside article lists."""

    async def fetch(offset: int, limit: int) -> list[models.Article]:
        return await ctx.loaders.article_page_by_section.load((section.id, offset, limit))

    async def count() -> int:
        return await ctx.loaders.article_count_by_section.load(section.id)

    return await paginate(fetch, count, first=first, after=after, last=last, before=before)


async def by_slug(ctx: Context, slug: str, locale: str | None = None) -> models.Article | None:
    if not findable(models.Article, slug):
        return None
    if slugs.well_formed(models.Article, slug):  # nothing else can ever be found
        ctx.shown.add(surrogates.slug(slug))  # found or not: publishing may fill it
    seen = ctx.visibility
    found = await reads.BY_SLUG.rows(
        seen.variant, locale=checked_locale(ctx, locale), slug=slug, **seen.values()
    )
    row = statements.one(models.Article, found[0], "a") if found else None
    if row is not None:
        ctx.loaders.joined_sections(found)
        ctx.shown.articles([row])
        ctx.loaders.article_by_id.prime(row.id, row)
        return row
    # An old slug still leads to the article, which reports its current slug.
    alias = await models.SlugAlias.filter(slug=slug, locale=checked_locale(ctx, locale)).first()
    return await ctx.loaders.article_by_id.load(alias.article_id) if alias is not None else None


async def by_id(ctx: Context, article_id: int, locale: str | None = None) -> models.Article | None:
    """The article with this id; with a locale, only if it is in that language."""
    wanted = checked_locale(ctx, locale) if locale is not None else None
    row = await ctx.loaders.article_by_id.load(article_id)
    return row if row is None or wanted in (None, row.locale) else None


def translations(ctx: Context, article: models.Article) -> Maybe[list[models.Article]]:
    """The other published language versions of the same story."""
    group = known(ctx.loaders.articles_by_translation_group, article.translation_group)
    return then(group, lambda rows: [row for row in rows if row.id != article.id])


def editor_note(ctx: Context, article: models.Article) -> str:
    """The desk's internal note: newsroom accounts only, never the public or API tokens."""
    permissions.to_read(ctx, permissions.WRITER, "Editor notes are for newsroom accounts.")
    return article.editor_note


async def next_change(now: datetime) -> datetime | None:
    """The next time an article appears without a write: a schedule or an embargo due."""
    found = (await reads.NEXT_CHANGE.rows(now=now))[0]
    field = models.Article._meta.fields_map["published_at"]
    due = [field.to_python_value(found[name]) for name in ("scheduled", "embargoed")]
    return min((moment for moment in due if moment is not None), default=None)


def url(ctx: Context, article: models.Article) -> Maybe[str | None]:
    """The article's address on the public site (resolvers.site); None when none is set."""
    pattern = ctx.site.article_pattern
    if pattern is None:
        return None
    if "{section}" not in pattern:
        return pattern.format(locale=article.locale, section="", slug=article.slug)
    return then(
        sections.of_article(ctx, article),
        lambda section: pattern.format(
            locale=article.locale, section=section.slug, slug=article.slug
        ),
    )
