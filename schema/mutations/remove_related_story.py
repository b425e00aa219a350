"""removeRelatedStory."""

import resolvers.related_story_edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def remove_related_story(
    info: Info, id: ids.RelatedStoryRow, expected_version: int
) -> ArticleWriteResult:
    """Takes a teaser (RelatedStory.id) out of the body. expectedVersion is the article's."""
    return await written(
        resolvers.related_story_edits.remove(
            info.context,
            story_id=id,
            expected_version=expected_version,
        )
    )
