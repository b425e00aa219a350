"""Every error a client sees carries `extensions.code`, so frontends branch on codes, not text.

Errors raised on purpose (BadUserInput) bring their code. The rest are coded by phase:
parse, validation, variable coercion, or an unexpected failure inside a resolver, whose
message is masked to a stable text with the request's id: it may quote SQL or a driver's
text, which stays in the server log under that id.

In production, introspection is for newsroom accounts only. Validation messages lose
their "Did you mean ...?" suggestions for anyone but a newsroom account, in development
too (graphql-cop's "Field Suggestions"): they would spell the schema out to a stranger,
and a frontend developer has GraphiQL's docs and autocompletion instead. The messages
stay readable, so everyone still sees what is wrong.
"""

import logging
import re
from collections.abc import Iterator

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, GraphQLSyntaxError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

from models import outage

INTERNAL_MESSAGE = "Internal server error."
INTROSPECTION_REFUSED = "GraphQL introspection has been disabled"
_SUGGESTION = re.compile(r" ?Did you mean .*?\?$")
logger = logging.getLogger("dateline.errors")


def coded(error: GraphQLError, code: str, request_id: str = "") -> GraphQLError:
    if error.extensions and "code" in error.extensions:
        return error
    if code == "INTERNAL_SERVER_ERROR":
        logger.error(
            "request %s: %s",
            request_id,
            error.message,
            exc_info=error.original_error,
            extra={"request_id": request_id or None},
        )
        return GraphQLError(
            INTERNAL_MESSAGE,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": code, **({"requestId": request_id} if request_id else {})},
        )
    error.extensions = {**(error.extensions or {}), "code": code}
    return error


def with_code(error: GraphQLError, request_id: str = "") -> GraphQLError:
    """Codes an error found after execution: coercion before it, or a resolver inside it."""
    if isinstance(error, GraphQLSyntaxError):
        return coded(error, "GRAPHQL_PARSE_FAILED")
    if error.original_error is not None and outage.cause(error.original_error) is not None:
        # Not a bug to trace: the view answers the whole request 503 (endpoint.view).
        line = outage.summary(error.original_error)
        logger.warning(line, extra={"fold": line})
        return GraphQLError(outage.MESSAGE, path=error.path, extensions={"code": outage.CODE})
    kind = "INTERNAL_SERVER_ERROR" if error.path is not None else "BAD_USER_INPUT"
    return coded(error, kind, request_id)


def without_suggestion(error: GraphQLError) -> GraphQLError:
    error.message = _SUGGESTION.sub("", error.message)
    return error


def copy_without_suggestion(error: GraphQLError) -> GraphQLError:
    """A validation error without its suggestion, leaving the one the cache keeps whole
    for the next newsroom account."""
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        error.original_error,
        error.extensions,
    )


class ErrorCodes(SchemaExtension):
    def __init__(self, *, production: bool = False) -> None:
        super().__init__()
        self.production = production
        self.stranger = True  # not a newsroom account: set per operation

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        self.stranger = getattr(getattr(context, "viewer", None), "user", None) is None
        if self.production and self.stranger:
            self.execution_context.validation_rules = (
                *self.execution_context.validation_rules,
                NoSchemaIntrospectionCustomRule,
            )
        yield
        result = self.execution_context.result
        request_id = getattr(context, "request_id", "")
        # Variable coercion failures come back as graphql-core's own result type.
        if isinstance(result, ExecutionResult | GraphQLExecutionResult) and result.errors:
            errors = [with_code(error, request_id) for error in result.errors]
            result.errors = [without_suggestion(e) for e in errors] if self.stranger else errors

    def on_validate(self) -> Iterator[None]:
        yield
        # Coded in place, and changed within the list: Strawberry has already built its
        # result from this list (schema.limits makes it a fresh one each time; the error
        # objects are the validation cache's). A refusal by a limit already names it.
        errors = self.execution_context.pre_execution_errors or []
        for number, error in enumerate(errors):
            if not (error.extensions and "code" in error.extensions):
                refused = error.message.startswith(INTROSPECTION_REFUSED)
                code = "INTROSPECTION_DISABLED" if refused else "GRAPHQL_VALIDATION_FAILED"
                error.extensions = {**(error.extensions or {}), "code": code}
            if self.stranger:
                errors[number] = copy_without_suggestion(error)
