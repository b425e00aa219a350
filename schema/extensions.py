from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from observability import sql


class SqlCount(SchemaExtension):
    """Reports `extensions.sql.count` so anyone can see a query's cost in the playground."""

    count: list[int]

    def on_operation(self) -> Iterator[None]:
        with sql.counting() as self.count:
            yield

    def get_results(self) -> dict[str, Any]:
        return {"sql": {"count": self.count[0]}}
