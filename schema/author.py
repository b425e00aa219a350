from typing import Self

import strawberry

import models
from schema.ids import Identified


@strawberry.type
class Author(Identified):
    name: str
    slug: str
    url: str | None
    job_title: str | None
    bio: str | None

    @classmethod
    def from_row(cls, row: models.Author) -> Self:
        return cls(
            id=row.id,
            name=row.name,
            slug=row.slug,
            url=row.url or None,
            job_title=row.job_title or None,
            bio=row.bio or None,
        )
