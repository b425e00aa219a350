from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

import models
from resolvers import surrogates
from resolvers.context import Context
from resolvers.loaded import Maybe, known


def _bylined(ctx: Context) -> QuerySet[models.Author]:
    """Authors with a published byline: a new hire named only on drafts stays unseen."""
    ctx.shown.add(surrogates.AUTHORS)  # uses come and go with publishing
    bylines = models.ArticleAuthor.filter(ctx.visibility.rule("article__"))
    return models.Author.filter(id__in=Subquery(bylines.values("author_id")))


async def listed(ctx: Context) -> list[models.Author]:
    return await _bylined(ctx).order_by("name", "id")


async def public(ctx: Context, author_id: int) -> models.Author | None:
    return await _bylined(ctx).filter(id=author_id).first()


def of_article(ctx: Context, article: models.Article) -> Maybe[list[models.Author]]:
    return known(ctx.loaders.authors_by_article_id, article.id)
