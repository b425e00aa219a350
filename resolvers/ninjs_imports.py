"""Importing an agency's ninjs item as a draft (importNinjs), losslessly.

What Dateline models is mapped onto its rows: the headline, the summary as standfirst,
the agency's edNote as the desk's editorNote (exported to newsroom accounts only),
the body into blocks (resolvers.body_html), the byline into authors (matched by name,
case aside, or created), subjects into tags (the same way), the embargo, and each
picture, the item's own or an association's, into an Image whose file stays at the
agency (its renditions are kept; Image.url picks among them) with this article's caption.
The item itself is kept whole beside the article (models.NinjsSource) with Dateline's own
ninjs of the article as the import left it; resolvers.ninjs exports the original of
every field whose Dateline side still equals that, so the export of an unedited import
is the item, and an edit shows in the export the field it changed.

The same uri and version again changes nothing; a newer version rewrites the draft as an
edit does (a new version and revision; a published article only at expectedVersion).
Everything is checked before the one transaction that writes it all.
"""

import dataclasses
import html
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from tortoise.expressions import F
from tortoise.fields.data import CharField

import models
from resolvers import (
    article_edits,
    bodies,
    body_html,
    bylines,
    ninjs,
    permissions,
    slugs,
    text,
)
from resolvers.context import Context
from resolvers.loaders import Loaders
from resolvers.ninjs_validation import checked, refuse, split_byline
from resolvers.problems import Conflict, Invalid

_AUTHOR_RELS: Final = frozenset({"author", "creator", "byline", "writer"})
_PICTURE_TYPES: Final = frozenset({"picture", "graphic"})
_EARLIEST, _LATEST = 1800, 9998
_INT_MAX: Final = 2**31 - 1  # the columns are 32-bit
# Wider or taller, a rendition is no picture to show (and its size fits no column).
_SIDE_MAX: Final = 100_000
_STANDFIRST_MAX: Final = article_edits.TEXT_LIMITS["standfirst"]
_NOTE_MAX: Final = article_edits.TEXT_LIMITS["editor_note"]
# Columns an association's rights land in, by ninjs property.
_RIGHTS: Final = {
    "copyrightHolder": "copyright_holder",
    "copyrightNotice": "copyright_notice",
    "usageTerms": "usage_terms",
}


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Imported:
    article: models.Article
    outcome: Outcome


@dataclass
class _Picture:
    """One picture of the item, checked, ready to become an Image and a caption."""

    where: str  # its pointer: "" for the item itself, else /associations/N
    uri: str | None
    image: dict[str, Any]  # the Image's columns
    caption: str
    extra: dict[str, Any] | None


@dataclass
class _Mapped:
    headline: str
    standfirst: str
    editor_note: str  # the agency's edNote
    slug: str
    embargoed_until: datetime | None
    parts: list[body_html.Part]
    lead: _Picture | None
    pictures: dict[int, _Picture]  # by association index
    authors: list[str]
    tags: list[str]


async def import_item(
    ctx: Context, *, item: Any, section_id: int, expected_version: int | None = None
) -> Imported:
    editor = permissions.to_write(
        ctx, permissions.EDITOR, "Only editors and admins import agency items."
    )
    item = checked(item)
    locale = _locale(ctx, item)
    uri: str = item["uri"]
    version = str(item.get("version", ""))
    problems: list[tuple[str, str]] = []
    _fit(problems, "/uri", uri, models.NinjsSource, "uri")
    _fit(problems, "/version", version, models.NinjsSource, "version")
    if problems:
        raise refuse(problems)
    if not await models.Section.filter(id=section_id).exists():
        raise Invalid("sectionId: no such section.", ("sectionId",))
    source = await models.NinjsSource.filter(uri=uri, locale=locale).first()
    if source is not None:
        known = await models.Article.get(id=source.article_id)
        if known.deleted_at is not None:
            raise Invalid(
                "/uri: this item's article is in the trash; restore or purge it first.",
                ("/uri",),
            )
        # Without a version (ninjs does not require one) an item is the same while its
        # versionCreated is.
        moment = item.get("versionCreated") == source.item.get("versionCreated")
        if source.version == version and (version or moment):
            return Imported(known, Outcome.UNCHANGED)
        if not _newer(item, source.item):
            raise Invalid(
                f"/version: older than version {source.version[:20]!r}, imported already.",
                ("/version",),
            )
    mapped = _mapped(item)
    if source is None:
        try:
            article = await _create(ctx, editor, item, mapped, section_id, locale)
        except Invalid:
            # The same item imported at the same moment (an agency feed delivered twice)
            # made the source's unique index refuse this one: it is the other's now.
            raced = await models.NinjsSource.filter(uri=uri, locale=locale).first()
            if raced is None or raced.version != version:
                raise
            return Imported(await models.Article.get(id=raced.article_id), Outcome.UNCHANGED)
        outcome = Outcome.CREATED
    else:
        article = await _update(ctx, source, item, mapped, expected_version)
        outcome = Outcome.UPDATED
    # What this request loaded before the write is stale now.
    ctx.loaders = Loaders(ctx.visibility, ctx.shown)
    return Imported(article, outcome)


