"""publishArticle."""

from resolvers import publishing
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def publish_article(
    info: Info, id: ids.ArticleRow, expected_version: int
) -> ArticleWriteResult:
    """Publishes now. Refused, with every problem listed, without headline or lead image rights."""
    return await written(
        publishing.publish(
            info.context,
            article_id=id,
            expected_version=expected_version,
        )
    )
