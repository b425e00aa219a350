"""What a teaser shows of the story it points at (loaded, or loading: resolvers.loaded)."""

import models
from resolvers.context import Context
from resolvers.loaded import Maybe, known, then


def target(ctx: Context, story: models.RelatedStory) -> Maybe[models.Article | None]:
    if story.target_id is None:
        return None
    return known(ctx.loaders.article_by_id, story.target_id)


def headline(ctx: Context, story: models.RelatedStory) -> Maybe[str]:
    if story.headline_override:
        return story.headline_override
    return then(target(ctx, story), lambda row: row.headline if row is not None else "")