def _locale(ctx: Context, item: dict[str, Any]) -> str:
    language = item.get("language")
    if language is None:
        return ctx.default_locale
    for candidate in (language, language.split("-")[0].lower()):
        if candidate in ctx.locales:
            return str(candidate)
    known = ", ".join(sorted(ctx.locales))
    raise Invalid(
        f"/language: {language[:20]!r} is not one of this newsroom's locales ({known}).",
        ("/language",),
    )


def _newer(item: dict[str, Any], imported: dict[str, Any]) -> bool:
    """Versions that are numbers compare as numbers; others by versionCreated (an item
    with neither in order is not newer: what was imported stays)."""
    given, known = str(item.get("version", "")), str(imported.get("version", ""))
    if given.isdigit() and known.isdigit():
        return int(given) > int(known)
    try:
        given_at = datetime.fromisoformat(str(item.get("versionCreated")))
        known_at = datetime.fromisoformat(str(imported.get("versionCreated")))
        return given_at > known_at
    except (TypeError, ValueError):  # no dates, or one naive and one aware: no order known
        return False


def _fit(
    problems: list[tuple[str, str]], where: str, value: str, model: type[Any], column: str
) -> None:
    field = model._meta.fields_map[column]
    if isinstance(field, CharField) and len(value) > field.max_length:
        problems.append((where, f"at most {field.max_length} characters"))


def _html(entry: dict[str, Any]) -> str:
    """A text entry's value as the inline HTML Dateline stores: escaped unless HTML."""
    value = str(entry.get("value", ""))
    if entry.get("contentType") == "text/html":
        return text.clean(value)
    return text.clean(html.escape(value, quote=False))


def _described(entries: Any, *roles: str | None) -> dict[str, Any] | None:
    """The first text entry with one of `roles` (None: an entry with no role)."""
    for role in roles:
        for entry in entries if isinstance(entries, list) else []:
            if entry.get("role") == role and entry.get("value"):
                found: dict[str, Any] = entry
                return found
    return None


def _mapped(item: dict[str, Any]) -> _Mapped:
    """The Dateline values of the item, or Invalid naming every value that cannot be one."""
    problems: list[tuple[str, str]] = []
    headlines = item.get("headlines", [])
    chosen = _described(headlines, "main", None) or next(iter(headlines), None)
    headline = _html(chosen) if chosen else text.clean(html.escape(str(item.get("title", ""))))
    where = f"/headlines/{headlines.index(chosen)}/value" if chosen else "/headlines"
    if not headline:
        problems.append((where, "Dateline needs a headline"))
    elif len(headline) > 200:
        problems.append((where, "at most 200 characters"))
    summary = _described(item.get("descriptions"), "summary")
    standfirst = _html(summary) if summary else ""
    if len(standfirst) > _STANDFIRST_MAX:
        at = item["descriptions"].index(summary)
        problems.append((f"/descriptions/{at}/value", f"at most {_STANDFIRST_MAX} characters"))
    embargo = _moment(problems, item, "embargoedUntil")
    note = _html({"value": item.get("edNote", "")})
    if len(note) > _NOTE_MAX:
        problems.append(("/edNote", f"at most {_NOTE_MAX} characters"))

    lead: _Picture | None = None
    pictures: dict[int, _Picture] = {}
    if item.get("type") in _PICTURE_TYPES:
        lead = _picture(problems, item, "", extra=None)
    names: dict[str, int] = {}
    for index, association in enumerate(item.get("associations", [])):
        if association.get("type") not in _PICTURE_TYPES:
            continue
        picture = _picture(problems, association, f"/associations/{index}", extra=association)
        if picture is None:
            continue
        pictures[index] = picture
        for name in _picture_names(association):
            names.setdefault(name, index)
    if lead is None and pictures:
        lead = pictures.pop(min(pictures))
        names = {name: index for name, index in names.items() if index in pictures}

    parts = _parts(problems, item, names, headline)
    placed = {part.association for part in parts if isinstance(part, body_html.Figure)}
    parts += [body_html.Figure(index) for index in sorted(pictures) if index not in placed]
    authors = _authors(problems, item)
    tags = _tags(problems, item)
    if problems:
        raise refuse(problems)
    return _Mapped(
        headline=headline,
        standfirst=standfirst,
        editor_note=note,
        slug=slugs.made(models.Article, str(item.get("slugline") or text.plain(headline))),
        embargoed_until=embargo,
        parts=parts,
        lead=lead,
        pictures=pictures,
        authors=authors,
        tags=tags,
    )


