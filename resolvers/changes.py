"""What a request's successful writes changed for readers: the keys to drop."""

from resolvers import surrogates
from resolvers.context import Context


async def of(ctx: Context) -> set[str]:
    """Every key this request's writes changed (articles readers never saw: none)."""
    keys = set(ctx.changed_keys)
    for article_id, seen in ctx.changed_articles.items():
        if seen:
            before = ctx.pictures_before.get(article_id, frozenset())
            keys |= await surrogates.changed_article(article_id, before)
    return keys
