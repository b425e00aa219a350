"""The hot read statements, written by hand once (resolvers.statements runs them).

Every one that reads articles applies the request's visibility in its SQL form
(resolvers.visibility.sql), the same rule as the ORM's filters. Texts are written when a
statement first runs: the models' columns are known only once Tortoise has started.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import models
from resolvers.statements import Params, Statement, columns, ordered, past, table
from resolvers.visibility import PUBLIC, sql

ARTICLES = Statement(
    lambda p, variant: (
        f"""
    SELECT {columns(models.Article, "a")} FROM {table(models.Article)} a
    WHERE {p.any('a."id"', "ids")} AND {sql(variant, p, "a")}
    """
    )
)
SECTIONS = Statement(
    lambda p, _: (
        f"""
    SELECT {columns(models.Section, "s")} FROM {table(models.Section)} s
    WHERE {p.any('s."id"', "ids")}
    """
    )
)
IMAGES = Statement(
    lambda p, _: (
        f"""
    SELECT {columns(models.Image, "i")} FROM {table(models.Image)} i
    WHERE {p.any('i."id"', "ids")}
    """
    )
)


def _pictured(where: str) -> str:
    """Captions with their pictures (written when first run: the models' columns are known
    only once Tortoise has started)."""
    return f"""
    SELECT {columns(models.Caption, "c")}, {columns(models.Image, "i")}
    FROM {table(models.Caption)} c
    JOIN {table(models.Image)} i ON i."id" = c."image_id"
    WHERE {where} ORDER BY c."id"
    """


CAPTIONS = Statement(lambda p, _: _pictured(p.any('c."id"', "ids")))


def _lead_captions_text(p: Params, _: str) -> str:
    of_articles = p.any('c."article_id"', "ids")
    return _pictured(of_articles + ' AND c."role" = ' + p("role"))


LEAD_CAPTIONS = Statement(_lead_captions_text)
BYLINES = Statement(
    lambda p, _: (
        f"""
    SELECT b."article_id", {columns(models.Author, "au")}
    FROM {table(models.ArticleAuthor)} b
    JOIN {table(models.Author)} au ON au."id" = b."author_id"
    WHERE {p.any('b."article_id"', "ids")} ORDER BY b."position", b."id"
    """
    )
)
TAGGINGS = Statement(
    lambda p, _: (
        f"""
    SELECT g."article_id", {columns(models.Tag, "t")}
    FROM {table(models.ArticleTag)} g
    JOIN {table(models.Tag)} t ON t."id" = g."tag_id"
    WHERE {p.any('g."article_id"', "ids")} ORDER BY t."name", g."tag_id"
    """
    )
)

TRANSLATIONS = Statement(
    lambda p, variant: (
        f"""
    SELECT {columns(models.Article, "a")} FROM {table(models.Article)} a
    WHERE {p.any('a."translation_group"', "groups")} AND {sql(variant, p, "a")}
    ORDER BY a."locale", a."id"
    """
    )
)

# The teasers of many articles whose targets this request may see (a teaser for an
# article it may not see is dropped whole, since its headline would leak), each with its
# target, its caption and the caption's picture.
TEASERS = Statement(
    lambda p, variant: (
        f"""
    SELECT {columns(models.RelatedStory, "rs")},
           {columns(models.Article, "t")},
           {columns(models.Caption, "c")},
           {columns(models.Image, "i")}
    FROM {table(models.RelatedStory)} rs
    LEFT JOIN {table(models.Article)} t ON t."id" = rs."target_id"
    LEFT JOIN {table(models.Caption)} c ON c."id" = rs."caption_id"
    LEFT JOIN {table(models.Image)} i ON i."id" = c."image_id"
    WHERE {p.any('rs."article_id"', "ids")}
      AND (rs."target_id" IS NULL OR ({sql(variant, p, "t")}))
    ORDER BY rs."id"
    """
    )
)


def _sectioned(alias: str) -> tuple[str, str]:
    """The columns and joins that bring an article's section and its parent along: one
    statement fewer for nearly every page (resolvers.loaders.Loaders.joined_sections)."""
    shown = f"{columns(models.Section, 's')}, {columns(models.Section, 'p')}"
    joins = (
        f'JOIN {table(models.Section)} s ON s."id" = {alias}."section_id" '
        f'LEFT JOIN {table(models.Section)} p ON p."id" = s."parent_id"'
    )
    return shown, joins


# The newest visible article with a slug in a locale (a slug is unique per locale, but a
# draft in a preview may share it with a published one).
BY_SLUG = Statement(
    lambda p, variant: (
        f"""
    SELECT {columns(models.Article, "a")}, {_sectioned("a")[0]}
    FROM {table(models.Article)} a {_sectioned("a")[1]}
    WHERE a."locale" = {p("locale")} AND a."slug" = {p("slug")}
      AND {sql(variant, p, "a")}
    ORDER BY COALESCE(a."published_at", a."created_at") DESC, a."id" DESC LIMIT 1
    """
    )
)


NEWEST = "PUBLISHED_DESC"  # the order lists of articles take unless told


@dataclass(frozen=True)
class Filters:
    """What narrows a list of articles besides its section, tag, author and locale, and its
    order (a name of resolvers.articles.ORDERS): the parts of the statements below."""

    published_after: datetime | None = None  # from this moment on, inclusive
    published_before: datetime | None = None  # up to this moment, exclusive
    include_subsections: bool = True  # a section's list holds its subsections' stories
    order: str = NEWEST

    def forms(self) -> list[str]:
        """The parts of a statement's variant these filters add (read by `_narrowed`)."""
        return [
            *(["from"] if self.published_after is not None else []),
            *(["until"] if self.published_before is not None else []),
            *(["subsections"] if self.include_subsections else []),
        ]

    def values(self) -> dict[str, Any]:
        return {"published_after": self.published_after, "published_before": self.published_before}


