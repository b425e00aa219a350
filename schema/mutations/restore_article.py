"""restoreArticle: out of the trash."""

from resolvers import trash
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def restore_article(
    info: Info, id: ids.ArticleRow, expected_version: int
) -> ArticleWriteResult:
    """Takes the article out of the trash, whole: status, body, pictures and teasers."""
    return await written(
        trash.restore(
            info.context,
            article_id=id,
            expected_version=expected_version,
        )
    )
