"""unpublishArticle."""

from resolvers import publishing
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def unpublish_article(
    info: Info, id: ids.ArticleRow, expected_version: int
) -> ArticleWriteResult:
    """Takes the article back to draft: gone from every public path."""
    return await written(
        publishing.unpublish(
            info.context,
            article_id=id,
            expected_version=expected_version,
        )
    )
