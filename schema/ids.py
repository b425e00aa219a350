"""Global ids (base64 "Type:row") as clients send them back.

A mutation argument declared as one of the row types below (`id: ids.ArticleRow`) is an
`ID` in the schema and a row id in Python: the root mutation wrapper decodes it, once, for
every mutation (`rows_of`). An id of another type names no row: 0 (for lists, None).
"""

import re
import typing
from collections.abc import Callable
from typing import Annotated, Any, Final

import strawberry
from strawberry import relay
from strawberry.types.arguments import StrawberryArgumentAnnotation

from resolvers.errors import BadUserInput

# Row ids are 32-bit: a longer number names nothing (and PostgreSQL would refuse it).
_ROW_ID = re.compile(r"[0-9]{1,10}")
_MAX_ROW_ID = 2**31 - 1


def decode(value: str) -> tuple[str, int | None]:
    """A global id's type name and row id; a well-formed id of nothing gives None."""
    try:
        global_id = relay.GlobalID.from_id(value)
    except relay.GlobalIDValueError:
        raise BadUserInput(f"Invalid id: {value!r}.") from None
    node_id = global_id.node_id
    if not _ROW_ID.fullmatch(node_id) or int(node_id) > _MAX_ROW_ID:
        return global_id.type_name, None
    return global_id.type_name, int(node_id)


def global_id(type_name: str, row: int) -> strawberry.ID:
    """The global id of row `row` of `type_name`, as the API hands it out."""
    return strawberry.ID(relay.to_base64(type_name, row))


def row_id(value: str, type_name: str) -> int | None:
    """The row id in a global id of `type_name`; None if it names anything else."""
    kind, found = decode(value)
    return found if kind == type_name else None


_ROW_OF: Final = "dateline.row_of"


def _argument(type_name: str, *, many: bool = False) -> StrawberryArgumentAnnotation:
    graphql_type = list[strawberry.ID] if many else strawberry.ID
    return strawberry.argument(graphql_type=graphql_type, metadata={_ROW_OF: (type_name, many)})


ArticleRow = Annotated[int, _argument("Article")]
SectionRow = Annotated[int, _argument("Section")]
AuthorRow = Annotated[int, _argument("Author")]
TagRow = Annotated[int, _argument("Tag")]
ImageRow = Annotated[int, _argument("Image")]
RelatedStoryRow = Annotated[int, _argument("RelatedStory")]
RevisionRow = Annotated[int, _argument("Revision")]
UserRow = Annotated[int, _argument("User")]
ApiTokenRow = Annotated[int, _argument("ApiToken")]
AuthorRows = Annotated[list[int | None], _argument("Author", many=True)]
TagRows = Annotated[list[int | None], _argument("Tag", many=True)]


def rows_of(resolver: Callable[..., Any]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """What turns `resolver`'s keyword arguments from global ids into row ids, for each
    argument declared as a row type; read from its annotations once, at import."""
    kinds: dict[str, tuple[str, bool]] = {}
    for name, hint in typing.get_type_hints(resolver, include_extras=True).items():
        for extra in getattr(hint, "__metadata__", ()):
            if isinstance(extra, StrawberryArgumentAnnotation) and _ROW_OF in extra.metadata:
                kinds[name] = extra.metadata[_ROW_OF]

    def decoded(kwargs: dict[str, Any]) -> dict[str, Any]:
        rows = dict(kwargs)
        for name, (type_name, many) in kinds.items():
            if name not in rows:
                continue
            if many:
                rows[name] = [row_id(value, type_name) for value in rows[name]]
            else:
                rows[name] = row_id(rows[name], type_name) or 0
        return rows

    return decoded


@strawberry.type
class Identified(relay.Node):
    """A Node whose global id is made once, with the projection, and read as a plain field
    (schema.execution): Strawberry's own `id` resolver costs a resolver call, a GlobalID
    and its base64 on every field, about a tenth of a homepage's CPU."""

    id: relay.NodeID[int]
    _id: strawberry.ID = strawberry.field(
        name="id", description="The Globally Unique ID of this object", default=strawberry.ID("")
    )

    def __post_init__(self) -> None:
        self._id = strawberry.ID(relay.to_base64(type(self).__name__, self.id))
