from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.expressions import Q
from tortoise.indexes import Index
from tortoise.models import Model

from models.body import validate_body

if TYPE_CHECKING:
    from models.author import Author
    from models.section import Section
    from models.tag import Tag
    from models.user import User


class ArticleStatus(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Article(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=200)
    headline = fields.CharField(max_length=200)
    standfirst = fields.TextField(default="")
    body: list[dict[str, Any]] = fields.JSONField(default=list, validators=[validate_body])
    # RESTRICT: a section with articles cannot vanish and take them along.
    section: fields.ForeignKeyRelation["Section"] = fields.ForeignKeyField(
        "models.Section", on_delete=fields.RESTRICT, related_name="articles"
    )
    section_id: int
    status = fields.CharEnumField(ArticleStatus, max_length=16, default=ArticleStatus.DRAFT)
    first_published_at = fields.DatetimeField(null=True)
    published_at = fields.DatetimeField(null=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    locale = fields.CharField(max_length=16, default="en")
    # Language versions of one story share a group.
    translation_group = fields.UUIDField(db_index=True)
    seo_title = fields.CharField(max_length=200, default="")
    seo_description = fields.CharField(max_length=400, default="")
    # The desk's notes to itself (sourcing, legal, "hold for photo"): never shown to readers.
    editor_note = fields.TextField(default="")
    # Bumped by every write; editors send it back to detect concurrent edits.
    version = fields.IntField(default=1)
    # Set while the article is in the trash: hidden from every view, restorable whole.
    deleted_at = fields.DatetimeField(null=True)
    # Held back until then whatever its status: the agency's or the desk's embargo.
    embargoed_until = fields.DatetimeField(null=True)
    # Writers may edit their own drafts only.
    created_by: fields.ForeignKeyNullableRelation["User"] = fields.ForeignKeyField(
        "models.User", null=True, on_delete=fields.SET_NULL, related_name="articles"
    )
    created_by_id: int | None

    class Meta:
        table = "article"
        unique_together = (("slug", "locale"),)
        indexes = (
            # A list page walks this in order and stops at its last row; the rest of the
            # visibility rule's columns let a count read the index alone.
            Index(
                fields=(
                    "locale",
                    "published_at",
                    "id",
                    "status",
                    "deleted_at",
                    "embargoed_until",
                )
            ),
            # The next embargo to lift (resolvers.articles.next_change), after every edit.
            Index(fields=("embargoed_until",)),
            # A section's list (resolvers.reads.SECTION_PAGES) walks its sections' rows in
            # order; a list by last change (orderBy: UPDATED_DESC) walks this one.
            Index(fields=("section_id", "published_at", "id")),
            Index(fields=("locale", "updated_at", "id")),
        )


# The body is decoded when first read. The read path's hydration (resolvers.statements)
# hands it over as the driver gave it, under UNDECODED_BODY: a homepage's sixty teaser
# targets, whose bodies no field reads, cost a JSON decode each otherwise. Everything
# else (the ORM's own hydration, writes, saves) sees a plain attribute.
UNDECODED_BODY = "_undecoded_body"
_BODY = "_body"


def _read_body(article: Article) -> list[dict[str, Any]]:
    values = article.__dict__
    if _BODY not in values:
        if UNDECODED_BODY not in values:
            raise AttributeError("body")
        field = Article._meta.fields_map["body"]
        values[_BODY] = field.to_python_value(values.pop(UNDECODED_BODY))
    body: list[dict[str, Any]] = values[_BODY]
    return body


def _write_body(article: Article, value: list[dict[str, Any]]) -> None:
    article.__dict__.pop(UNDECODED_BODY, None)
    article.__dict__[_BODY] = value


# Set after the class is made: Tortoise takes the field out of the class body.
setattr(Article, "body", property(_read_body, _write_body))  # noqa: B010


# Byline order: the first author is named first.
class ArticleAuthor(Model):
    id = fields.IntField(primary_key=True)
    article: fields.ForeignKeyRelation[Article] = fields.ForeignKeyField(
        "models.Article", on_delete=fields.CASCADE, related_name="bylines"
    )
    article_id: int
    author: fields.ForeignKeyRelation["Author"] = fields.ForeignKeyField(
        "models.Author", on_delete=fields.RESTRICT, related_name="bylines"
    )
    author_id: int
    position = fields.IntField(default=0)

    class Meta:
        table = "article_author"
        unique_together = (("article", "author"),)


class ArticleTag(Model):
    id = fields.IntField(primary_key=True)
    article: fields.ForeignKeyRelation[Article] = fields.ForeignKeyField(
        "models.Article", on_delete=fields.CASCADE, related_name="taggings"
    )
    article_id: int
    tag: fields.ForeignKeyRelation["Tag"] = fields.ForeignKeyField(
        "models.Tag", on_delete=fields.RESTRICT, related_name="taggings"
    )
    tag_id: int

    class Meta:
        table = "article_tag"
        unique_together = (("article", "tag"),)


# Out for readers once their time has come (a scheduled one shows at its time whether or
# not the scheduler has run yet).
PUBLIC_STATUSES = (ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED)


def visible(now: datetime, prefix: str = "") -> Q:
    """The one rule for what the public may see: published or scheduled, its time has come,
    and no embargo holds it.

    A scheduled or embargoed article shows at its time whether or not the scheduler has
    run yet. `prefix` applies the rule through a relation, e.g. "target__" on a related story.
    """
    conditions: dict[str, Any] = {
        f"{prefix}status__in": PUBLIC_STATUSES,
        f"{prefix}published_at__lte": now,
        f"{prefix}deleted_at__isnull": True,
    }
    lifted: dict[str, Any] = {f"{prefix}embargoed_until__lte": now}
    unheld: dict[str, Any] = {f"{prefix}embargoed_until__isnull": True}
    unembargoed = Q(**unheld) | Q(**lifted)
    return Q(Q(**conditions), unembargoed)
