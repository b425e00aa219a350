"""Per-request DataLoaders: every relation the schema follows is one batched query.

The batch functions only fetch, through the request's visibility (resolvers.visibility);
each loader names beside it the surrogate keys of what it returned (resolvers.surrogates),
recorded as the batch completes. Loaders that fetch a row together with its relations
(select_related) prime the loaders of those relations, so a later lookup of the same row
costs no SQL.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

import models
from resolvers import reads, statements, surrogates
from resolvers.pagination import Window
from resolvers.surrogates import Shown
from resolvers.visibility import Visibility

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Names = Callable[[list[K], Iterable[V]], Iterable[str]]
SectionList = tuple[int, reads.Filters]  # a section's list of articles: its id, its filters
SectionWindow = tuple[int, reads.Filters, Window]  # and one page's window of it


def _ids(name: Callable[[int], str]) -> Names[int, object]:
    """Every id asked is shown, found or not: publishing one may make it appear."""
    return lambda keys, _: map(name, keys)


class Loaders:
    def __init__(self, visibility: Visibility, shown: Shown) -> None:
        self.visibility = visibility
        self.shown = shown
        self.article_by_id = self._one(self._articles, _ids(surrogates.article))
        self.section_by_id = self._one(self._sections, _ids(surrogates.section))
        self.image_by_id = self._one(self._images, _ids(surrogates.image))
        self.caption_by_id = self._one(self._captions, _caption_names)
        self.lead_caption_by_article_id = self._one(self._lead_captions, _caption_names)
        # The agency item an article was imported from: it changes with the article only.
        self.ninjs_source_by_article_id = self._one(self._ninjs_sources, _ids(surrogates.article))
        self.authors_by_article_id = self._many(
            self._bylines, lambda _, rows: (surrogates.author(row.id) for _, row in rows)
        )
        self.tags_by_article_id = self._many(
            self._taggings, lambda _, rows: (surrogates.tag(row.id) for _, row in rows)
        )
        self.related_stories_by_article_id = self._many(self._related_stories, _teaser_names)
        # Every use of a picture, drafts and trash included: for the newsroom's library.
        self.captions_by_image_id = self._many(self._image_captions, lambda _, __: ())
        self.articles_by_translation_group = self._many(
            self._article_translations,
            lambda groups, rows: [
                *map(surrogates.translations, groups),
                *(surrogates.article(row.id) for _, row in rows),
            ],
        )
        self.sections_by_translation_group = self._many(
            self._section_translations, lambda _, __: (surrogates.SECTIONS,)
        )
        # The pages of many sections' lists in one statement, and their lengths.
        self.article_page_by_section: DataLoader[SectionWindow, list[models.Article]] = DataLoader(
            load_fn=self._section_pages
        )
        self.article_count_by_section: DataLoader[SectionList, int] = DataLoader(
            load_fn=self._section_counts
        )

    def release(self) -> None:
        """Drops every cached row once the request has its answer. The loaders and their
        batch functions refer to each other, a cycle only the garbage collector's rare
        full passes free: the rows it held (a homepage's 300 instances and their bodies)
        would otherwise pile up between passes, megabytes per worker under load."""
        for value in vars(self).values():
            if isinstance(value, DataLoader):
                value.clear_all()
                value.batch = None  # the last batch keeps its keys' futures

    def _one(
        self, fetch: Callable[[list[K]], Awaitable[dict[K, V]]], names: Names[K, V]
    ) -> DataLoader[K, V | None]:
        async def batch(keys: list[K]) -> list[V | None]:
            found = await fetch(keys)
            self.shown.update(names(keys, found.values()))
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=batch)

    def _many(
        self,
        fetch: Callable[[list[K]], Awaitable[Sequence[tuple[K, V]]]],
        names: Names[K, tuple[K, V]],
    ) -> DataLoader[K, list[V]]:
        async def batch(keys: list[K]) -> list[list[V]]:
            pairs = await fetch(keys)
            self.shown.update(names(keys, pairs))
            grouped: dict[K, list[V]] = defaultdict(list)
            for key, value in pairs:
                grouped[key].append(value)
            return [grouped[key] for key in keys]

        return DataLoader(load_fn=batch)

    def _prime_captions(self, captions: Iterable[models.Caption]) -> None:
        for caption in captions:
            self.caption_by_id.prime(caption.id, caption)
            self.image_by_id.prime(caption.image_id, caption.image)

    def joined_sections(self, found: list[dict[str, Any]]) -> None:
        """Primes the sections (`s`) and their parents (`p`) that came joined to article
        rows (resolvers.reads.LIST, BY_SLUG). Their keys are recorded where a page shows
        them (resolvers.relations), not here: a list may not show its sections."""
        for alias in ("s", "p"):
            rows = {row[f"{alias}__id"]: row for row in found}
            for section in statements.each(models.Section, rows.values(), alias):
                self.section_by_id.prime(section.id, section)

    # The batch functions: one statement each.

    async def _articles(self, ids: list[int]) -> dict[int, models.Article]:
        seen = self.visibility
        found = await reads.ARTICLES.rows(seen.variant, ids=ids, **seen.values())
        return {row.id: row for row in statements.each(models.Article, found, "a")}

    async def _sections(self, ids: list[int]) -> dict[int, models.Section]:
        found = await reads.SECTIONS.rows(ids=ids)
        return {row.id: row for row in statements.each(models.Section, found, "s")}

    async def _images(self, ids: list[int]) -> dict[int, models.Image]:
        found = await reads.IMAGES.rows(ids=ids)
        return {row.id: row for row in statements.each(models.Image, found, "i")}

    def _pictured(self, found: list[dict[str, Any]]) -> list[models.Caption]:
        """Captions with their pictures, from rows of `caption c JOIN image i`."""
        captions = []
        for row in found:
            caption = statements.one(models.Caption, row, "c")
            if caption is not None:
                statements.attach(caption, "image", statements.one(models.Image, row, "i"))
                captions.append(caption)
        self._prime_captions(captions)
        return captions

    async def _captions(self, ids: list[int]) -> dict[int, models.Caption]:
        return {row.id: row for row in self._pictured(await reads.CAPTIONS.rows(ids=ids))}

    async def _lead_captions(self, article_ids: list[int]) -> dict[int, models.Caption]:
        found = await reads.LEAD_CAPTIONS.rows(ids=article_ids, role=models.CaptionRole.LEAD.value)
        return {row.article_id: row for row in self._pictured(found)}

    async def _ninjs_sources(self, article_ids: list[int]) -> dict[int, models.NinjsSource]:
        rows = await models.NinjsSource.filter(article_id__in=article_ids)
        return {row.article_id: row for row in rows}

    async def _bylines(self, article_ids: list[int]) -> list[tuple[int, models.Author]]:
        found = await reads.BYLINES.rows(ids=article_ids)
        return [
            (row["article_id"], author)
            for row, author in zip(found, statements.each(models.Author, found, "au"), strict=True)
        ]

    async def _taggings(self, article_ids: list[int]) -> list[tuple[int, models.Tag]]:
        found = await reads.TAGGINGS.rows(ids=article_ids)
        return [
            (row["article_id"], tag)
            for row, tag in zip(found, statements.each(models.Tag, found, "t"), strict=True)
        ]

    async def _image_captions(self, image_ids: list[int]) -> list[tuple[int, models.Caption]]:
        rows = await models.Caption.filter(image_id__in=image_ids).order_by("article_id", "id")
        return [(row.image_id, row) for row in rows]

    async def _related_stories(
        self, article_ids: list[int]
    ) -> list[tuple[int, models.RelatedStory]]:
        seen = self.visibility
        found = await reads.TEASERS.rows(seen.variant, ids=article_ids, **seen.values())
        stories = []
        for row in found:
            story = statements.one(models.RelatedStory, row, "rs")
            if story is None:
                continue
            # Set even when None (no target, no picture), as select_related does: an unset
            # relation would be fetched on first use instead.
            target = statements.one(models.Article, row, "t")
            caption = statements.one(models.Caption, row, "c")
            statements.attach(story, "target", target)
            statements.attach(story, "caption", caption)
            if target is not None:
                self.article_by_id.prime(target.id, target)
            if caption is not None:
                statements.attach(caption, "image", statements.one(models.Image, row, "i"))
                self._prime_captions([caption])
            stories.append((story.article_id, story))
        return stories

    async def _article_translations(self, groups: list[UUID]) -> list[tuple[UUID, models.Article]]:
        seen = self.visibility
        found = await reads.TRANSLATIONS.rows(seen.variant, groups=groups, **seen.values())
        return [(row.translation_group, row) for row in statements.each(models.Article, found, "a")]

    async def _section_translations(self, groups: list[UUID]) -> list[tuple[UUID, models.Section]]:
        rows = await models.Section.filter(translation_group__in=groups).order_by("locale")
        return [(row.translation_group, row) for row in rows if row.translation_group]

    async def _section_pages(self, keys: list[SectionWindow]) -> list[list[models.Article]]:
        # One statement per distinct filters and window (a document asks for the same
        # window in every section it nests), each section's rows ranked within it.
        pages: dict[SectionWindow, list[models.Article]] = {}
        batches: dict[tuple[reads.Filters, Window], list[int]] = defaultdict(list)
        for section_id, narrowed, window in keys:
            batches[narrowed, window].append(section_id)
        self._show_lists(keys)
        for (narrowed, window), section_ids in batches.items():
            forms, values = statements.window_values(window)
            variant = ":".join([self.visibility.variant, *narrowed.forms(), narrowed.order, *forms])
            found = await reads.SECTION_PAGES.rows(
                variant,
                ids=section_ids,
                **self.visibility.values(),
                **narrowed.values(),
                **values,
            )
            rows = statements.each(models.Article, found, "a")
            self.shown.articles(rows)
            held: dict[int, list[models.Article]] = defaultdict(list)
            for row, article in zip(found, rows, strict=True):
                held[row["root"]].append(article)
            for section_id in section_ids:
                pages[section_id, narrowed, window] = held[section_id]
        return [pages[key] for key in keys]

    async def _section_counts(self, keys: list[SectionList]) -> list[int]:
        self._show_lists(keys)
        batches: dict[reads.Filters, list[int]] = defaultdict(list)
        for section_id, narrowed in keys:
            batches[narrowed].append(section_id)
        counts: dict[SectionList, int] = {}
        for narrowed, section_ids in batches.items():
            variant = ":".join([self.visibility.variant, *narrowed.forms()])
            found = await reads.SECTION_LENGTHS.rows(
                variant, ids=section_ids, **self.visibility.values(), **narrowed.values()
            )
            lengths = {row["root"]: int(row["n"]) for row in found}
            for section_id in section_ids:
                counts[section_id, narrowed] = lengths.get(section_id, 0)
        return [counts[key] for key in keys]

    def _show_lists(self, keys: Iterable[tuple[Any, ...]]) -> None:
        """A section's list shows its own key; one holding its subsections also depends on
        which sections are below it, which any section's write may change."""
        for section_id, narrowed, *_ in keys:
            self.shown.add(surrogates.section_articles(section_id))
            if narrowed.include_subsections:
                self.shown.add(surrogates.SECTIONS)


def _caption_names(_: object, captions: Iterable[models.Caption]) -> Iterable[str]:
    """A caption shows its picture (the caption's own text changes with its article)."""
    return (surrogates.image(caption.image_id) for caption in captions)


def _teaser_names(
    article_ids: list[int], pairs: Iterable[tuple[int, models.RelatedStory]]
) -> Iterable[str]:
    """A teaser shows its target and its picture; a teaser hidden now (its target not
    published) shows once the target is out, so the host's teasers are a key of their own."""
    yield from map(surrogates.teasers, article_ids)
    for _, row in pairs:
        if row.target_id is not None:
            yield surrogates.article(row.target_id)
        if row.caption is not None:
            yield surrogates.image(row.caption.image_id)
