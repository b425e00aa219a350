"""Surrogate keys: the names of what a public response shows, and what a write changes.

Reading, each loader names the keys of the rows it returns, and list and lookup resolvers
those of every list or lookup they answer (a lookup that found nothing included:
publishing may fill it), into the request's `Shown`. Writing, `changed_article` names
everything a changed article can appear in (resolvers.changes). The
response cache drops exactly the entries that share a key with a write, and a CDN purges
by the same keys (the Surrogate-Key header).
"""

from collections.abc import Iterable, Sequence
from uuid import UUID

import models

ARTICLES = "articles"  # every root list of articles (homepage, filters)
SECTIONS = "sections"
AUTHORS = "authors"
TAGS = "tags"


def article(article_id: int) -> str:
    return f"a:{article_id}"


def section(section_id: int) -> str:
    return f"s:{section_id}"


def section_articles(section_id: int) -> str:
    return f"s:{section_id}:articles"


def image(image_id: int) -> str:
    """The picture itself (its file, rights, credit, description): every answer showing it."""
    return f"i:{image_id}"


def picture_use(image_id: int) -> str:
    """Whether readers may see the picture at all (a published article uses it): what a
    lookup of it by id depends on, unlike a page that shows it through its own article."""
    return f"iu:{image_id}"


def public(article: models.Article) -> bool:
    """Out for readers, or going out on its own (scheduled): its writes change what they see."""
    return article.status != models.ArticleStatus.DRAFT and article.deleted_at is None


def author(author_id: int) -> str:
    return f"au:{author_id}"


def tag(tag_id: int) -> str:
    return f"t:{tag_id}"


def teasers(article_id: int) -> str:
    """The related stories shown in article `article_id`'s body."""
    return f"rel:{article_id}"


def translations(group: UUID) -> str:
    return f"tr:{group}"


def slug(value: str) -> str:
    return f"slug:{value}"


async def changed_article(
    article_id: int, pictures_before: frozenset[int] = frozenset()
) -> set[str]:
    """Everything a write to this article can change for readers.

    What showed the article before carries its own key; what did not show it (a list it
    joins, a lookup by its slug that found nothing, a teaser that hid it, its people) is
    named here. A picture is public only while a visible article uses it, so lookups of
    the pictures it showed readers before the write (`pictures_before`) or shows them now,
    but not both, are dropped too; pages that show those pictures through other articles
    are not: nothing they show changed.
    """
    keys = {article(article_id), ARTICLES, AUTHORS, TAGS}
    row = await models.Article.filter(id=article_id).first()
    if row is None:  # purged: whatever showed it carries its key
        return keys | {picture_use(picture) for picture in pictures_before}
    keys |= {translations(row.translation_group), slug(row.slug)}
    keys |= {section_articles(section_id) for section_id in await _sections_above(row.section_id)}
    aliases = await models.SlugAlias.filter(article_id=article_id).values_list("slug", flat=True)
    keys |= {slug(str(alias)) for alias in aliases}
    teasing = await models.RelatedStory.filter(target_id=article_id).values_list(
        "article_id", "caption__image_id"
    )
    keys |= {teasers(int(str(host))) for host, _ in teasing}
    # A teaser's picture is public only while its target is: lookups of it follow.
    keys |= {picture_use(int(str(picture))) for _, picture in teasing if picture is not None}
    after = await pictures_shown(row) if public(row) else frozenset()
    keys |= {picture_use(picture) for picture in pictures_before ^ after}
    return keys


async def _sections_above(section_id: int) -> list[int]:
    """The section and every one above it: a section's list holds its subsections'
    articles (resolvers.reads.SECTION_PAGES). A walk up the parents; sections nest a few
    levels deep, and a write costs a statement per level."""
    found: list[int] = []
    current: int | None = section_id
    while current is not None and current not in found:
        found.append(current)
        parents = await models.Section.filter(id=current).values_list("parent_id", flat=True)
        current = int(str(parents[0])) if parents and parents[0] is not None else None
    return found


async def pictures_shown(row: models.Article) -> frozenset[int]:
    """The pictures the article's captions use (lead, body, teasers)."""
    ids = await models.Caption.filter(article_id=row.id).values_list("image_id", flat=True)
    return frozenset(int(str(i)) for i in ids)


class Shown:
    """The surrogate keys of everything one request showed: its answer's Surrogate-Key."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def add(self, *keys: str) -> None:
        self.keys.update(keys)

    def update(self, keys: Iterable[str]) -> None:
        self.keys.update(keys)

    def articles(self, rows: Sequence[models.Article]) -> None:
        self.keys.update(article(row.id) for row in rows)
