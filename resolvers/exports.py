"""What the article's exports (ninjs items, JSON-LD, and the feeds to come) share: the
relations each reads, through the request's loaders, and the way they leave empty values
out rather than write them."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import models
from resolvers import authors, captions, sections, tags
from resolvers.context import Context
from resolvers.loaded import settled


@dataclass(frozen=True)
class Told:
    """An article with what every export tells of it besides its own columns."""

    article: models.Article
    section: models.Section
    byline: list[models.Author]
    tags: list[models.Tag]
    lead: models.Caption | None


async def told(ctx: Context, article: models.Article) -> Told:
    return Told(
        article,
        await settled(sections.of_article(ctx, article)),
        await settled(authors.of_article(ctx, article)),
        await settled(tags.of_article(ctx, article)),
        await settled(captions.lead(ctx, article)),
    )


def present(values: dict[str, Any]) -> dict[str, Any]:
    """The values that say something: formats like ninjs and schema.org leave a property
    out rather than give it an empty value."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def when(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
