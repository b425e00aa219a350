"""Per-request DataLoaders: every relation the schema follows is one batched query.

Loaders that fetch a row together with its relations (select_related) prime the
loaders of those relations, so a later lookup of the same row costs no SQL.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader
from tortoise.expressions import F, Q, Subquery
from tortoise.functions import Coalesce, Count
from tortoise.queryset import QuerySet

import models
from resolvers import surrogates

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _one(load: Callable[[list[K]], Awaitable[dict[K, V]]]) -> DataLoader[K, V | None]:
    async def batch(keys: list[K]) -> list[V | None]:
        found = await load(keys)
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=batch)


def _many(load: Callable[[list[K]], Awaitable[Iterable[tuple[K, V]]]]) -> DataLoader[K, list[V]]:
    async def batch(keys: list[K]) -> list[list[V]]:
        grouped: dict[K, list[V]] = defaultdict(list)
        for key, value in await load(keys):
            grouped[key].append(value)
        return [grouped[key] for key in keys]

    return DataLoader(load_fn=batch)


class Loaders:
    def __init__(
        self, now: datetime, *, drafts: bool = False, draft_ids: frozenset[int] = frozenset()
    ) -> None:
        self.now = now
        self.drafts = drafts
        self.draft_ids = draft_ids
        # Surrogate keys of everything this request showed (see resolvers.surrogates).
        self.keys: set[str] = set()
        self.article_by_id = _one(self._articles)
        self.section_by_id = _one(self._sections)
        self.image_by_id = _one(self._images)
        self.caption_by_id = _one(self._captions)
        self.lead_caption_by_article_id = _one(self._lead_captions)
        self.authors_by_article_id = _many(self._bylines)
        self.tags_by_article_id = _many(self._taggings)
        self.related_stories_by_article_id = _many(self._related_stories)
        # Every use of a picture, drafts and trash included: for the newsroom's library.
        self.captions_by_image_id = _many(self._image_captions)
        self.articles_by_translation_group = _many(self._article_translations)
        self.sections_by_translation_group = _many(self._section_translations)
        # Keyed (section id, offset, limit): the pages of many sections in one statement.
        self.article_page_by_section: DataLoader[tuple[int, int, int], list[models.Article]] = (
            DataLoader(load_fn=self._section_pages)
        )
        self.article_count_by_section = DataLoader(load_fn=self._section_counts)

    def visible(self, prefix: str = "") -> Q:
        """What this request may see of articles (through `prefix`, a relation path).

        The public sees what is published; a preview sees drafts too (all of them, or
        those a preview link names); nobody reads the trash. Every article read goes
        through here, so the views cannot drift apart.
        """
        kept: dict[str, Any] = {f"{prefix}deleted_at__isnull": True}
        if self.drafts:
            return Q(**kept)  # every article not in the trash
        public = models.visible(self.now, prefix)
        if self.draft_ids:
            named: dict[str, Any] = {f"{prefix}id__in": self.draft_ids}
            return public | Q(Q(**named), Q(**kept))
        return public

    def shown_teasers(self, article_ids: list[int]) -> QuerySet[models.RelatedStory]:
        """The related stories of these articles this request may see: a teaser for an
        article it may not see is dropped whole, since its headline would leak."""
        return models.RelatedStory.filter(article_id__in=article_ids).filter(
            Q(target_id=None) | self.visible("target__")
        )

    def visible_articles(self) -> QuerySet[models.Article]:
        return models.Article.filter(self.visible())

    @staticmethod
    def newest_first(rows: QuerySet[models.Article]) -> QuerySet[models.Article]:
        # Drafts (in a preview) have no publication time; databases disagree on where
        # NULLs sort, so they sort by creation time instead, the same on every database.
        return rows.annotate(newest=Coalesce("published_at", F("created_at"))).order_by(
            "-newest", "-id"
        )

    def newest_in_section(self, section_id: int) -> QuerySet[models.Article]:
        return self.newest_first(self.visible_articles().filter(section_id=section_id))

    async def _articles(self, ids: list[int]) -> dict[int, models.Article]:
        # Every id asked is a key, found or not: publishing one may make it appear.
        self.keys.update(surrogates.article(i) for i in ids)
        return {row.id: row for row in await self.visible_articles().filter(id__in=ids)}

    async def _sections(self, ids: list[int]) -> dict[int, models.Section]:
        self.keys.update(surrogates.section(i) for i in ids)
        return await models.Section.in_bulk(ids)

    async def _images(self, ids: list[int]) -> dict[int, models.Image]:
        self.keys.update(surrogates.image(i) for i in ids)
        return await models.Image.in_bulk(ids)

    def _prime_captions(self, captions: Sequence[models.Caption]) -> None:
        for caption in captions:
            self.keys.add(surrogates.image(caption.image_id))
            self.caption_by_id.prime(caption.id, caption)
            self.image_by_id.prime(caption.image_id, caption.image)

    def showed(self, rows: Sequence[models.Article]) -> None:
        self.keys.update(surrogates.article(row.id) for row in rows)

    async def _captions(self, ids: list[int]) -> dict[int, models.Caption]:
        rows = await models.Caption.filter(id__in=ids).select_related("image")
        self._prime_captions(rows)
        return {row.id: row for row in rows}

    async def _lead_captions(self, article_ids: list[int]) -> dict[int, models.Caption]:
        rows = await models.Caption.filter(
            article_id__in=article_ids, role=models.CaptionRole.LEAD
        ).select_related("image")
        self._prime_captions(rows)
        return {row.article_id: row for row in rows}

    async def _bylines(self, article_ids: list[int]) -> list[tuple[int, models.Author]]:
        rows = (
            await models.ArticleAuthor.filter(article_id__in=article_ids)
            .select_related("author")
            .order_by("position", "id")
        )
        self.keys.update(surrogates.author(row.author_id) for row in rows)
        return [(row.article_id, row.author) for row in rows]

    async def _taggings(self, article_ids: list[int]) -> list[tuple[int, models.Tag]]:
        rows = (
            await models.ArticleTag.filter(article_id__in=article_ids)
            .select_related("tag")
            .order_by("tag__name", "tag_id")
        )
        self.keys.update(surrogates.tag(row.tag_id) for row in rows)
        return [(row.article_id, row.tag) for row in rows]

    async def _image_captions(self, image_ids: list[int]) -> list[tuple[int, models.Caption]]:
        rows = await models.Caption.filter(image_id__in=image_ids).order_by("article_id", "id")
        return [(row.image_id, row) for row in rows]

    async def _related_stories(
        self, article_ids: list[int]
    ) -> list[tuple[int, models.RelatedStory]]:
        rows = await self.shown_teasers(article_ids).select_related("target", "caption__image")
        # A teaser hidden now (its target unpublished) shows once the target is out.
        self.keys.update(surrogates.teasers(i) for i in article_ids)
        for row in rows:
            if row.target_id is not None:
                self.keys.add(surrogates.article(row.target_id))
                self.article_by_id.prime(row.target_id, row.target)
            if row.caption is not None:
                self._prime_captions([row.caption])
        return [(row.article_id, row) for row in rows]

    async def _article_translations(self, groups: list[UUID]) -> list[tuple[UUID, models.Article]]:
        rows = await self.visible_articles().filter(translation_group__in=groups).order_by("locale")
        self.keys.update(surrogates.translations(group) for group in groups)
        self.showed(rows)
        return [(row.translation_group, row) for row in rows]

    async def _section_translations(self, groups: list[UUID]) -> list[tuple[UUID, models.Section]]:
        rows = await models.Section.filter(translation_group__in=groups).order_by("locale")
        self.keys.add(surrogates.SECTIONS)
        return [(row.translation_group, row) for row in rows if row.translation_group]

    async def _section_pages(self, keys: list[tuple[int, int, int]]) -> list[list[models.Article]]:
        # Each section's window is a LIMIT/OFFSET subquery; one statement per distinct
        # window (a document asks for the same window in every section it nests).
        pages: dict[tuple[int, int, int], list[models.Article]] = {}
        windows: dict[tuple[int, int], list[int]] = defaultdict(list)
        for section_id, offset, limit in keys:
            windows[offset, limit].append(section_id)
        self.keys.update(surrogates.section_articles(sid) for sid, _, _ in keys)
        for (offset, limit), section_ids in windows.items():
            wanted = Q(
                *(
                    Q(
                        id__in=Subquery(
                            self.newest_in_section(sid).offset(offset).limit(limit).values("id")
                        )
                    )
                    for sid in section_ids
                ),
                join_type=Q.OR,
            )
            rows = await self.newest_first(models.Article.filter(wanted))
            self.showed(rows)
            for sid in section_ids:
                pages[sid, offset, limit] = [row for row in rows if row.section_id == sid]
        return [pages[key] for key in keys]

    async def _section_counts(self, section_ids: list[int]) -> list[int]:
        self.keys.update(surrogates.section_articles(sid) for sid in section_ids)
        counted = (
            await self.visible_articles()
            .filter(section_id__in=section_ids)
            .annotate(n=Count("id"))
            .group_by("section_id")
            .values_list("section_id", "n")
        )
        counts: dict[int, int] = dict(counted)
        return [counts.get(section_id, 0) for section_id in section_ids]
