"""What a teaser shows of the story it points at (loaded, or loading: resolvers.loaded)."""

import models
from resolvers import articles, body
from resolvers.context import Context
from resolvers.loaded import Maybe, known, settled, then


async def by_id(ctx: Context, story_id: int) -> body.Resolved | None:
    """A teaser by its id, where the request is shown it: in the body of an article it
    may see, pointing at a story it may see or off-site. Otherwise nothing at all."""
    story = await models.RelatedStory.filter(id=story_id).first()
    host = await articles.by_id(ctx, story.article_id) if story is not None else None
    if host is None:
        return None
    placed = await settled(body.related_stories(ctx, host))
    return next(
        (item for item in placed if item.related_story and item.related_story.id == story_id),
        None,
    )


def target(ctx: Context, story: models.RelatedStory) -> Maybe[models.Article | None]:
    if story.target_id is None:
        return None
    return known(ctx.loaders.article_by_id, story.target_id)


def headline(ctx: Context, story: models.RelatedStory) -> Maybe[str]:
    if story.headline_override:
        return story.headline_override
    return then(target(ctx, story), lambda row: row.headline if row is not None else "")
