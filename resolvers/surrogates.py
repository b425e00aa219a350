"""Surrogate keys: the names of what a public response shows, and what a write changes.

Reading, the loaders and list resolvers add a key for every row they return and for every
list or lookup they answer (a lookup that found nothing included: publishing may fill
it). Writing, `changed_article` names everything a changed article can appear in. The
response cache drops exactly the entries that share a key with a write, and a CDN purges
by the same keys (the Surrogate-Key header).
"""

from typing import TYPE_CHECKING
from uuid import UUID

import models

if TYPE_CHECKING:  # the loaders, which the context holds, use the names above
    from resolvers.context import Context

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
    named here. A picture is public only while a published article uses it, so lookups of
    the pictures it showed readers before the write (`pictures_before`) or shows them now,
    but not both, are dropped too; pages that show those pictures through other articles
    are not: nothing they show changed.
    """
    keys = {article(article_id), ARTICLES, AUTHORS, TAGS}
    row = await models.Article.filter(id=article_id).first()
    if row is None:  # purged: whatever showed it carries its key
        return keys | {picture_use(picture) for picture in pictures_before}
    keys |= {section_articles(row.section_id), translations(row.translation_group), slug(row.slug)}
    aliases = await models.SlugAlias.filter(article_id=article_id).values_list("slug", flat=True)
    keys |= {slug(str(alias)) for alias in aliases}
    teasing = await models.RelatedStory.filter(target_id=article_id).values_list(
        "article_id", flat=True
    )
    keys |= {teasers(int(str(teaser))) for teaser in teasing}
    after = await pictures_shown(row) if public(row) else frozenset()
    keys |= {picture_use(picture) for picture in pictures_before ^ after}
    return keys


async def pictures_shown(row: models.Article) -> frozenset[int]:
    """The pictures the article's captions use (lead, body, teasers)."""
    ids = await models.Caption.filter(article_id=row.id).values_list("image_id", flat=True)
    return frozenset(int(str(i)) for i in ids)


async def changed(ctx: "Context") -> set[str]:
    """Every key this request's successful writes changed (articles readers never saw: none)."""
    keys = set(ctx.changed_keys)
    for article_id, seen in ctx.changed_articles.items():
        if seen:
            before = ctx.pictures_before.get(article_id, frozenset())
            keys |= await changed_article(article_id, before)
    return keys
