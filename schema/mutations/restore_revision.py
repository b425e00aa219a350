"""restoreRevision."""

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def restore_revision(
    info: Info, id: ids.RevisionRow, expected_version: int
) -> ArticleWriteResult:
    """Brings back an earlier version's text, lead picture and body, as a new version."""
    return await written(
        edits.restore_revision(
            info.context,
            revision_id=id,
            expected_version=expected_version,
        )
    )
