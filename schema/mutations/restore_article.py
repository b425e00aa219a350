"""restoreArticle: out of the trash."""

import strawberry

from resolvers import trash
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def restore_article(
    info: Info, id: strawberry.ID, expected_version: int
) -> ArticleWriteResult:
    """Takes the article out of the trash, whole: status, body, pictures and teasers."""
    return await written(
        trash.restore(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
        )
    )
