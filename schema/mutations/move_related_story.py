"""moveRelatedStory."""

import resolvers.related_story_edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def move_related_story(
    info: Info, id: ids.RelatedStoryRow, expected_version: int, to: int
) -> ArticleWriteResult:
    """Moves a teaser (RelatedStory.id) so its block stands at index `to` of the body.

    expectedVersion is the article's version.
    """
    return await written(
        resolvers.related_story_edits.move(
            info.context,
            story_id=id,
            expected_version=expected_version,
            to=to,
        )
    )
