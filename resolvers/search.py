"""Searching published articles: ranked hits, each with a highlight of where it matched.

The index (resolvers.search_index) holds every article; the statement joins the article
and applies the public visibility rule (resolvers.visibility.sql), so a draft is never
a hit and an unpublished story leaves the next answer at once. Search shows what the
public sees to everyone, newsroom accounts included: it is the readers' search.

The query is never part of a statement's text. PostgreSQL parses it with
`websearch_to_tsquery` (quotes, `or`, `-word`; anything else is a word), in the
configuration of each article's locale, so a word matches its other forms. SQLite is
given its words only, each quoted as an FTS5 string: no operator a reader types reaches
FTS5's own syntax. A query with no words at all is answered without a statement.
"""

import html
import re
from dataclasses import dataclass
from typing import Any

from tortoise import connections

import models
from resolvers import search_index, statements, surrogates
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.locales import locale as checked_locale
from resolvers.pagination import Order, Page, Window, paginate
from resolvers.statements import (
    Params,
    Statement,
    columns,
    ordered,
    past,
    table,
    window_values,
)
from resolvers.visibility import PUBLIC, sql

# Long enough for any question, short enough that parsing and matching stay cheap.
MAX_QUERY = 500
_WORD = re.compile(r"\w+")
# Control characters (NUL above all, which PostgreSQL refuses in text) and the markers.
_UNSAID = re.compile("[\\x00-\\x1f\\x7f\ue000-\ue004]")
_SPACE = re.compile(r"\s+")
# Highlights: about thirty words around the best match, over the headline,
# standfirst and body (PostgreSQL) or from the column that matched best (SQLite).
_WORDS = 30
_HEADLINE_OPTIONS = (
    f"StartSel={search_index.START}, StopSel={search_index.STOP}, "
    f"MaxWords={_WORDS}, MinWords={_WORDS // 2}, ShortWord=2"
)
# SQLite scores a hit by its matches, each weighed by its column (the FTS5 table's:
# headline, standfirst, body, names): a headline's most, then the standfirst's and the
# names', then the body's. Not bm25, which weighs words by how rare they are in the whole
# index: any write would move every score, and a page's cursor with them, so a page
# could repeat or skip hits. A count depends on its article alone, as PostgreSQL's
# ts_rank_cd does.
_WEIGHTS = (10, 4, 1, 4)


@dataclass(frozen=True)
class Hit:
    article: models.Article
    score: float
    highlight: str  # escaped HTML, matches in <mark>


# Best first, ties newest first. The score is rounded in SQL, so the cursor's copy of it
# compares equal to the row's when the next page is read.
BEST: Order[Hit] = Order(
    "search",
    descending=True,
    value=lambda hit: hit.score,
    kind=float,
    id=lambda hit: hit.article.id,
)


def words(query: str) -> list[str]:
    return _WORD.findall(query)


