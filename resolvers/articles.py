from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import models
from resolvers import permissions, reads, sections, slugs, statements, surrogates
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.loaded import Maybe, known, then
from resolvers.loaders import Loaders
from resolvers.locales import locale as checked_locale
from resolvers.pagination import Order, Page, Window, paginate
from resolvers.reads import NEWEST, Filters
from resolvers.slugs import findable
from resolvers.visibility import Visibility


def _published(row: models.Article) -> datetime:
    """When the article came out; a draft (in a preview) by when it was made, as the
    statements sort it (resolvers.reads)."""
    return row.published_at or row.created_at


# The orders a list of articles comes in; the names are ArticleOrder's values.
ORDERS: dict[str, Order[models.Article]] = {
    name: Order(f"articles:{name}", descending=descending, value=value, kind=datetime)
    for name, descending, value in (
        ("PUBLISHED_DESC", True, _published),
        ("PUBLISHED_ASC", False, _published),
        ("UPDATED_DESC", True, lambda row: row.updated_at),
    )
}


def filters(
    *,
    published_after: datetime | None = None,
    published_before: datetime | None = None,
    include_subsections: bool = True,
    order: str = NEWEST,
) -> Filters:
    """The filters, checked: a moment is compared in UTC, which some moments near year 1
    or 9999 have no form in."""
    moments = []
    for name, moment in (
        ("publishedAfter", published_after),
        ("publishedBefore", published_before),
    ):
        try:
            moments.append(moment.astimezone(UTC) if moment is not None else None)
        except (OverflowError, ValueError):
            raise BadUserInput(f"`{name}` is out of range: {moment}.") from None
    return Filters(moments[0], moments[1], include_subsections, order)


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Listing:
    """A list of articles as one request may see it: the form of its statement
    (resolvers.reads.LIST) and the values it runs with."""

    forms: tuple[str, ...]  # the visibility's form, then the filters present
    values: dict[str, Any]
    sort: str  # the order's name in ORDERS, and in the statement's variant
    empty: bool = False  # a slug no row can carry: nothing to ask the database
    # What the list answers by besides its articles: a filter by slug changes answer
    # when the section, tag or author is renamed.
    keys: tuple[str, ...] = (surrogates.ARTICLES,)

    @property
    def order(self) -> Order[models.Article]:
        return ORDERS[self.sort]

    async def rows(
        self, loaders: Loaders, window: Window, *, offset: int = 0
    ) -> list[models.Article]:
        """The window's rows, `offset` rows into it (a sitemap's numbered pages)."""
        if self.empty:
            return []
        forms, values = statements.window_values(window)
        variant = ":".join([*self.forms, self.sort, *forms])
        found = await reads.LIST.rows(variant, offset=offset, **values, **self.values)
        loaders.joined_sections(found)
        return statements.each(models.Article, found, "a")

    async def count(self) -> int:
        if self.empty:
            return 0
        found = await reads.LIST_LENGTH.rows(":".join(self.forms), **self.values)
        return int(found[0]["n"])


def listing(
    seen: Visibility,
    locale: str,
    *,
    section: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    narrowed: Filters = NO_FILTERS,
) -> Listing:
    """Articles in one locale, optionally narrowed by a section's (and its subsections'),
    tag's or author's slug, and by the filters."""
    forms, values = [seen.variant], {"locale": locale, **seen.values(), **narrowed.values()}
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
    forms.extend(form for form in narrowed.forms() if form != "subsections" or section is not None)
    return Listing(tuple(forms), values, narrowed.order, empty, tuple(keys))


async def page(
    ctx: Context,
    *,
    locale: str | None = None,
    section: str | None = None,
    tag: str | None = None,
    author: str | None = None,
    narrowed: Filters = NO_FILTERS,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[models.Article]:
    listed = listing(
        ctx.visibility,
        checked_locale(ctx, locale),
        section=section,
        tag=tag,
        author=author,
        narrowed=narrowed,
    )
    ctx.shown.update(listed.keys)

    async def fetch(window: Window) -> list[models.Article]:
        found = await listed.rows(ctx.loaders, window)
        ctx.shown.articles(found)
        return found

    return await paginate(
        fetch, listed.count, listed.order, first=first, after=after, last=last, before=before
    )


async def section_page(
    ctx: Context,
    section: models.Section,
    *,
    narrowed: Filters = NO_FILTERS,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page[models.Article]:
    """A section's articles (its subsections' too, unless told); batched, since sections
    nest inside article lists."""

    async def fetch(window: Window) -> list[models.Article]:
        return await ctx.loaders.article_page_by_section.load((section.id, narrowed, window))

    async def count() -> int:
        return await ctx.loaders.article_count_by_section.load((section.id, narrowed))

    order = ORDERS[narrowed.order]
    return await paginate(fetch, count, order, first=first, after=after, last=last, before=before)


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
