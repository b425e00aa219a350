"""Expected failures of a write. The schema turns each into a typed result, not an error."""


class Problem(Exception):
    code = "PROBLEM"

    def __init__(self, message: str, fields: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields


class Unauthenticated(Problem):
    code = "UNAUTHENTICATED"


class Forbidden(Problem):
    code = "FORBIDDEN"


class Throttled(Problem):
    """Too many attempts: wait, then try again."""

    code = "TOO_MANY_ATTEMPTS"


class Invalid(Problem):
    code = "VALIDATION_FAILED"


class NotFound(Problem):
    code = "NOT_FOUND"


class Conflict(Problem):
    """Someone else wrote first: nothing was changed; reload, merge, send the new version."""

    code = "CONFLICT"

    def __init__(self, message: str, *, current_version: int, changed: tuple[str, ...]) -> None:
        super().__init__(message, changed)
        self.current_version = current_version


class InUse(Problem):
    """Other rows still point at it: deleting would break them, so nothing was deleted."""

    code = "IN_USE"

    def __init__(self, message: str, *, usages: int, articles: tuple[int, ...] = ()) -> None:
        super().__init__(message, ("id",))
        self.usages = usages
        self.articles = articles


class FileRefused(Problem):
    """The file itself is unacceptable: too big, too many pixels, not a picture, broken."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, ("file",))
        self.code = code
