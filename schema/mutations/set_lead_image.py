"""setLeadImage."""

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written
from schema.mutations.block_input import PictureInput


async def set_lead_image(
    info: Info, id: ids.ArticleRow, expected_version: int, image: PictureInput
) -> ArticleWriteResult:
    """Sets the lead picture and its caption for this article."""
    return await written(
        edits.set_lead_image(
            info.context,
            article_id=id,
            expected_version=expected_version,
            picture=image.spec(),
        )
    )
