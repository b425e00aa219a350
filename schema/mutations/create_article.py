"""createArticle: a new draft."""

from typing import Annotated

import strawberry

import resolvers.article_edits as edits
from schema import ids
from schema.article import Article
from schema.info import Info
from schema.problems import (
    ForbiddenError,
    ValidationError,
)


@strawberry.input
class CreateArticleInput:
    section_id: strawberry.ID
    slug: str
    headline: str
    standfirst: str = ""
    locale: str | None = None
    seo_title: str = ""
    seo_description: str = ""
    editor_note: str = strawberry.field(
        default="", description="Internal: shown to newsroom accounts only."
    )
    translation_of: strawberry.ID | None = strawberry.field(
        default=None,
        description="An article of the story this one is a language version of: the new "
        "article joins its translations (one per locale).",
    )


CreateArticleResult = Annotated[
    Article | ValidationError | ForbiddenError, strawberry.union("CreateArticleResult")
]


async def create_article(info: Info, input: CreateArticleInput) -> CreateArticleResult:
    """A new draft at version 1."""
    row = await edits.create(
        info.context,
        section_id=ids.row_id(input.section_id, "Section") or 0,
        slug=input.slug,
        headline=input.headline,
        standfirst=input.standfirst,
        locale=input.locale,
        seo_title=input.seo_title,
        seo_description=input.seo_description,
        editor_note=input.editor_note,
        translation_of=(
            ids.row_id(input.translation_of, "Article") or 0
            if input.translation_of is not None
            else None
        ),
    )
    return Article.from_row(row)
