"""The GraphQL schema: deliberate projections of rows, one type per module."""

import functools
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from schema import execution
from schema.errors import ErrorCodes
from schema.execution import Executor
from schema.extensions import AwaitCount, DocumentCache, SqlCount
from schema.limits import Limits, OperationLimits
from schema.mutation import Mutation
from schema.query import Query
from schema.upload import Upload, UploadScalar


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Strawberry logs every error with its traceback, a client's typo included;
        schema.errors logs what deserves it (the unexpected, once, with its request id)
        and the view one line per failed request (observability.logs)."""


def build(
    *,
    debug: bool = False,
    production: bool = False,
    limits: Limits | None = None,
    batch: int = 1,
) -> strawberry.Schema:
    # Lifecycle hooks only (no per-field hooks on the hot path). A document is parsed and
    # validated once per process: frontends send the same few documents all day. The
    # limits come first: checked before parsing (size) and before the standard rules.
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        functools.partial(ErrorCodes, production=production),
        functools.partial(OperationLimits, limits or Limits(), maxsize=1024),
        DocumentCache,
        *([SqlCount, AwaitCount] if debug else []),
    ]
    built = Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        scalar_overrides={Upload: UploadScalar},
        # A JSON array of operations: off unless DATELINE_MAX_BATCH is above 1.
        config=StrawberryConfig(batching_config={"max_operations": batch} if batch > 1 else None),
        execution_context_class=Executor,
    )
    execution.plan(built._schema, built.config.info_class)
    return built


# The shape of the API, whatever the settings: what `export-schema` and its test compare.
schema = build()
