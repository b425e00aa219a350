"""What a request may see of articles: the one rule every read path uses.

The public sees what is published (models.visible: out, its time come, no embargo holding
it); a newsroom account or a preview:read token sees drafts too; a preview link sees the
drafts it opens besides what the public sees. Nobody reads the trash. Reads anywhere
(lists, lookups, relations, teasers, a picture's or a byline's public use) go through
here, so the views cannot drift apart.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import F, Q
from tortoise.functions import Coalesce
from tortoise.queryset import QuerySet

import models


@dataclass(frozen=True)
class Visibility:
    now: datetime  # one reading per request, so every path agrees on what is out
    drafts: bool = False  # every article not in the trash
    draft_ids: frozenset[int] = frozenset()  # the drafts a preview link opens

    def rule(self, prefix: str = "") -> Q:
        """The rule as a filter, through `prefix` (a relation path, e.g. "article__")."""
        kept: dict[str, Any] = {f"{prefix}deleted_at__isnull": True}
        if self.drafts:
            return Q(**kept)
        public = models.visible(self.now, prefix)
        if self.draft_ids:
            named: dict[str, Any] = {f"{prefix}id__in": self.draft_ids}
            return public | Q(Q(**named), Q(**kept))
        return public

    def articles(self) -> QuerySet[models.Article]:
        return models.Article.filter(self.rule())

    def teasers(self, article_ids: list[int]) -> QuerySet[models.RelatedStory]:
        """The related stories of these articles this request may see: a teaser for an
        article it may not see is dropped whole, since its headline would leak."""
        return models.RelatedStory.filter(article_id__in=article_ids).filter(
            Q(target_id=None) | self.rule("target__")
        )

    def in_section(self, section_id: int) -> QuerySet[models.Article]:
        return newest_first(self.articles().filter(section_id=section_id))


def newest_first(rows: QuerySet[models.Article]) -> QuerySet[models.Article]:
    # Drafts (in a preview) have no publication time; databases disagree on where NULLs
    # sort, so they sort by creation time instead, the same on every database.
    return rows.annotate(newest=Coalesce("published_at", F("created_at"))).order_by(
        "-newest", "-id"
    )
