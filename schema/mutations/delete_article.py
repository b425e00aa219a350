"""deleteArticle: to the trash."""

from resolvers import trash
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def delete_article(
    info: Info, id: ids.ArticleRow, expected_version: int
) -> ArticleWriteResult:
    """Moves the article to the trash (editors): gone from every path until restored."""
    return await written(
        trash.trash(
            info.context,
            article_id=id,
            expected_version=expected_version,
        )
    )
