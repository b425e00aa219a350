"""Preview links: a signed, expiring token that shows one unpublished article to anyone.

A link goes to people outside the newsroom (a source checking a quote, a lawyer), so it
opens only what the article's page shows: the article, its language versions and the
articles its own teasers point at, each as drafts. Everything else stays as the public
sees it. A link stops working when it expires, when the article goes to the trash, or
when the account that made it is deactivated.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import models
from auth import tokens
from resolvers.article_edits import signed_in
from resolvers.context import Context
from resolvers.permissions import may_edit
from resolvers.problems import Invalid, NotFound

TTL_MIN = timedelta(minutes=1)
TTL_MAX = timedelta(days=7)


@dataclass(frozen=True)
class PreviewLink:
    token: str
    article_id: int
    expires_at: datetime


async def create(ctx: Context, *, article_id: int, ttl: timedelta) -> PreviewLink:
    """Whoever may edit an article (writers: their own drafts) may share a preview of it."""
    user = signed_in(ctx)
    if not TTL_MIN <= ttl <= TTL_MAX:
        raise Invalid("ttlSeconds must be between 60 and 604800 (seven days).", ("ttlSeconds",))
    article = await models.Article.filter(id=article_id, deleted_at__isnull=True).first()
    if article is None:
        raise NotFound(f"No article {article_id}.", ("articleId",))
    may_edit(user, article)
    token = tokens.issue_preview(
        article_id=article_id,
        by=user.id,
        secret=ctx.tokens.secret,
        now=ctx.now,
        ttl=ttl,
    )
    return PreviewLink(token=token, article_id=article_id, expires_at=ctx.now + ttl)


async def scope(article_id: int) -> frozenset[int]:
    """The articles a preview link of `article_id` shows as drafts."""
    article = await models.Article.filter(id=article_id).only("translation_group").first()
    if article is None:  # purged since the link was made
        return frozenset()
    versions = [
        row.id
        for row in await models.Article.filter(translation_group=article.translation_group).only(
            "id"
        )
    ]
    # Only this version's teasers: another language's may point at drafts the link's
    # recipient was never meant to see.
    teasers = await models.RelatedStory.filter(article_id=article_id, target_id__isnull=False).only(
        "target_id"
    )
    return frozenset(
        {*versions, *(story.target_id for story in teasers if story.target_id is not None)}
    )