def fts5(query: str) -> str:
    """The query as FTS5 syntax: each word a quoted string, all of them required."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words(query))


def parsed(query: str) -> str | None:
    """What a statement is given for `query` on this database; None when it has no words
    (nothing can match). BadUserInput when it is too long."""
    if len(query) > MAX_QUERY:
        raise BadUserInput(f"A search query is at most {MAX_QUERY} characters, got {len(query)}.")
    said = _UNSAID.sub(" ", query)
    if not words(said):
        return None
    return fts5(said) if _dialect() == "sqlite" else said


def marked(raw: str) -> str:
    """A highlight as the database made it (plain text, matches between the markers),
    as escaped HTML with the matches in <mark>."""
    escaped = html.escape(_SPACE.sub(" ", raw).strip())
    for character, stand_in in search_index.STAND_INS.items():
        escaped = escaped.replace(stand_in, html.escape(character))
    return escaped.replace(search_index.START, "<mark>").replace(search_index.STOP, "</mark>")


def _where(p: Params, variant: str, index: str, score: str | None = None) -> str:
    """The hit's conditions: the match, what the public sees, the filters present
    ("public:locale:section"), and the page's window on `score` (a page, not a count),
    so each combination has one text."""
    if p.dialect == "sqlite":
        where = [f'"{search_index.TABLE}" MATCH {p("query")}']
    else:
        # Any configuration's parse lets the GIN index find candidates; each row's own
        # configuration decides (and ranks) the match.
        every = " || ".join(
            f"websearch_to_tsquery('{name}', {p('query')})"
            for name in sorted({*search_index.CONFIGS.values(), search_index.SIMPLE})
        )
        where = [
            # Only exclusions ("-tide") would match nearly everything, with no index to
            # help: such a query matches nothing instead, decided once, before any row.
            f"querytree({every}) <> 'T'",
            f'{index}."document" @@ ({every})',
            f'{index}."document" @@ websearch_to_tsquery({index}."config"::regconfig, '
            f"{p('query')})",
        ]
    return " AND ".join([*where, _narrowed(p, variant, score)])


def _narrowed(p: Params, variant: str, score: str | None = None) -> str:
    """What the public sees, the filters present, and the page's window on `score`."""
    _, *narrowed = variant.split(":")
    where = [sql(PUBLIC, p, "a")]
    if "locale" in narrowed:
        where.append(f'a."locale" = {p("locale")}')
    if "section" in narrowed:
        where.append(f'a."section_id" = {p("section")}')
    if score is not None:
        where.extend(past(p, variant, score, 'a."id"', descending=True))
    return " AND ".join(where)


def _page_text(p: Params, variant: str) -> str:
    article = f"{columns(models.Article, 'a')}"
    if p.dialect == "sqlite":
        fts = f'"{search_index.TABLE}"'
        # Each column with its matches marked, once per matching row (MATERIALIZED: the
        # score below reads each twice), and the passage to show.
        marked = ", ".join(
            f"highlight({fts}, {column}, char(57344), '') AS \"m{column}\""
            for column in range(len(_WEIGHTS))
        )
        counted = " + ".join(
            f'{weight} * (length(m."m{column}") - length(replace(m."m{column}", char(57344), \'\')))'
            for column, weight in enumerate(_WEIGHTS)
        )
        return f"""
        WITH m AS MATERIALIZED (
            SELECT {fts}.rowid AS "id", {marked},
                   snippet({fts}, -1, char(57344), char(57345), '…', {_WORDS}) AS "highlight"
            FROM {fts} WHERE {fts} MATCH {p("query")}
        ), hit AS (SELECT m."id", m."highlight", ({counted}) * 1.0 AS "score" FROM m)
        SELECT {article}, hit."score", hit."highlight"
        FROM hit JOIN {table(models.Article)} a ON a."id" = hit."id"
        WHERE {_narrowed(p, variant, 'hit."score"')}
        ORDER BY {ordered(variant, 'hit."score"', 'a."id"', descending=True)} LIMIT {p("limit")}
        """
    # The highlights are made for the page's rows only, once they are chosen.
    score = (
        f'ROUND(ts_rank_cd(s."document", websearch_to_tsquery(s."config"::regconfig, '
        f"{p('query')}))::numeric, 6)::float8"
    )
    return f"""
    SELECT {article}, hit."score",
           ts_headline(hit."config"::regconfig, hit."text",
                       websearch_to_tsquery(hit."config"::regconfig, {p("query")}),
                       '{_HEADLINE_OPTIONS}') AS "highlight"
    FROM (
        SELECT s."article_id", s."config",
               concat_ws(' ', s."headline", s."standfirst", s."body") AS "text",
               {score} AS "score"
        FROM "{search_index.TABLE}" s JOIN {table(models.Article)} a ON a."id" = s."article_id"
        WHERE {_where(p, variant, "s", score)}
        ORDER BY {ordered(variant, '"score"', 'a."id"', descending=True)} LIMIT {p("limit")}
    ) hit JOIN {table(models.Article)} a ON a."id" = hit."article_id"
    ORDER BY {ordered(variant, 'hit."score"', 'a."id"', descending=True)}
    """