def _moment(
    problems: list[tuple[str, str]], entry: dict[str, Any], name: str, where: str = ""
) -> datetime | None:
    value = entry.get(name)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        problems.append((f"{where}/{name}", "a date-time such as 2024-05-01T12:00:00Z"))
        return None
    if moment.tzinfo is None:
        problems.append((f"{where}/{name}", "with a time zone offset"))
        return None
    # In UTC too: year 1 an hour east of Greenwich is year 0 there, which no database takes.
    if not _EARLIEST <= moment.year <= _LATEST:
        problems.append((f"{where}/{name}", f"a date from {_EARLIEST} to {_LATEST}"))
        return None
    return moment


def _parts(
    problems: list[tuple[str, str]], item: dict[str, Any], names: dict[str, int], headline: str
) -> list[body_html.Part]:
    """The body blocks of the item's first HTML body, else of its first plain text one."""
    found = item.get("bodies", [])
    chosen = next((b for b in found if b.get("contentType") == "text/html"), None)
    chosen = chosen or next(
        (b for b in found if b.get("contentType") in (None, "text/plain")), None
    )
    if chosen is None:
        return []
    where = f"/bodies/{found.index(chosen)}/value"
    value = str(chosen.get("value", ""))
    try:
        if chosen.get("contentType") == "text/html":
            return body_html.from_html(value, names, text.plain(headline))
        return body_html.from_text(value)
    except body_html.TooLong as error:
        problems.append((where, str(error)))
        return []


def _picture_names(association: dict[str, Any]) -> list[str]:
    """What a body's figure may call the picture by: name, uri, a rendition's href."""
    names = [association.get("name"), association.get("uri")]
    names += [r.get("href") for r in association.get("renditions", [])]
    return [name for name in names if isinstance(name, str) and name]


def _usable(rendition: dict[str, Any]) -> bool:
    """A picture a browser can show at a known size."""
    kind = str(rendition.get("contentType", "image/"))
    return (
        isinstance(rendition.get("href"), str)
        and str(rendition["href"]).startswith(("https://", "http://"))
        and isinstance(rendition.get("width"), int)
        and isinstance(rendition.get("height"), int)
        and 0 < rendition["width"] <= _SIDE_MAX
        and 0 < rendition["height"] <= _SIDE_MAX
        and kind.startswith("image/")
    )


