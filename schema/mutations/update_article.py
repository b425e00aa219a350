"""updateArticle: a partial update checked against the version the editor saw."""

import strawberry

import resolvers.article_edits as edits
from schema import ids
from schema.info import Info
from schema.mutations.article_write import ArticleWriteResult, written


@strawberry.input(description="Only the fields given change.")
class UpdateArticleInput:
    headline: str | None = None
    standfirst: str | None = None
    section_id: strawberry.ID | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    editor_note: str | None = strawberry.field(
        default=None, description="Internal: shown to newsroom accounts only."
    )


async def update_article(
    info: Info, id: ids.ArticleRow, expected_version: int, input: UpdateArticleInput
) -> ArticleWriteResult:
    """Changes the given fields if the article is still at expectedVersion."""
    section_id = None
    if input.section_id is not None:
        section_id = ids.row_id(input.section_id, "Section") or 0
    changes = edits.Changes(
        headline=input.headline,
        standfirst=input.standfirst,
        section_id=section_id,
        seo_title=input.seo_title,
        seo_description=input.seo_description,
        editor_note=input.editor_note,
    )
    return await written(
        edits.update(
            info.context,
            article_id=id,
            expected_version=expected_version,
            changes=changes,
        )
    )
