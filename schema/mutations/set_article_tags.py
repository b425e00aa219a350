"""setArticleTags."""

import strawberry

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def set_article_tags(
    info: Info, id: strawberry.ID, expected_version: int, tag_ids: list[strawberry.ID]
) -> ArticleWriteResult:
    """The article's tags (an empty list for none); each tag once."""
    return await written(
        edits.set_tags(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
            tag_ids=[ids.row_id(tag_id, "Tag") for tag_id in tag_ids],
        )
    )
