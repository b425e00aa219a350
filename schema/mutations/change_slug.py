"""changeSlug."""

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def change_slug(
    info: Info, id: ids.ArticleRow, expected_version: int, slug: str
) -> ArticleWriteResult:
    """A new slug; links with the old one keep working and lead to the new one."""
    return await written(
        edits.change_slug(
            info.context,
            article_id=id,
            expected_version=expected_version,
            slug=slug,
        )
    )
