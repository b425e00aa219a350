"""Writing articles: each write is one transaction, checked against the version the editor saw.

A write names the version it was based on. The row is updated only if it still has that
version (a conditional UPDATE), so of many concurrent writes exactly one wins, on any
database, and the others get a Conflict naming what changed since.
"""

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

import models
from resolvers import bodies, bylines, permissions, revisions, search_index, slugs, surrogates
from resolvers.context import Context
from resolvers.edits import Form, camel
from resolvers.locales import locale as checked_locale
from resolvers.problems import Conflict, Invalid, NotFound

RACED = (
    "Something this write refers to changed while it ran (a section, picture or article "
    "deleted, or the slug taken). Nothing was written; check and send it again."
)
# Text columns have no length of their own; the character columns (headline, SEO title
# and description) are bounded by theirs, in resolvers.edits.Form.
TEXT_LIMITS = {"standfirst": 600, "editor_note": 5000}
# Inline formatting is kept in every text an editor types here (resolvers.text.clean).
_TEXTS = ("headline", "standfirst", "seo_title", "seo_description", "editor_note")


@dataclass(frozen=True)
class Changes:
    """A partial update: None means "leave as it is"."""

    headline: str | None = None
    standfirst: str | None = None
    section_id: int | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    editor_note: str | None = None


def signed_in(ctx: Context) -> models.User:
    return permissions.to_write(ctx, permissions.WRITER, "Sign in as a newsroom account to write.")


async def _checked(values: dict[str, Any], section_id: int | None) -> dict[str, Any]:
    """The cleaned values of a create or update, or Invalid naming every offending field;
    `section_id`, when given, must name a section."""
    form = Form(models.Article, values, TEXT_LIMITS)
    for name in _TEXTS:
        form.text(name, rich=True, required=name == "headline")
    form.slug()
    if section_id is not None:
        if not await models.Section.filter(id=section_id).exists():
            form.refuse("section_id", "no such section")
        form.values["section_id"] = section_id
    return form.checked()


async def record_revision(
    ctx: Context, article: models.Article, author: models.User, message: str = ""
) -> None:
    ctx.changed_articles[article.id] = ctx.changed_articles.get(
        article.id, False
    ) or surrogates.public(article)
    before = await models.Revision.filter(article_id=article.id).order_by("-version").first()
    now = await revisions.snapshot(article)
    await models.Revision.create(
        article=article, version=article.version, snapshot=now, author=author, message=message
    )
    # Every article write records a revision, in its transaction: so do the indexes, of
    # the article and of the pictures whose captions it changed.
    await search_index.rewrite([article.id])
    await search_index.rewrite_pictures(
        revisions.recaptioned(before.snapshot if before else None, now)
    )


async def create(
    ctx: Context,
    *,
    section_id: int,
    slug: str,
    headline: str,
    standfirst: str = "",
    locale: str | None = None,
    seo_title: str = "",
    seo_description: str = "",
    editor_note: str = "",
    translation_of: int | None = None,
) -> models.Article:
    """A new draft, version 1, owned by whoever creates it: a story of its own, or a
    language version of article `translation_of`."""
    author = signed_in(ctx)
    fields = await _checked(
        {
            "slug": slug,
            "headline": headline,
            "standfirst": standfirst,
            "seo_title": seo_title,
            "seo_description": seo_description,
            "editor_note": editor_note,
        },
        section_id,
    )
    language = checked_locale(ctx, locale)
    if await _slug_taken(slug, language):
        raise Invalid(f"The slug {slug!r} is taken in {language}.", ("input.slug",))
    group = uuid.uuid4()
    if translation_of is not None:
        group = await translation_group(translation_of, language, field="input.translationOf")
    async with write_transaction():
        article = await models.Article.create(
            locale=language,
            translation_group=group,
            created_by=author,
            **fields,
        )
        await record_revision(ctx, article, author, "created")
    return article


async def translation_group(
    original_id: int, locale: str, *, field: str, but: int | None = None
) -> UUID:
    """The translation group a version in `locale` of article `original_id` joins; Invalid,
    naming `field`, when there is no such article (the trash counts as none) or its group
    already has a version in that locale (other than `but`)."""
    original = await models.Article.filter(id=original_id, deleted_at__isnull=True).first()
    if original is None:
        raise Invalid(f"{field}: no such article.", (field,))
    if original.id == but:
        raise Invalid(f"{field}: an article is not a translation of itself.", (field,))
    taken = (
        models.Article.filter(translation_group=original.translation_group, locale=locale)
        .exclude(id=but or 0)
        .exists()
    )
    if await taken:
        raise Invalid(f"{field}: that story already has a version in {locale}.", (field,))
    return original.translation_group


@asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """One transaction for an article write, refused whole if a reference broke meanwhile.

    What a write points at (section, pictures, teased articles, a free slug) is checked
    first, without locks; an editor deleting it in between makes the database refuse the
    write. That is a typed problem, not a server error.
    """
    try:
        async with in_transaction():
            yield
    except IntegrityError:
        raise Invalid(RACED) from None


async def editable(
    ctx: Context, article_id: int, *, trashed: bool = False
) -> tuple[models.User, models.Article]:
    """The signed-in author and the article, in the trash or out of it as asked."""
    user = signed_in(ctx)
    article = await models.Article.filter(id=article_id, deleted_at__isnull=not trashed).first()
    if article is None:
        where = "in the trash" if trashed else ""
        raise NotFound(f"No article {article_id} {where}".strip() + ".", ("id",))
    permissions.may_edit(user, article)
    if article.id not in ctx.changed_articles:
        seen = surrogates.public(article)
        ctx.changed_articles[article.id] = seen
        # A picture this write removes may stop being public: what it was, to compare.
        ctx.pictures_before[article.id] = (
            await surrogates.pictures_shown(article) if seen else frozenset()
        )
    return user, article


async def write(
    ctx: Context,
    author: models.User,
    article: models.Article,
    expected_version: int,
    values: dict[str, Any],
    message: str,
) -> models.Article:
    """Applies `values` if the article is still at `expected_version`; records a revision."""
    async with write_transaction():
        current = await claim(article, expected_version, values, at=ctx.now)
        await record_revision(ctx, current, author, message)
    return current


async def claim(
    article: models.Article,
    expected_version: int,
    values: dict[str, Any] | None = None,
    *,
    at: datetime,
) -> models.Article:
    """Bumps the version (and sets `values`, and `updated_at` to `at`: a conditional
    UPDATE moves no auto_now column) only if it is still `expected_version`.

    `article` is the row the permission checks ran on. Requiring the write to be based on
    exactly that version means the row cannot have changed (been published, say, which
    ends a writer's rights) between the checks and the write.
    """
    won = article.version == expected_version and bool(
        await models.Article.filter(id=article.id, version=expected_version).update(
            **(values or {}), version=F("version") + 1, updated_at=at
        )
    )
    current = await models.Article.get(id=article.id)
    if not won:
        raise Conflict(
            f"The article is at version {current.version}, not {expected_version}.",
            current_version=current.version,
            changed=await _changed_since(current, expected_version),
        )
    return current


async def _changed_since(current: models.Article, version: int) -> tuple[str, ...]:
    then = await models.Revision.filter(article_id=current.id, version=version).first()
    if then is None:
        return ()
    now = await revisions.snapshot(current)
    # Only fields both snapshots know: one stored before a field existed did not "change" it.
    shared = then.snapshot.keys() & now.keys()
    changed = revisions.diff({k: then.snapshot[k] for k in shared}, {k: now[k] for k in shared})
    return tuple(camel(name) for name, _, _ in changed)


async def update(
    ctx: Context, *, article_id: int, expected_version: int, changes: Changes
) -> models.Article:
    author, article = await editable(ctx, article_id)
    given = {name: getattr(changes, name) for name in _TEXTS}
    values = await _checked(
        {name: value for name, value in given.items() if value is not None}, changes.section_id
    )
    return await write(ctx, author, article, expected_version, values, "updated")


async def set_body(
    ctx: Context, *, article_id: int, expected_version: int, blocks: list[bodies.Block]
) -> models.Article:
    """Replaces the body; teasers and pictures are created where their blocks stand."""
    author, article = await editable(ctx, article_id)
    blocks = await bodies.checked(article, blocks)
    async with write_transaction():
        # Claim the version first: a losing writer creates no captions or teasers.
        current = await claim(article, expected_version, at=ctx.now)
        current.body = await bodies.write(current, blocks)
        await current.save(update_fields=["body"])
        await record_revision(ctx, current, author, "body set")
    return current


async def set_lead_image(
    ctx: Context, *, article_id: int, expected_version: int, picture: bodies.Picture
) -> models.Article:
    author, article = await editable(ctx, article_id)
    try:
        [checked] = await bodies.checked(article, [picture])
    except Invalid as problem:  # the paths name this mutation's argument, not a body
        fields = tuple(f.replace("blocks.0.image", "image") for f in problem.fields)
        raise Invalid(problem.message.replace("blocks.0.image", "image"), fields) from None
    if not isinstance(checked, bodies.Picture):
        raise TypeError("a picture stays a picture when checked")
    picture = checked
    async with write_transaction():
        current = await claim(article, expected_version, at=ctx.now)
        await models.Caption.filter(article_id=article.id, role=models.CaptionRole.LEAD).delete()
        await bodies.caption(current, picture, models.CaptionRole.LEAD)
        await record_revision(ctx, current, author, "lead image set")
    return current


