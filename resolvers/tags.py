from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

import models
from resolvers import surrogates
from resolvers.context import Context
from resolvers.loaded import Maybe, known


def _in_use(ctx: Context) -> QuerySet[models.Tag]:
    """Tags on published articles: a tag made for an embargoed story stays unseen."""
    ctx.shown.add(surrogates.TAGS)  # uses come and go with publishing
    taggings = models.ArticleTag.filter(ctx.visibility.rule("article__"))
    return models.Tag.filter(id__in=Subquery(taggings.values("tag_id")))


async def listed(ctx: Context) -> list[models.Tag]:
    return await _in_use(ctx).order_by("name", "id")


async def public(ctx: Context, tag_id: int) -> models.Tag | None:
    return await _in_use(ctx).filter(id=tag_id).first()


def of_article(ctx: Context, article: models.Article) -> Maybe[list[models.Tag]]:
    return known(ctx.loaders.tags_by_article_id, article.id)
