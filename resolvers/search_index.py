"""The search index: one row per article, written from its current text by `rewrite`.

Every write that changes what an article says (its texts, body, bylines, tags) rewrites
its row in the same transaction (resolvers.article_edits.record_revision, demo.compose,
an author's or tag's rename). Rows are kept whatever the article's status: the query
(resolvers.search) joins the article and applies the public visibility rule, so a draft
is never found and unpublishing or trashing a story takes it out of the next answer,
with no index write to forget.

PostgreSQL keeps a `tsvector` built with the text-search configuration of the article's
locale, weighted A (headline), B (standfirst, bylines, tags), C (body), under a GIN
index; SQLite an FTS5 table whose rowid is the article's id. Both keep the plain text, so
a hit's highlight is made from it and never from the stored HTML.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

import models
from resolvers.text import untagged

TABLE = "article_search"
# The picture library's index: an image's alt text, description, rights and every
# caption it has (any article's, any language: indexed word by word).
PICTURES = "image_search"
# The highlight's markers: private-use characters no source text keeps (plain strips
# them), so the ones in a highlight are the database's, and become <mark> once escaped.
START, STOP = "\ue000", "\ue001"
# PostgreSQL's parser reads `<script>` in plain text as a tag and `&amp;` as an entity,
# and skips them: its copy of the text stands these three in for <, > and &.
STAND_INS = {"<": "\ue002", ">": "\ue003", "&": "\ue004"}
_STOOD_IN = str.maketrans(STAND_INS)
_PRIVATE = re.compile("[\ue000-\ue004]")
# The configurations the issue names; every other language is indexed word by word.
CONFIGS = {"en": "english", "ru": "russian", "fr": "french", "de": "german", "es": "spanish"}
SIMPLE = "simple"
_SPACE = re.compile(r"\s+")


def config(locale: str) -> str:
    """The text-search configuration of a locale ("en-GB" is English)."""
    return CONFIGS.get(locale.split("-")[0].lower(), SIMPLE)


@dataclass(frozen=True)
class Texts:
    headline: str
    standfirst: str
    body: str
    names: str  # bylines, then tags


def plain(fragment: str) -> str:
    """The words of an HTML fragment: tags dropped, entities decoded, no markers, one
    space between words. Angle brackets stay: this is text, escaped when shown."""
    return _SPACE.sub(" ", _PRIVATE.sub("", untagged(fragment))).strip()


def texts(
    headline: str, standfirst: str, body: Sequence[dict[str, Any]], names: Iterable[str]
) -> Texts:
    """What is searched of an article; of its body, the text of paragraphs, headings and
    quotes (with their attribution) and embeds' titles, in reading order."""
    said: list[str] = []
    for block in body:
        said += [block.get(key, "") for key in ("text", "attribution", "title")]
    return Texts(
        headline=plain(headline),
        standfirst=plain(standfirst),
        body=" ".join(filter(None, map(plain, said))),
        names=" ".join(filter(None, map(plain, names))),
    )


def upsert(dialect: str) -> str:
    """The statement that (re)writes one article's row: values are article id, config,
    headline, standfirst, body, names, in this order, on either database."""
    if dialect == "sqlite":
        return (
            f'INSERT OR REPLACE INTO "{TABLE}" (rowid, headline, standfirst, body, names) '
            "VALUES (?1, ?3, ?4, ?5, ?6)"  # FTS5 needs no configuration
        )
    weighted = " || ".join(
        f"setweight(to_tsvector($2::text::regconfig, ${n}::text), '{weight}')"
        for n, weight in ((3, "A"), (4, "B"), (6, "B"), (5, "C"))
    )
    return (
        f'INSERT INTO "{TABLE}" (article_id, config, headline, standfirst, body, names, document) '
        f"VALUES ($1, $2::text, $3::text, $4::text, $5::text, $6::text, {weighted}) "
        "ON CONFLICT (article_id) DO UPDATE SET config = EXCLUDED.config, "
        "headline = EXCLUDED.headline, standfirst = EXCLUDED.standfirst, "
        "body = EXCLUDED.body, names = EXCLUDED.names, document = EXCLUDED.document"
    )


async def write(client: BaseDBAsyncClient, article_id: int, locale: str, found: Texts) -> None:
    said = [found.headline, found.standfirst, found.body, found.names]
    if client.capabilities.dialect != "sqlite":
        said = [text.translate(_STOOD_IN) for text in said]
    values = [article_id, config(locale), *said]
    await client.execute_query(upsert(client.capabilities.dialect), values)


