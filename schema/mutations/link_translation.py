"""linkTranslation: an article becomes a language version of another story."""

import strawberry

from resolvers import translations
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def link_translation(
    info: Info, id: strawberry.ID, expected_version: int, translation_of: strawberry.ID
) -> ArticleWriteResult:
    """Makes the article a language version of `translationOf`'s story (one per locale)."""
    return await written(
        translations.link(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
            translation_of=ids.row_id(translation_of, "Article") or 0,
        )
    )
