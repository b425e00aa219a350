"""Article lifecycle: create, update, publish, unpublish, schedule, trash, restore, purge."""

from collections.abc import Awaitable
from datetime import datetime
from typing import Annotated

import strawberry

import models
import resolvers.article_edits as edits
from resolvers.problems import Problem
from schema import ids
from schema.article import Article
from schema.info import Info
from schema.problems import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
    from_problem,
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


@strawberry.input(description="Only the fields given change.")
class UpdateArticleInput:
    headline: str | None = None
    standfirst: str | None = None
    section_id: strawberry.ID | None = None
    seo_title: str | None = None
    seo_description: str | None = None


CreateArticleResult = Annotated[
    Article | ValidationError | ForbiddenError, strawberry.union("CreateArticleResult")
]
ArticleWriteResult = Annotated[
    Article | ValidationError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("ArticleWriteResult"),
]


async def written(write: Awaitable[models.Article]) -> ArticleWriteResult:
    """The article a write left, or the Problem that stopped it (nothing written)."""
    try:
        row = await write
    except Problem as problem:
        return from_problem(problem)  # type: ignore[return-value]
    return Article.from_row(row)


async def create_article(info: Info, input: CreateArticleInput) -> CreateArticleResult:
    """A new draft at version 1."""
    try:
        row = await edits.create(
            info.context,
            section_id=ids.row_id(input.section_id, "Section") or 0,
            slug=input.slug,
            headline=input.headline,
            standfirst=input.standfirst,
            locale=input.locale,
            seo_title=input.seo_title,
            seo_description=input.seo_description,
        )
    except Problem as problem:
        return from_problem(problem)  # type: ignore[return-value]
    return Article.from_row(row)


async def update_article(
    info: Info, id: strawberry.ID, expected_version: int, input: UpdateArticleInput
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
    )
    return await written(
        edits.update(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
            changes=changes,
        )
    )


async def publish_article(
    info: Info, id: strawberry.ID, expected_version: int
) -> ArticleWriteResult:
    """Publishes now. Refused, with every problem listed, without headline or lead image rights."""
    return await written(
        edits.publish(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
        )
    )


async def unpublish_article(
    info: Info, id: strawberry.ID, expected_version: int
) -> ArticleWriteResult:
    """Takes the article back to draft: gone from every public path."""
    return await written(
        edits.unpublish(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
        )
    )


async def schedule_article(
    info: Info, id: strawberry.ID, expected_version: int, publish_at: datetime
) -> ArticleWriteResult:
    """Publishes at publishAt (with an offset); invisible until then, visible right after."""
    return await written(
        edits.schedule(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
            publish_at=publish_at,
        )
    )


async def delete_article(
    info: Info, id: strawberry.ID, expected_version: int
) -> ArticleWriteResult:
    """Moves the article to the trash (editors): gone from every path until restored."""
    return await written(
        edits.trash(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
        )
    )


async def restore_article(
    info: Info, id: strawberry.ID, expected_version: int
) -> ArticleWriteResult:
    """Takes the article out of the trash, whole: status, body, pictures and teasers."""
    return await written(
        edits.restore(
            info.context,
            article_id=ids.row_id(id, "Article") or 0,
            expected_version=expected_version,
        )
    )


@strawberry.type
class PurgedArticle:
    id: strawberry.ID


PurgeArticleResult = Annotated[
    PurgedArticle | ValidationError | NotFoundError | ForbiddenError,
    strawberry.union("PurgeArticleResult"),
]


async def purge_article(info: Info, id: strawberry.ID) -> PurgeArticleResult:
    """Deletes a trashed article for good (admins); refused while other articles tease it."""
    try:
        await edits.purge(info.context, article_id=ids.row_id(id, "Article") or 0)
    except Problem as problem:
        return from_problem(problem)  # type: ignore[return-value]
    return PurgedArticle(id=id)


async def restore_revision(
    info: Info, id: strawberry.ID, expected_version: int
) -> ArticleWriteResult:
    """Brings back an earlier version's text, lead picture and body, as a new version."""
    return await written(
        edits.restore_revision(
            info.context,
            revision_id=ids.row_id(id, "Revision") or 0,
            expected_version=expected_version,
        )
    )


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