async def rewrite(article_ids: Iterable[int]) -> None:
    """Writes the rows of these articles from what they say now: three reads, then one
    statement per article. Call it inside the transaction of the write."""
    ids = sorted(set(article_ids))
    if not ids:
        return
    db = connections.get("default")
    rows = await models.Article.filter(id__in=ids).values(
        "id", "locale", "headline", "standfirst", "body"
    )
    people = await (
        models.ArticleAuthor.filter(article_id__in=ids)
        .order_by("position", "id")
        .values_list("article_id", "author__name")
    )
    labels = await (
        models.ArticleTag.filter(article_id__in=ids)
        .order_by("tag__name", "tag_id")
        .values_list("article_id", "tag__name")
    )
    names: dict[int, list[str]] = {}
    for article_id, name in [*people, *labels]:
        names.setdefault(int(str(article_id)), []).append(str(name))
    for row in rows:
        found = texts(row["headline"], row["standfirst"], row["body"], names.get(row["id"], []))
        await write(db, row["id"], row["locale"], found)


async def of_authors(author_ids: Iterable[int]) -> None:
    """Rewrites the rows of every article these authors sign: their names changed."""
    carrying = models.ArticleAuthor.filter(author_id__in=list(author_ids))
    await rewrite([int(str(i)) for i in await carrying.values_list("article_id", flat=True)])


async def of_tags(tag_ids: Iterable[int]) -> None:
    """Rewrites the rows of every article carrying these tags: their names changed."""
    carrying = models.ArticleTag.filter(tag_id__in=list(tag_ids))
    await rewrite([int(str(i)) for i in await carrying.values_list("article_id", flat=True)])


def upsert_picture(dialect: str) -> str:
    """The statement that (re)writes one picture's row: values are image id and text."""
    if dialect == "sqlite":
        return f'INSERT OR REPLACE INTO "{PICTURES}" (rowid, text) VALUES (?1, ?2)'
    return (
        f'INSERT INTO "{PICTURES}" (image_id, text, document) '
        f"VALUES ($1, $2::text, to_tsvector('{SIMPLE}', $2::text)) "
        "ON CONFLICT (image_id) DO UPDATE SET text = EXCLUDED.text, document = EXCLUDED.document"
    )


async def write_picture(client: BaseDBAsyncClient, image_id: int, said: Iterable[str]) -> None:
    text = " ".join(filter(None, map(plain, said)))
    if client.capabilities.dialect != "sqlite":
        text = text.translate(_STOOD_IN)
    await client.execute_query(upsert_picture(client.capabilities.dialect), [image_id, text])


PICTURE_FIELDS = ("alt_text", "description", "creator", "credit_line", "copyright_holder")


async def rewrite_pictures(image_ids: Iterable[int]) -> None:
    """Writes the rows of these pictures from their texts and captions now: two reads,
    then one statement per picture. Call it inside the transaction of the write."""
    ids = sorted(set(image_ids))
    if not ids:
        return
    db = connections.get("default")
    rows = await models.Image.filter(id__in=ids).values("id", *PICTURE_FIELDS)
    captions = await (
        models.Caption.filter(image_id__in=ids)
        .distinct()
        .order_by("image_id", "text")
        .values_list("image_id", "text")
    )
    # Each text once: an agency picture used a thousand times mostly keeps its caption,
    # and every text is cleaned before it is indexed.
    said: dict[int, dict[str, None]] = {}
    for image_id, caption in captions:
        said.setdefault(int(str(image_id)), {})[str(caption)] = None
    for row in rows:
        own = dict.fromkeys(str(row[name] or "") for name in PICTURE_FIELDS)
        await write_picture(db, row["id"], [*own, *(said.get(row["id"], {}).keys() - own)])


async def pictures_of(article_id: int) -> list[int]:
    """The pictures an article's captions use: their rows change with its captions."""
    found = await models.Caption.filter(article_id=article_id).values_list("image_id", flat=True)
    return [int(str(i)) for i in found]


async def remove(article_id: int) -> None:
    """Drops an article's row as the article is deleted for good. PostgreSQL's foreign
    key does it too; an FTS5 table has none."""
    db = connections.get("default")
    column = "rowid" if db.capabilities.dialect == "sqlite" else "article_id"
    placeholder = "?" if db.capabilities.dialect == "sqlite" else "$1"
    await db.execute_query(f'DELETE FROM "{TABLE}" WHERE {column} = {placeholder}', [article_id])