def _picture(
    problems: list[tuple[str, str]],
    entry: dict[str, Any],
    where: str,
    *,
    extra: dict[str, Any] | None,
) -> _Picture | None:
    """The picture `entry` (an association, or a picture item itself) describes; None
    when it lists no rendition to show (it is then kept in the item only)."""
    renditions = [r for r in entry.get("renditions", []) if isinstance(r, dict)]
    shown = [r for r in renditions if _usable(r)]
    if not shown:
        return None
    largest = max(shown, key=lambda r: (r["width"] * r["height"], r["width"]))
    descriptions = entry.get("descriptions") or []
    caption_entry = _described(descriptions, "caption", None, "text", "description")
    caption = _html(caption_entry) if caption_entry else ""
    if len(caption) > bodies.CAPTION_MAX:
        at = descriptions.index(caption_entry)
        problems.append(
            (f"{where}/descriptions/{at}/value", f"at most {bodies.CAPTION_MAX} characters")
        )
    alt = _described(descriptions, "alt")
    credit = _described(descriptions, "creditline", "credit")
    about = _described(descriptions, "description")
    columns: dict[str, Any] = {
        "storage_key": "",
        "remote_renditions": renditions,
        "width": largest["width"],
        "height": largest["height"],
        "mime_type": str(largest.get("contentType", "image/jpeg"))[:100],
        "byte_size": largest.get("sizeInBytes", 0)
        if isinstance(largest.get("sizeInBytes"), int)
        else 0,
        "creator": text.plain(str(entry.get("by", ""))),
        "credit_line": text.plain(str(credit["value"])) if credit else "",
        "alt_text": text.plain(str(alt["value"])) if alt else "",
        "description": text.plain(str(about["value"])) if about else "",
        "date_taken": _moment(problems, entry, "contentCreated", where),
        **{column: text.plain(str(entry.get(name, ""))) for name, column in _RIGHTS.items()},
    }
    pointers = {"creator": f"{where}/by", "credit_line": f"{where}/descriptions"}
    if credit is not None:
        pointers["credit_line"] = f"{where}/descriptions/{descriptions.index(credit)}/value"
    pointers |= {column: f"{where}/{name}" for name, column in _RIGHTS.items()}
    for column in ("creator", "credit_line", "copyright_holder", "copyright_notice"):
        field = models.Image._meta.fields_map[column]
        if isinstance(field, CharField) and len(columns[column]) > field.max_length:
            problems.append((pointers[column], f"at most {field.max_length} characters"))
    if not 0 <= columns["byte_size"] <= _INT_MAX:
        columns["byte_size"] = 0  # a size no file has: unknown, as when not given
    uri = entry.get("uri") if where else None
    if isinstance(uri, str) and len(uri) > 500:
        problems.append((f"{where}/uri", "at most 500 characters"))
    extra_fields = (
        {k: v for k, v in extra.items() if k != "renditions"} if extra is not None else None
    )
    return _Picture(where, uri if isinstance(uri, str) else None, columns, caption, extra_fields)


def _authors(problems: list[tuple[str, str]], item: dict[str, Any]) -> list[str]:
    """The byline: the people the item calls its authors, else the names in `by`."""
    people = item.get("people", [])
    named = [
        (f"/people/{i}/name", str(p["name"]))
        for i, p in enumerate(people)
        if p.get("name") and str(p.get("rel", "")).rsplit("/", 1)[-1].lower() in _AUTHOR_RELS
    ]
    if not named and isinstance(item.get("by"), str):
        named = [("/by", name) for name in split_byline(item["by"])]
    return _distinct(problems, named, 200)


def _tags(problems: list[tuple[str, str]], item: dict[str, Any]) -> list[str]:
    named = [
        (f"/subjects/{i}/name", str(s["name"]))
        for i, s in enumerate(item.get("subjects", []))
        if s.get("name")
    ]
    return _distinct(problems, named, 100)


def _distinct(
    problems: list[tuple[str, str]], named: list[tuple[str, str]], limit: int
) -> list[str]:
    """Names as plain text, each once (case aside), in order; too long ones refused."""
    seen: set[str] = set()
    kept = []
    for where, name in named:
        clean = text.plain(name)
        if len(clean) > limit:
            problems.append((where, f"at most {limit} characters"))
        elif clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            kept.append(clean)
    return kept


async def _create(
    ctx: Context,
    editor: models.User,
    item: dict[str, Any],
    mapped: _Mapped,
    section_id: int,
    locale: str,
) -> models.Article:
    async with article_edits.write_transaction():
        article = await models.Article.create(
            slug=await slugs.free(models.Article, mapped.slug, locale=locale),
            headline=mapped.headline,
            standfirst=mapped.standfirst,
            editor_note=mapped.editor_note,
            section_id=section_id,
            locale=locale,
            translation_group=uuid.uuid4(),
            embargoed_until=mapped.embargoed_until,
            created_by=editor,
        )
        await _attach(article, mapped)
        await article_edits.record_revision(ctx, article, editor, "imported from ninjs")
        article = await models.Article.get(id=article.id)
        await models.NinjsSource.create(
            article=article,
            uri=item["uri"],
            locale=locale,
            version=str(item.get("version", "")),
            item=item,
            projection=await _projection(ctx, article),
        )
    return article


