"""A database outage answered as one: 503 SERVICE_UNAVAILABLE with Retry-After, never a 500.

Outermost of Dateline's layers, so that whatever needed the database and failed (the
token lookup of authentication, the answer cache's next scheduled change, a persisted
document, a preview link's scope, /readyz) gets the same coded JSON answer. The
connection stays open for the next request: only an answer uvicorn had to make up itself
would close it. GraphQL operations that fail inside are turned into the same answer by
the view (endpoint.view), since graphql-core catches what resolvers raise.
"""

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from endpoint.refusal import Refused
from models import outage

logger = logging.getLogger("dateline.outage")


def unavailable() -> Refused:
    """The one answer to a request the database could not serve."""
    headers = {"Retry-After": str(outage.RETRY_AFTER_SECONDS)}
    return Refused(503, outage.MESSAGE, outage.CODE, headers)


class OutageMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as error:
            if started or outage.cause(error) is None:
                raise
            line = outage.summary(error)
            logger.warning(line, extra={"fold": line})
            await unavailable().response()(scope, receive, send)
