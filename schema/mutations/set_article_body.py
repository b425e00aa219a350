"""setArticleBody."""

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written
from schema.mutations.block_input import BodyBlockInput


async def set_article_body(
    info: Info, id: ids.ArticleRow, expected_version: int, blocks: list[BodyBlockInput]
) -> ArticleWriteResult:
    """Replaces the body: paragraphs, pictures with captions, teasers where they stand."""
    return await written(
        edits.set_body(
            info.context,
            article_id=id,
            expected_version=expected_version,
            blocks=[block.spec() for block in blocks],
        )
    )
