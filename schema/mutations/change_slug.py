"""changeSlug."""

import strawberry

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def change_slug(
    info: Info, id: strawberry.ID, expected_version: int, slug: str
) -> ArticleWriteResult:
    """A new slug; links with the old one keep working and lead to the new one."""
    return await written(
        edits.change_slug(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
            slug=slug,
        )
    )
