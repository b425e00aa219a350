"""unlinkTranslation: an article becomes a story of its own."""

from resolvers import translations
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def unlink_translation(
    info: Info, id: ids.ArticleRow, expected_version: int
) -> ArticleWriteResult:
    """The article becomes a story of its own, with no other language versions."""
    return await written(
        translations.unlink(
            info.context,
            article_id=id,
            expected_version=expected_version,
        )
    )