def _length_text(p: Params, variant: str) -> str:
    index = f'"{search_index.TABLE}"' if p.dialect == "sqlite" else "s"
    on = f"{index}.rowid" if p.dialect == "sqlite" else 's."article_id"'
    named = "" if p.dialect == "sqlite" else " s"
    return (
        f'SELECT COUNT(*) AS n FROM "{search_index.TABLE}"{named} '
        f'JOIN {table(models.Article)} a ON a."id" = {on} WHERE {_where(p, variant, index)}'
    )


PAGE = Statement(_page_text)
LENGTH = Statement(_length_text)


def _pictures_text(p: Params, variant: str) -> str:
    """The picture library's matches, newest first ("length": how many there are)."""
    index = search_index.PICTURES
    if p.dialect == "sqlite":
        source = f'"{index}" JOIN {table(models.Image)} i ON i."id" = "{index}".rowid'
        where = f'"{index}" MATCH {p("query")}'
    else:
        source = f'"{index}" s JOIN {table(models.Image)} i ON i."id" = s."image_id"'
        where = f"s.\"document\" @@ websearch_to_tsquery('{search_index.SIMPLE}', {p('query')})"
    if variant == "length":
        return f"SELECT COUNT(*) AS n FROM {source} WHERE {where}"
    # Newest first by id, which is the sort key too (resolvers.images.NEWEST).
    newest = 'i."id"'
    window = " ".join(f"AND {c}" for c in past(p, variant, newest, newest, descending=True))
    return (
        f"SELECT {columns(models.Image, 'i')} FROM {source} WHERE {where} {window} "
        f"ORDER BY {ordered(variant, newest, newest, descending=True)} LIMIT {p('limit')}"
    )


PICTURES = Statement(_pictures_text)


async def pictures(asked: str | None, window: Window) -> list[models.Image]:
    """Pictures whose texts or captions have every word of a query (`parsed`), newest
    first."""
    if asked is None:
        return []
    forms, values = window_values(window)
    found = await PICTURES.rows(":".join(["page", *forms]), query=asked, **values)
    return statements.each(models.Image, found, "i")


async def pictures_count(asked: str | None) -> int:
    if asked is None:
        return 0
    return int((await PICTURES.rows("length", query=asked))[0]["n"])


async def page(
    ctx: Context,
    *,
    query: str,
    locale: str | None = None,
    section_id: int | None = None,
    first: int | None = None,
    after: str | None = None,
) -> Page[Hit]:
    """Hits by score, best first (ties: the newer article first). `section_id` None is
    every section; 0 names none (an id of another type)."""
    asked = parsed(query)
    forms = [PUBLIC]
    values: dict[str, Any] = {"now": ctx.visibility.now}
    if locale is not None:
        forms.append("locale")
        values["locale"] = checked_locale(ctx, locale)
    if section_id is not None:
        forms.append("section")
        values["section"] = section_id
    nothing = asked is None or section_id == 0
    values["query"] = asked
    variant = ":".join(forms)
    # Publishing, unpublishing or editing any article may change the hits.
    ctx.shown.add(surrogates.ARTICLES)

    async def fetch(window: Window) -> list[Hit]:
        if nothing:
            return []
        forms, keys = window_values(window)
        found = await PAGE.rows(":".join([variant, *forms]), **keys, **values)
        hits = [
            Hit(
                article=statements.one(models.Article, row, "a") or _missing(),
                score=float(row["score"]),
                highlight=marked(row["highlight"] or ""),
            )
            for row in found
        ]
        ctx.shown.articles([hit.article for hit in hits])
        for hit in hits:
            ctx.loaders.article_by_id.prime(hit.article.id, hit.article)
        return hits

    async def count() -> int:
        if nothing:
            return 0
        return int((await LENGTH.rows(variant, **values))[0]["n"])

    return await paginate(fetch, count, BEST, first=first, after=after)


def _missing() -> models.Article:
    raise TypeError("a hit joins its article")


def _dialect() -> str:
    return str(connections.get("default").capabilities.dialect)
