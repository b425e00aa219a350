"""unlinkTranslation: an article becomes a story of its own."""

import strawberry

from resolvers import translations
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def unlink_translation(
    info: Info, id: strawberry.ID, expected_version: int
) -> ArticleWriteResult:
    """The article becomes a story of its own, with no other language versions."""
    return await written(
        translations.unlink(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
        )
    )
