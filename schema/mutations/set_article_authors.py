"""setArticleAuthors."""

import strawberry

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def set_article_authors(
    info: Info, id: strawberry.ID, expected_version: int, author_ids: list[strawberry.ID]
) -> ArticleWriteResult:
    """The article's byline, in this order (an empty list for none); each author once."""
    return await written(
        edits.set_authors(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
            author_ids=[ids.row_id(author_id, "Author") for author_id in author_ids],
        )
    )
