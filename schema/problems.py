"""Expected failures as typed results: a client switches on __typename or `code`."""

import strawberry
from strawberry import relay

from resolvers import problems


@strawberry.interface(description="Why a mutation did not happen. Nothing was written.")
class Problem:
    message: str
    code: str
    fields: list[str] = strawberry.field(description="Paths of the offending input fields.")


@strawberry.type
class AuthenticationError(Problem):
    pass


@strawberry.type
class ForbiddenError(Problem):
    pass


@strawberry.type
class ValidationError(Problem):
    pass


@strawberry.type
class NotFoundError(Problem):
    pass


@strawberry.type(description="Someone wrote first. Nothing changed: reload, merge, retry.")
class ConflictError(Problem):
    current_version: int


@strawberry.type(
    description="The file was refused (code FILE_TOO_LARGE, TOO_MANY_PIXELS, "
    "UNSUPPORTED_FORMAT or CORRUPT_FILE). Nothing was stored."
)
class FileRefusedError(Problem):
    pass


@strawberry.type(description="Still in use, so not deleted. Nothing changed.")
class InUseError(Problem):
    usages: int = strawberry.field(description="How many things use it.")
    article_ids: list[strawberry.ID] = strawberry.field(
        description="The articles using it, where that applies (a picture's)."
    )


_TYPES: dict[type[problems.Problem], type[Problem]] = {
    problems.Unauthenticated: AuthenticationError,
    problems.Throttled: AuthenticationError,
    problems.Forbidden: ForbiddenError,
    problems.Invalid: ValidationError,
    problems.NotFound: NotFoundError,
    problems.FileRefused: FileRefusedError,
}


def from_problem(problem: problems.Problem) -> Problem:
    if isinstance(problem, problems.Conflict):
        return ConflictError(
            message=problem.message,
            code=problem.code,
            fields=list(problem.fields),
            current_version=problem.current_version,
        )
    if isinstance(problem, problems.InUse):
        return InUseError(
            message=problem.message,
            code=problem.code,
            fields=list(problem.fields),
            usages=problem.usages,
            article_ids=[
                strawberry.ID(str(relay.GlobalID("Article", str(i)))) for i in problem.articles
            ],
        )
    kind = _TYPES[type(problem)]
    return kind(message=problem.message, code=problem.code, fields=list(problem.fields))
