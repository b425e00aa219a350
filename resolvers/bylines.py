"""An article's bylines and tags as rows: checked ids, and the rows replaced whole.

The writes that set them (resolvers.article_edits: setArticleAuthors, setArticleTags,
and restoring a revision) are article writes like any other; this module only knows the
rows. Every id that is wrong is named at once, by its place in the list.
"""

from collections.abc import Sequence

from tortoise.models import Model

import models
from resolvers.problems import Invalid


async def checked(
    model: type[Model], given: Sequence[int | None], argument: str, noun: str
) -> list[int]:
    """The ids as given (None stands for an id of another type), or Invalid naming each
    bad place: an unknown id, or one given twice."""
    found = await model.filter(id__in=[i for i in given if i is not None]).values_list(
        "id", flat=True
    )
    known = {int(str(row_id)) for row_id in found}
    seen: set[int] = set()
    problems = []
    for place, row_id in enumerate(given):
        if row_id is None or row_id not in known:
            problems.append(f"{argument}.{place}: no such {noun}")
        elif row_id in seen:
            problems.append(f"{argument}.{place}: the same {noun} again")
        else:
            seen.add(row_id)
    if problems:  # as the body's checks word them (resolvers.bodies)
        raise Invalid("; ".join(problems) + ".", tuple(p.partition(":")[0] for p in problems))
    return [i for i in given if i is not None]


async def replace_authors(article_id: int, author_ids: Sequence[int]) -> None:
    """The byline, in the order given."""
    await models.ArticleAuthor.filter(article_id=article_id).delete()
    await models.ArticleAuthor.bulk_create(
        [
            models.ArticleAuthor(article_id=article_id, author_id=author_id, position=place)
            for place, author_id in enumerate(author_ids)
        ]
    )


async def replace_tags(article_id: int, tag_ids: Sequence[int]) -> None:
    """The tags (read back in the tags' own order: by name)."""
    await models.ArticleTag.filter(article_id=article_id).delete()
    await models.ArticleTag.bulk_create(
        [models.ArticleTag(article_id=article_id, tag_id=tag_id) for tag_id in tag_ids]
    )
