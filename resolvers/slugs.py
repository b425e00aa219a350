import re
import unicodedata
from typing import Any

from tortoise.fields.data import CharField
from tortoise.models import Model

import models

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


def made(model: type[Model], text: str) -> str:
    """A slug for `text` that fits `model`'s column: lowercase ASCII words joined by
    hyphens ("Militärövning" -> "militarovning"); "item" when no word is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))
    limit = _limit(model)
    return (slug[:limit] if limit is not None else slug).strip("-") or "item"


async def free(model: type[Model], base: str, **scope: Any) -> str:
    """`base`, or `base-2`, `base-3`, ...: the first no row of `model` (in `scope`) has,
    an article's old slugs (models.SlugAlias) included, each within the column."""
    found = await model.filter(slug__startswith=base, **scope).values_list("slug", flat=True)
    taken = {str(slug) for slug in found}
    if model is models.Article:
        aliases = models.SlugAlias.filter(slug__startswith=base, **scope)
        taken |= {str(slug) for slug in await aliases.values_list("slug", flat=True)}
    limit = _limit(model)
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        kept = base[: limit - len(suffix)] if limit is not None else base
        candidate = kept.rstrip("-") + suffix
    return candidate