def _subsections(slug: str) -> str:
    """The ids of the sections with this slug and of every section below them."""
    return (
        f'WITH RECURSIVE tree("id") AS (SELECT s."id" FROM {table(models.Section)} s '
        f'WHERE s."slug" = {slug} UNION SELECT c."id" FROM {table(models.Section)} c '
        'JOIN tree ON c."parent_id" = tree."id") SELECT tree."id" FROM tree'
    )


def _sort_key(variant: str) -> str:
    """The column a list's order sorts on (resolvers.articles.ORDERS, named in `variant`).
    What the public sees always has a publication time, so its order is the index's
    (locale, published_at, id) and a page reads only its own rows; drafts in a preview
    sort by creation time instead, the same on every database (they disagree on NULLs)."""
    seen, *parts = variant.split(":")
    if "UPDATED_DESC" in parts:
        return 'a."updated_at"'
    if seen == PUBLIC:
        return 'a."published_at"'
    return 'COALESCE(a."published_at", a."created_at")'


def _descending(variant: str) -> bool:
    """Whether the list runs newest first (resolvers.articles.ORDERS)."""
    return "PUBLISHED_ASC" not in variant.split(":")


def _order_by(variant: str) -> str:
    return ordered(variant, _sort_key(variant), 'a."id"', _descending(variant))


def _narrowed(p: Params, variant: str) -> list[str]:
    """The filters and the page's window common to every list of articles: `variant`
    names those present (Filters.forms, resolvers.statements.window_values)."""
    parts = set(variant.split(":")[1:])
    where = []
    if "from" in parts:
        where.append(f'a."published_at" >= {p("published_after")}')
    if "until" in parts:
        where.append(f'a."published_at" < {p("published_before")}')
    return where + past(p, variant, _sort_key(variant), 'a."id"', _descending(variant))


