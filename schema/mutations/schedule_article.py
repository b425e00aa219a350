"""scheduleArticle."""

from datetime import datetime

from resolvers import publishing
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def schedule_article(
    info: Info, id: ids.ArticleRow, expected_version: int, publish_at: datetime
) -> ArticleWriteResult:
    """Publishes at publishAt (with an offset); invisible until then, visible right after."""
    return await written(
        publishing.schedule(
            info.context,
            article_id=id,
            expected_version=expected_version,
            publish_at=publish_at,
        )
    )
