from typing import Self

import strawberry
from strawberry import relay

import models


@strawberry.type
class Tag(relay.Node):
    id: relay.NodeID[int]
    name: str
    slug: str

    @classmethod
    def from_row(cls, row: models.Tag) -> Self:
        return cls(id=row.id, name=row.name, slug=row.slug)
