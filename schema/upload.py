"""The Upload scalar: a file part of a GraphQL multipart request, and nothing else.

Strawberry's stock scalar passes any variable value through, so a string, a number or a
map entry naming no file reached resolvers as if it were a file.
"""

from typing import Any, NewType

import strawberry
from graphql import ValueNode
from starlette.datastructures import UploadFile

HOW = "Send the file as a part of a multipart request (GraphQL multipart request spec)."

# Annotations name this type; `build` maps it to the scalar below.
Upload = NewType("Upload", UploadFile)


def _file_part(value: object) -> UploadFile:
    if not isinstance(value, UploadFile):
        raise ValueError(f"Not a file. {HOW}")
    return value


def _no_literal(node: ValueNode, variables: dict[str, Any] | None = None) -> UploadFile:
    raise ValueError(f"A file cannot be written into the query. {HOW}")


UploadScalar = strawberry.scalar(
    name="Upload",
    description="A file sent as a part of a multipart request.",
    serialize=lambda value: None,
    parse_value=_file_part,
    parse_literal=_no_literal,
)
