"""Every error a client sees carries `extensions.code`, so frontends branch on codes, not text."""

from collections.abc import Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult


def code_for(error: GraphQLError) -> str:
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    if error.path is not None:
        # Raised inside a resolver without a code of its own: not the client's fault.
        return "INTERNAL_SERVER_ERROR"
    if error.message.startswith("Variable '$"):
        # Variables are coerced before execution: a wrong type or an out-of-range Int.
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def with_code(error: GraphQLError) -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    error.extensions = {**(error.extensions or {}), "code": code_for(error)}
    return error


class ErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        # Variable coercion failures come back as graphql-core's own result type.
        if isinstance(result, ExecutionResult | GraphQLExecutionResult) and result.errors:
            result.errors = [with_code(error) for error in result.errors]
