"""setEmbargo."""

from datetime import datetime

from resolvers import publishing
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


async def set_embargo(
    info: Info, id: ids.ArticleRow, expected_version: int, until: datetime | None
) -> ArticleWriteResult:
    """Hides the article from readers until `until` (with an offset), whatever its status.

    Publish or schedule it ahead as usual; it shows once both times have come.
    `until: null` lifts the embargo.
    """
    return await written(
        publishing.set_embargo(
            info.context,
            article_id=id,
            expected_version=expected_version,
            until=until,
        )
    )
