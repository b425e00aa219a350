import contextlib
import inspect
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLResolveInfo, parse
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


class AwaitCount(SchemaExtension):
    """Reports `extensions.awaited`: how many fields below the root returned an awaitable,
    when any did. A page whose relations were loaded up front (resolvers.relations) has
    none: every field resolved from rows already there. Debug only: the hook wraps every
    field."""

    awaited = 0

    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        result = _next(root, info, *args, **kwargs)
        if info.path.prev is not None and inspect.isawaitable(result):
            self.awaited += 1
        return result

    def get_results(self) -> dict[str, Any]:
        return {"awaited": self.awaited} if self.awaited else {}


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
