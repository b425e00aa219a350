"""addRelatedStory."""

import resolvers.related_story_edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written
from schema.mutations.block_input import TeaserInput


async def add_related_story(
    info: Info, id: ids.ArticleRow, expected_version: int, at: int, story: TeaserInput
) -> ArticleWriteResult:
    """Places a teaser before the body block now at index `at` (the body's length: at the end)."""
    return await written(
        resolvers.related_story_edits.add(
            info.context,
            article_id=id,
            expected_version=expected_version,
            at=at,
            teaser=story.spec(),
        )
    )
