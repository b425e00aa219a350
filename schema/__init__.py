"""The GraphQL schema: deliberate projections of rows, one type per module."""

import functools
from collections.abc import Callable

import strawberry
from strawberry.extensions import SchemaExtension, ValidationCache

from schema.errors import ErrorCodes
from schema.extensions import DocumentCache, SqlCount
from schema.mutation import Mutation
from schema.query import Query
from schema.upload import Upload, UploadScalar


def build(*, debug: bool = False, production: bool = False) -> strawberry.Schema:
    # Lifecycle hooks only (no per-field hooks on the hot path). A document is parsed and
    # validated once per process: frontends send the same few documents all day.
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        functools.partial(ErrorCodes, production=production),
        DocumentCache,
        functools.partial(ValidationCache, maxsize=1024),
        *([SqlCount] if debug else []),
    ]
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        scalar_overrides={Upload: UploadScalar},
    )


# The shape of the API, whatever the settings: what `export-schema` and its test compare.
schema = build()
