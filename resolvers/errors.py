from graphql import GraphQLError


class BadUserInput(GraphQLError):
    """The client asked for something malformed: a bad cursor, size or locale."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "BAD_USER_INPUT"})


class Forbidden(GraphQLError):
    """Reading something this viewer may not see, such as revisions without an account."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "FORBIDDEN"})
