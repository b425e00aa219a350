import contextlib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, parse
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


@lru_cache(maxsize=1024)
def _parsed(query: str, **options: Any) -> DocumentNode:
    return parse(query, **options)


class DocumentCache(SchemaExtension):
    """Parses each document once per process: frontends send the same few all day.

    Strawberry's own ParserCache raises a syntax error from inside its hook, where the
    error escapes the handling that gives it a code; here a document that does not parse
    is left to Strawberry's parser, which reports it the usual way.
    """

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None:
            with contextlib.suppress(GraphQLError):
                context.graphql_document = _parsed(context.query, **context.parse_options)
        yield
