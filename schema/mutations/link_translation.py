"""linkTranslation: an article becomes a language version of another story."""

from resolvers import translations
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def link_translation(
    info: Info, id: ids.ArticleRow, expected_version: int, translation_of: ids.ArticleRow
) -> ArticleWriteResult:
    """Makes the article a language version of `translationOf`'s story (one per locale)."""
    return await written(
        translations.link(
            info.context,
            article_id=id,
            expected_version=expected_version,
            translation_of=translation_of,
        )
    )
