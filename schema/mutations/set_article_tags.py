"""setArticleTags."""

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def set_article_tags(
    info: Info, id: ids.ArticleRow, expected_version: int, tag_ids: ids.TagRows
) -> ArticleWriteResult:
    """The article's tags (an empty list for none); each tag once."""
    return await written(
        edits.set_tags(
            info.context,
            article_id=id,
            expected_version=expected_version,
            tag_ids=tag_ids,
        )
    )
