from typing import Self

import strawberry

import models
from schema.ids import Identified


@strawberry.type
class Tag(Identified):
    name: str
    slug: str
    version: int = strawberry.field(
        description="Bumped by every write: send it as expectedVersion."
    )

    @classmethod
    def from_row(cls, row: models.Tag) -> Self:
        return cls(id=row.id, name=row.name, slug=row.slug, version=row.version)
