import re

from tortoise.fields.data import CharField
from tortoise.models import Model

# Lowercase words joined by hyphens: the one slug rule for articles, sections, authors, tags.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _limit(model: type[Model]) -> int | None:
    field = model._meta.fields_map["slug"]
    return field.max_length if isinstance(field, CharField) else None


def well_formed(model: type[Model], slug: str) -> bool:
    """Follows the slug rule and fits `model`'s slug column."""
    limit = _limit(model)
    return bool(SLUG.fullmatch(slug)) and (limit is None or len(slug) <= limit)


def findable(model: type[Model], slug: str) -> bool:
    """Could a row of `model` carry this slug?

    One longer than the column, or with a NUL byte (PostgreSQL refuses those in text),
    names nothing; asking the database would only turn a miss into an error.
    """
    limit = _limit(model)
    return "\x00" not in slug and (limit is None or len(slug) <= limit)
