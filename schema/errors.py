"""Every error a client sees carries `extensions.code`, so frontends branch on codes, not text.

Errors raised on purpose (BadUserInput) bring their code. The rest are coded by phase:
parse, validation, variable coercion, or an unexpected failure inside a resolver, whose
message is masked: it may quote SQL or a driver's text. Strawberry has already logged it.
"""

from collections.abc import Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

INTERNAL_MESSAGE = "Internal server error."


def coded(error: GraphQLError, code: str) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    if code == "INTERNAL_SERVER_ERROR":
        return GraphQLError(
            INTERNAL_MESSAGE,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": code},
        )
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


def with_code(error: GraphQLError) -> GraphQLError:
    """Codes an error found after execution: coercion before it, or a resolver inside it."""
    if isinstance(error, GraphQLSyntaxError):
        return coded(error, "GRAPHQL_PARSE_FAILED")
    return coded(error, "INTERNAL_SERVER_ERROR" if error.path is not None else "BAD_USER_INPUT")


class ErrorCodes(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        yield
        # Coded in place: Strawberry has already built its result from these objects.
        # A refusal by a limit (schema.limits) already names the limit.
        for error in self.execution_context.pre_execution_errors or ():
            if not (error.extensions and "code" in error.extensions):
                error.extensions = {**(error.extensions or {}), "code": "GRAPHQL_VALIDATION_FAILED"}

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        # Variable coercion failures come back as graphql-core's own result type.
        if isinstance(result, ExecutionResult | GraphQLExecutionResult) and result.errors:
            result.errors = [with_code(error) for error in result.errors]
