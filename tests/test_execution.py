"""The executor's shortcut for plain leaf fields answers exactly as graphql-core does."""

import asyncio
from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLObjectType

from schema import execution
from schema.execution import Executor


@strawberry.enum
class Role(Enum):
    LEAD = "lead"


@strawberry.input
class Point:
    x: float


@strawberry.type
class Row:
    count: int
    name: str | None
    role: Role
    score: float

    @strawberry.field
    def shout(self) -> str:
        return (self.name or "").upper()

    @strawberry.field
    def where(self, info: strawberry.Info) -> str:
        if self.score > 2.5:
            raise ValueError("too far")  # a resolver's error, located at its field
        return ".".join(str(key) for key in info.path.as_list())

    @strawberry.field
    async def later(self) -> int:
        return await _later()

    @strawberry.field
    def times(
        self,
        by: int = 2,
        as_role: Role | None = None,
        extra: list[int] | None = None,
        role: Role = Role.LEAD,
    ) -> str:
        extra = extra if extra is not None else [0]
        extra.append(1)  # a resolver may change its list: the next request's default must not
        return f"{self.score * by} {as_role} {extra} {role}"

    @strawberry.field
    def near(self, point: Point) -> float:
        return abs(self.score - point.x)


async def _later() -> int:
    return 7


def _rows() -> list[Any]:
    broken: Any = Row(count=1, name="a", role=Role.LEAD, score=0.5)
    broken.count = "many"  # a value its scalar refuses
    missing: Any = Row(count=2, name=None, role=Role.LEAD, score=1.0)
    missing.count = None  # null for a non-null field
    waiting: Any = Row(count=3, name="w", role=Role.LEAD, score=2.0)
    waiting.count = _later()  # an awaitable: graphql-core awaits it
    return [Row(count=4, name="ok", role=Role.LEAD, score=3.0), broken, missing, waiting]


@strawberry.type
class Query:
    @strawberry.field
    def rows(self) -> list[Row | None]:
        return _rows()


DOCUMENT = """{ rows { __typename count name role score shout again: name
                      where later times(by: 3) times2: times(asRole: LEAD, extra: [5])
                      near(point: {x: 1.5}) } }"""


def _answer(schema: strawberry.Schema) -> dict[str, Any]:
    result = asyncio.run(schema.execute(DOCUMENT))
    errors = [
        {"message": e.message, "path": e.path, "locations": e.locations}
        for e in result.errors or []
    ]
    return {"data": result.data, "errors": errors}


def test_plain_leaf_fields_answer_as_graphql_core_does() -> None:
    plain = strawberry.Schema(query=Query)
    fast = strawberry.Schema(query=Query, execution_context_class=Executor)
    execution.plan(fast._schema)

    answer = _answer(fast)

    assert answer == _answer(plain)
    assert _answer(fast) == answer  # the same again: no argument's default was changed
    assert answer["data"]["rows"][0] is None  # `where` refused it: a non-null field
    assert answer["data"]["rows"][1:3] == [None, None]
    assert answer["data"]["rows"][3] == {
        "__typename": "Row",
        "count": 7,
        "name": "w",
        "role": "LEAD",
        "score": 2.0,
        "shout": "W",
        "again": "w",
        "where": "rows.3.where",
        "later": 7,
        "times": "6.0 None [0, 1] Role.LEAD",
        "times2": "4.0 Role.LEAD [5, 1] Role.LEAD",
        "near": 0.5,
    }
    assert sorted(e["path"] for e in answer["errors"]) == [
        ["rows", 0, "where"],
        ["rows", 1, "count"],
        ["rows", 2, "count"],
    ]


def test_each_shortcut_takes_only_its_kind_of_field() -> None:
    fast = strawberry.Schema(query=Query, execution_context_class=Executor)
    execution.plan(fast._schema)

    row = fast._schema.type_map["Row"]
    assert isinstance(row, GraphQLObjectType)
    marked = sorted(
        name for name, field in row.fields.items() if "dateline-read" in field.extensions
    )
    assert marked == ["count", "name", "role", "score"]  # not `shout`, which has a resolver
