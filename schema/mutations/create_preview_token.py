"""createPreviewToken."""

from datetime import datetime, timedelta
from typing import Annotated

import strawberry

import resolvers.previews
from schema import ids
from schema.info import Info
from schema.problems import ForbiddenError, NotFoundError, ValidationError


@strawberry.type(description="Send `token` as `Authorization: Bearer <token>` until expiresAt.")
class PreviewToken:
    token: str
    article_id: strawberry.ID
    expires_at: datetime


CreatePreviewTokenResult = Annotated[
    PreviewToken | ValidationError | NotFoundError | ForbiddenError,
    strawberry.union("CreatePreviewTokenResult"),
]


async def create_preview_token(
    info: Info, article_id: ids.ArticleRow, ttl_seconds: int = 3600
) -> CreatePreviewTokenResult:
    """A signed link token showing one unpublished article, as its page would, to anyone.

    It opens the article, its language versions and the articles its teasers point at,
    drafts included, and nothing else; it expires after ttlSeconds (at most seven days).
    """
    link = await resolvers.previews.create(
        info.context,
        article_id=article_id,
        ttl=timedelta(seconds=ttl_seconds),
    )
    return PreviewToken(
        token=link.token,
        article_id=ids.global_id("Article", article_id),
        expires_at=link.expires_at,
    )