async def set_authors(
    ctx: Context, *, article_id: int, expected_version: int, author_ids: Sequence[int | None]
) -> models.Article:
    """The byline, in the order given; an empty list leaves the article without one."""
    editor, article = await editable(ctx, article_id)
    authors = await bylines.checked(models.Author, author_ids, "authorIds", "author")
    async with write_transaction():
        current = await claim(article, expected_version, at=ctx.now)
        await bylines.replace_authors(current.id, authors)
        await record_revision(ctx, current, editor, "bylines set")
    return current


async def set_tags(
    ctx: Context, *, article_id: int, expected_version: int, tag_ids: Sequence[int | None]
) -> models.Article:
    editor, article = await editable(ctx, article_id)
    tags = await bylines.checked(models.Tag, tag_ids, "tagIds", "tag")
    async with write_transaction():
        current = await claim(article, expected_version, at=ctx.now)
        await bylines.replace_tags(current.id, tags)
        await record_revision(ctx, current, editor, "tags set")
    return current


async def restore_revision(
    ctx: Context, *, revision_id: int, expected_version: int
) -> models.Article:
    """Makes an earlier version's content current again, as a new version.

    Text, section, lead picture, body (pictures and teasers rebuilt), bylines and tags
    come back (bylines and tags only from versions that recorded them); the publication
    state and the slug stay as they are now.
    """
    signed_in(ctx)  # before any lookup: the unsigned learn nothing about which ids exist
    revision = await models.Revision.filter(id=revision_id).first()
    if revision is None:
        raise NotFound(f"No revision {revision_id}.", ("id",))
    author, article = await editable(ctx, revision.article_id)
    then = revision.snapshot
    values = {
        name: then[name]
        for name in ("headline", "standfirst", "section_id", "seo_title", "seo_description")
    }
    if not await models.Section.filter(id=then["section_id"]).exists():
        raise Invalid("That version's section no longer exists.", ("id",))
    for key, model, noun in (
        ("author_ids", models.Author, "authors"),
        ("tag_ids", models.Tag, "tags"),
    ):
        wanted = set(then.get(key, ()))
        if len(wanted) != await model.filter(id__in=wanted).count():
            raise Invalid(f"Some of that version's {noun} no longer exist.", ("id",))
    saved_lead: list[bodies.Block] = (
        [revisions.picture_of(then["lead"])] if then["lead"] is not None else []
    )
    lead = await bodies.checked(article, saved_lead)
    blocks = await bodies.checked(article, revisions.blocks_of(then["body"]))
    async with write_transaction():
        current = await claim(article, expected_version, values, at=ctx.now)
        current.body = await bodies.write(current, blocks)
        await current.save(update_fields=["body"])
        await models.Caption.filter(article_id=current.id, role=models.CaptionRole.LEAD).delete()
        for picture in lead:
            if isinstance(picture, bodies.Picture):
                await bodies.caption(current, picture, models.CaptionRole.LEAD)
        if "author_ids" in then:
            await bylines.replace_authors(current.id, then["author_ids"])
        if "tag_ids" in then:
            await bylines.replace_tags(current.id, then["tag_ids"])
        await record_revision(ctx, current, author, f"restored version {revision.version}")
    return current


async def _slug_taken(slug: str, locale: str, *, by_other_than: int | None = None) -> bool:
    """In use as an article's slug, or kept as an old slug of another article."""
    articles = models.Article.filter(slug=slug, locale=locale)
    aliases = models.SlugAlias.filter(slug=slug, locale=locale)
    if by_other_than is not None:
        articles = articles.exclude(id=by_other_than)
        aliases = aliases.exclude(article_id=by_other_than)
    return await articles.exists() or await aliases.exists()


async def change_slug(
    ctx: Context, *, article_id: int, expected_version: int, slug: str
) -> models.Article:
    """A new slug; the old one keeps resolving to the article (and reports the new one)."""
    author, article = await editable(ctx, article_id)
    if not slugs.well_formed(models.Article, slug):
        raise Invalid("A slug is lowercase words joined by hyphens.", ("slug",))
    if await _slug_taken(slug, article.locale, by_other_than=article.id):
        raise Invalid(f"The slug {slug!r} is taken in {article.locale}.", ("slug",))
    old = article.slug
    async with write_transaction():
        current = await claim(article, expected_version, {"slug": slug}, at=ctx.now)
        await models.SlugAlias.filter(article_id=article.id, slug=slug).delete()
        if old != slug:
            await models.SlugAlias.create(article=current, slug=old, locale=current.locale)
        await record_revision(ctx, current, author, f"slug changed from {old}")
    return current
