"""Relations loaded before fields resolve: every row a page will show, in batches.

A list or lookup resolver calls `load` with the rows it found and what its selection asks
of them (`Needs`, worked out by schema.selection). Each relation is one batched statement
through the request's loaders, whatever the page size, and all of a level's relations run
at once; what they point at (teasers' targets, language versions) is loaded the same way,
as deep as the selection goes. Afterwards the fields find their rows in the loaders and
resolve without an awaitable (resolvers.loaded).
"""

import asyncio
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any

import models
from resolvers import surrogates
from resolvers.loaders import Loaders


@dataclass(frozen=True)
class Needs:
    """What a selection shows of a set of articles beyond their own columns."""

    section: bool = False
    section_parent: bool = False
    bylines: bool = False
    tags: bool = False
    lead: bool = False  # the lead caption, with its picture
    teasers: bool = False  # related stories, with their captions and pictures
    body_captions: bool = False  # the captions (and pictures) of the body's image blocks
    targets: "Needs | None" = None  # what the teased articles show
    translations: "Needs | None" = None  # what the other language versions show


async def load(
    loaders: Loaders,
    rows: Sequence[models.Article],
    needs: Needs,
    *,
    also: Sequence[Awaitable[Any]] = (),
) -> None:
    """Loads what `needs` names for `rows` (and runs `also`, a page's count, beside it)."""
    ids = [row.id for row in rows]
    work: list[Awaitable[Any]] = list(also)
    if rows:
        if needs.section:
            section_ids = sorted({r.section_id for r in rows})
            # Recorded here: a list's sections may have come primed (Loaders.joined_sections).
            loaders.shown.update(map(surrogates.section, section_ids))
            work.append(loaders.section_by_id.load_many(section_ids))
        if needs.bylines:
            work.append(loaders.authors_by_article_id.load_many(ids))
        if needs.tags:
            work.append(loaders.tags_by_article_id.load_many(ids))
        if needs.lead:
            work.append(loaders.lead_caption_by_article_id.load_many(ids))
        if needs.teasers:
            work.append(loaders.related_stories_by_article_id.load_many(ids))
        if needs.body_captions:
            work.append(loaders.caption_by_id.load_many(_body_captions(rows)))
        if needs.translations is not None:
            groups = sorted({row.translation_group for row in rows}, key=str)
            work.append(loaders.articles_by_translation_group.load_many(groups))
    await asyncio.gather(*work)
    if not rows:
        return
    deeper: list[Awaitable[None]] = []
    if needs.section and needs.section_parent:
        sections = await loaders.section_by_id.load_many(sorted({r.section_id for r in rows}))
        parents = sorted({s.parent_id for s in sections if s is not None and s.parent_id})
        loaders.shown.update(map(surrogates.section, parents))
        deeper.append(_loaded(loaders.section_by_id.load_many(parents)))
    if needs.teasers and needs.targets is not None:
        stories = await loaders.related_stories_by_article_id.load_many(ids)
        targets = await loaders.article_by_id.load_many(
            sorted({s.target_id for group in stories for s in group if s.target_id is not None})
        )
        deeper.append(load(loaders, [t for t in targets if t is not None], needs.targets))
    if needs.translations is not None:
        groups = sorted({row.translation_group for row in rows}, key=str)
        versions = await loaders.articles_by_translation_group.load_many(groups)
        deeper.append(
            load(loaders, [row for group in versions for row in group], needs.translations)
        )
    await asyncio.gather(*deeper)


async def _loaded(work: Awaitable[Any]) -> None:
    await work


def _body_captions(rows: Sequence[models.Article]) -> list[int]:
    # The stored blocks as they are: validated on write (models.body.read_body).
    return sorted(
        {item["caption_id"] for row in rows for item in row.body if item["type"] == "image"}
    )
