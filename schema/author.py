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
    version: int = strawberry.field(
        description="Bumped by every write: send it as expectedVersion."
    )

    @classmethod
    def from_row(cls, row: models.Author) -> Self:
        return cls(
            id=row.id,
            version=row.version,
            name=row.name,
            slug=row.slug,
            url=row.url or None,
            job_title=row.job_title or None,
            bio=row.bio or None,
        )
