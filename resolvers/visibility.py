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

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

import models
from resolvers.statements import Params

PUBLIC, DRAFTS, LINKS = "public", "drafts", "links"


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

    @property
    def variant(self) -> str:
        """Which of the rule's three forms applies: its SQL text depends on it alone."""
        return DRAFTS if self.drafts else LINKS if self.draft_ids else PUBLIC

    def values(self) -> dict[str, Any]:
        """The values the rule's SQL (`sql`) names."""
        return {"now": self.now, "draft_ids": sorted(self.draft_ids)}

    def articles(self) -> QuerySet[models.Article]:
        return models.Article.filter(self.rule())

    def teasers(self, article_ids: list[int]) -> QuerySet[models.RelatedStory]:
        """The related stories of these articles this request may see: a teaser for an
        article it may not see is dropped whole, since its headline would leak."""
        return models.RelatedStory.filter(article_id__in=article_ids).filter(
            Q(target_id=None) | self.rule("target__")
        )

    def pictures(self) -> QuerySet[models.Caption]:
        """The captions that show their pictures to this request: a lead or inline
        caption of an article it may see, or the caption of a teaser it is shown (a
        teaser's caption belongs to the article it sits in, so the host being visible is
        not enough: a teaser to a draft often carries that draft's own lead photo)."""
        shown_teasers = models.RelatedStory.filter(
            Q(target_id=None) | self.rule("target__")
        ).values("caption_id")
        return models.Caption.filter(self.rule("article__")).filter(
            Q(role__not=models.CaptionRole.TEASER) | Q(id__in=Subquery(shown_teasers))
        )


def sql(variant: str, params: Params, alias: str) -> str:
    """The rule as SQL on the article table `alias`, in one of its forms (`variant`); the
    same rule as `Visibility.rule` and models.visible, for statements written by hand."""
    kept = f'{alias}."deleted_at" IS NULL'
    if variant == DRAFTS:
        return kept
    out = ", ".join(f"'{status.value}'" for status in models.PUBLIC_STATUSES)
    public = (
        f'{alias}."status" IN ({out}) AND {alias}."published_at" <= {params("now")} '
        f'AND {kept} AND ({alias}."embargoed_until" IS NULL '
        f'OR {alias}."embargoed_until" <= {params("now")})'
    )
    if variant == LINKS:
        opened = params.any(alias + '."id"', "draft_ids")
        return f"(({public}) OR ({opened} AND {kept}))"
    return public
