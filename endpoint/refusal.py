"""The answer of every layer that refuses a request before GraphQL runs it.

Shaped like a GraphQL error with its code, so a client reads one kind of failure,
whichever layer refused.
"""

from starlette.responses import JSONResponse

CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    408: "REQUEST_TIMEOUT",
    413: "PAYLOAD_TOO_LARGE",
    429: "RATE_LIMITED",
    503: "SERVICE_UNAVAILABLE",
}


class Refused(Exception):
    """Raised where a request is found unanswerable; answered with `refusal`."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.headers = status, message, code, headers

    def response(self) -> JSONResponse:
        return refusal(self.status, self.message, self.code, self.headers)


def refusal(
    status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {
            "errors": [
                {
                    "message": message,
                    "extensions": {"code": code or CODES.get(status, "BAD_REQUEST")},
                }
            ]
        },
        status_code=status,
        # Never kept downstream: a CDN keeping a 429 or a 503 would refuse everyone.
        headers={"Cache-Control": "no-store", **(headers or {})},
    )