async def _update(
    ctx: Context,
    source: models.NinjsSource,
    item: dict[str, Any],
    mapped: _Mapped,
    expected_version: int | None,
) -> models.Article:
    editor, article = await article_edits.editable(ctx, source.article_id)
    if expected_version is None:
        if article.status != models.ArticleStatus.DRAFT:
            raise Conflict(
                f"The article is {article.status}: send expectedVersion "
                f"(it is at {article.version}) to import a new version into it.",
                current_version=article.version,
                changed=(),
            )
        expected_version = article.version
    values = {
        "headline": mapped.headline,
        "standfirst": mapped.standfirst,
        "embargoed_until": mapped.embargoed_until,
    }
    # The note is the desk's once it has written in it: the agency's next one must not
    # wipe out what the desk noted.
    if article.editor_note == _html({"value": source.item.get("edNote", "")}):
        values["editor_note"] = mapped.editor_note
    async with article_edits.write_transaction():
        current = await article_edits.claim(article, expected_version, values, at=ctx.now)
        await models.Caption.filter(article_id=current.id, role=models.CaptionRole.LEAD).delete()
        await _attach(current, mapped)
        version = str(item.get("version", ""))
        await article_edits.record_revision(
            ctx, current, editor, f"imported ninjs version {version}"[:200]
        )
        current = await models.Article.get(id=current.id)
        await models.NinjsSource.filter(id=source.id).update(
            version=version, item=item, projection=await _projection(ctx, current)
        )
    return current


async def _attach(article: models.Article, mapped: _Mapped) -> None:
    """The article's pictures, body, byline and tags (inside the caller's transaction)."""
    images: dict[str, models.Image] = {}
    if mapped.lead is not None:
        image = await _image(mapped.lead, images)
        await bodies.caption(
            article,
            bodies.Picture(image_id=image.id, caption=mapped.lead.caption),
            models.CaptionRole.LEAD,
        )
    blocks: list[bodies.Block] = []
    for part in mapped.parts:
        if isinstance(part, body_html.Figure):
            picture = mapped.pictures[part.association]
            image = await _image(picture, images)
            blocks.append(
                bodies.Picture(image_id=image.id, caption=part.caption or picture.caption)
            )
        else:
            blocks.append(part)
    article.body = await bodies.write(article, blocks)
    await article.save(update_fields=["body"])
    await bylines.replace_authors(article.id, await _rows(models.Author, mapped.authors))
    await bylines.replace_tags(article.id, await _rows(models.Tag, mapped.tags))


async def _image(picture: _Picture, made: dict[str, models.Image]) -> models.Image:
    """The picture's Image: the one imported before from the same uri (its columns made
    the item's), else a new one."""
    key = picture.uri or picture.where
    if key in made:
        return made[key]
    columns = {**picture.image, "source_uri": picture.uri, "source_extra": picture.extra}
    row = None
    if picture.uri is not None:
        row = await models.Image.filter(source_uri=picture.uri).order_by("id").first()
    if row is None:
        row = await models.Image.create(**columns)
    elif any(getattr(row, name) != value for name, value in columns.items()):
        await models.Image.filter(id=row.id).update(**columns, version=F("version") + 1)
        row = await models.Image.get(id=row.id)
    made[key] = row
    return row


async def _rows(model: type[models.Author] | type[models.Tag], names: Sequence[str]) -> list[int]:
    """The ids of the rows named so (case aside, the oldest first), made where missing."""
    ids = []
    for name in names:
        row = await model.filter(name__iexact=name).order_by("id").first()
        if row is None:
            slug = await slugs.free(model, slugs.made(model, name))
            row = await model.create(name=name, slug=slug)
        ids.append(row.id)
    return ids


async def _projection(ctx: Context, article: models.Article) -> dict[str, Any]:
    """Dateline's own ninjs of the article as just written, read with loaders of its own
    (the request's may hold what it read before the write)."""
    fresh = dataclasses.replace(ctx)
    return await ninjs.dateline_item(fresh, article)