def _listed(p: Params, variant: str) -> str:
    """The conditions of a list of articles: `variant` is the visibility's form, then the
    filters present ("public:section:tag"), so each combination has one text."""
    seen, *narrowed = variant.split(":")
    where = [f'a."locale" = {p("locale")}', sql(seen, p, "a")]
    if "section" in narrowed:
        slug = p("section")
        below = (
            _subsections(slug)
            if "subsections" in narrowed
            else f'SELECT s."id" FROM {table(models.Section)} s WHERE s."slug" = {slug}'
        )
        where.append(f'a."section_id" IN ({below})')
    if "tag" in narrowed:
        where.append(
            f'a."id" IN (SELECT g."article_id" FROM {table(models.ArticleTag)} g '
            f'JOIN {table(models.Tag)} t ON t."id" = g."tag_id" WHERE t."slug" = {p("tag")})'
        )
    if "author" in narrowed:
        where.append(
            f'a."id" IN (SELECT b."article_id" FROM {table(models.ArticleAuthor)} b '
            f'JOIN {table(models.Author)} au ON au."id" = b."author_id" '
            f'WHERE au."slug" = {p("author")})'
        )
    return " AND ".join(where + _narrowed(p, variant))


# A page of a list of articles, and the list's length.
LIST = Statement(
    lambda p, variant: (
        f"""
    SELECT {columns(models.Article, "a")}, {_sectioned("a")[0]}
    FROM {table(models.Article)} a {_sectioned("a")[1]}
    WHERE {_listed(p, variant)}
    ORDER BY {_order_by(variant)} LIMIT {p("limit")} OFFSET {p("offset")}
    """
    )
)
LIST_LENGTH = Statement(
    lambda p, variant: (
        f"SELECT COUNT(*) AS n FROM {table(models.Article)} a WHERE {_listed(p, variant)}"
    )
)


def _tree(p: Params, variant: str) -> str:
    """Each section asked for (`root`) with itself and, with "subsections" in `variant`,
    every section below it (`id`): the sections whose articles its list holds."""
    ids = p.any('s."id"', "ids")
    asked = f'SELECT s."id", s."id" FROM {table(models.Section)} s WHERE {ids}'
    if "subsections" not in variant.split(":"):
        return f'WITH tree("root", "id") AS ({asked})'
    return (
        f'WITH RECURSIVE tree("root", "id") AS ({asked} UNION SELECT tree."root", c."id" '
        f'FROM {table(models.Section)} c JOIN tree ON c."parent_id" = tree."id")'
    )


def _in_sections(p: Params, variant: str) -> str:
    """The articles of the sections' lists, each row once per list that holds it."""
    seen = variant.split(":")[0]
    return (
        f'FROM {table(models.Article)} a JOIN tree ON a."section_id" = tree."id" '
        f"WHERE {' AND '.join([sql(seen, p, 'a'), *_narrowed(p, variant)])}"
    )


# The pages of many sections' lists at once: each section's first `limit` rows past the
# window's cursor, ranked within the section; and the lists' lengths.
SECTION_PAGES = Statement(
    lambda p, variant: (
        f"""
    {_tree(p, variant)}
    SELECT * FROM (
        SELECT tree."root" AS "root", {columns(models.Article, "a")},
               ROW_NUMBER() OVER (PARTITION BY tree."root" ORDER BY {_order_by(variant)}) AS "rank"
        {_in_sections(p, variant)}
    ) ranked WHERE ranked."rank" <= {p("limit")} ORDER BY ranked."root", ranked."rank"
    """
    )
)
SECTION_LENGTHS = Statement(
    lambda p, variant: (
        f"""
    {_tree(p, variant)}
    SELECT tree."root" AS "root", COUNT(*) AS "n" {_in_sections(p, variant)}
    GROUP BY tree."root"
    """
    )
)


def _next(column: str, where: str) -> str:
    return (
        f'(SELECT a."{column}" FROM {table(models.Article)} a WHERE {where} '
        f'AND a."deleted_at" IS NULL ORDER BY a."{column}" LIMIT 1)'
    )


def _next_change_text(p: Params, _: str) -> str:
    scheduled = models.ArticleStatus.SCHEDULED.value
    return (
        "SELECT "
        + _next("published_at", f'a."status" = \'{scheduled}\' AND a."published_at" > {p("now")}')
        + ' AS "scheduled", '
        + _next("embargoed_until", f'a."embargoed_until" > {p("now")}')
        + ' AS "embargoed"'
    )


# The next scheduled publication and the next embargo to lift, each found by its index.
NEXT_CHANGE = Statement(_next_change_text)
