"""setArticleAuthors."""

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def set_article_authors(
    info: Info, id: ids.ArticleRow, expected_version: int, author_ids: ids.AuthorRows
) -> ArticleWriteResult:
    """The article's byline, in this order (an empty list for none); each author once."""
    return await written(
        edits.set_authors(
            info.context,
            article_id=id,
            expected_version=expected_version,
            author_ids=author_ids,
        )
    )
