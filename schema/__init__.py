"""The GraphQL schema: deliberate projections of rows, one type per module."""

import strawberry
from strawberry.extensions import SchemaExtension

from schema.errors import ErrorCodes
from schema.extensions import SqlCount
from schema.mutation import Mutation
from schema.query import Query
from schema.upload import Upload, UploadScalar


def build(*, debug: bool = False) -> strawberry.Schema:
    extensions: list[type[SchemaExtension]] = [ErrorCodes, *([SqlCount] if debug else [])]
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        scalar_overrides={Upload: UploadScalar},
    )


# The shape of the API, whatever the settings: what `export-schema` and its test compare.
schema = build()
