from tortoise.fields.data import CharField
from tortoise.models import Model


def findable(model: type[Model], slug: str) -> bool:
    """Could a row of `model` carry this slug?

    One longer than the column, or with a NUL byte (PostgreSQL refuses those in text),
    names nothing; asking the database would only turn a miss into an error.
    """
    field = model._meta.fields_map["slug"]
    limit = field.max_length if isinstance(field, CharField) else None
    return "\x00" not in slug and (limit is None or len(slug) <= limit)
