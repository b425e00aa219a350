"""unpublishArticle."""

import strawberry

from resolvers import publishing
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def unpublish_article(
    info: Info, id: strawberry.ID, expected_version: int
) -> ArticleWriteResult:
    """Takes the article back to draft: gone from every public path."""
    return await written(
        publishing.unpublish(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
        )
    )
