"""Language versions: articles (and sections) of one story share a translation group.

A group holds at most one version per locale. A new article joins its original's group
(`createArticle(input: {translationOf})`); an existing one joins another's with
linkTranslation and leaves with unlinkTranslation, each an article write like any other.
"""

import uuid
from uuid import UUID

import models
from resolvers import article_edits
from resolvers.context import Context


async def link(
    ctx: Context, *, article_id: int, expected_version: int, translation_of: int
) -> models.Article:
    """Makes the article a language version of `translation_of`'s story."""
    editor, article = await article_edits.editable(ctx, article_id)
    group = await article_edits.translation_group(
        translation_of, article.locale, field="translationOf", but=article.id
    )
    return await _moved(ctx, editor, article, expected_version, group, "linked as a translation")


async def unlink(ctx: Context, *, article_id: int, expected_version: int) -> models.Article:
    """The article becomes a story of its own: no other language versions."""
    editor, article = await article_edits.editable(ctx, article_id)
    return await _moved(ctx, editor, article, expected_version, uuid.uuid4(), "unlinked")


async def _moved(
    ctx: Context,
    editor: models.User,
    article: models.Article,
    expected_version: int,
    group: UUID,
    message: str,
) -> models.Article:
    async with article_edits.write_transaction():
        current = await article_edits.claim(
            article, expected_version, {"translation_group": group}, at=ctx.now
        )
        await article_edits.record_revision(ctx, current, editor, message)
    return current
