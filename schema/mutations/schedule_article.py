"""scheduleArticle."""

from datetime import datetime

import strawberry

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def schedule_article(
    info: Info, id: strawberry.ID, expected_version: int, publish_at: datetime
) -> ArticleWriteResult:
    """Publishes at publishAt (with an offset); invisible until then, visible right after."""
    return await written(
        edits.schedule(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
            publish_at=publish_at,
        )
    )
