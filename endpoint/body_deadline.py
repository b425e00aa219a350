"""A request body must arrive in time: 408 and the connection closed past the deadline.

uvicorn waits for a body as long as the client likes, so a client that declares 1,000
bytes and sends 10 holds a connection (and a worker's memory) for good; a thousand such
clients hold a thousand. The deadline counts from the request's arrival to its body's
last byte, uploads included. What comes after the body (a wait for a disconnect while
streaming) is not timed, and neither are GET and HEAD: nothing reads their bodies, so a
client can hold nothing by withholding one, and the cached reads skip this layer's cost. A client that gives up on its body is let go without an answer
or a traceback: there is nobody to answer.
"""

import asyncio
import logging

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from endpoint.refusal import refusal

TOO_SLOW = "The request body did not arrive in time."
logger = logging.getLogger("dateline.requests")


class _TooSlow(Exception):
    pass


class BodyDeadlineMiddleware:
    def __init__(self, app: ASGIApp, *, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.seconds
        arrived = False
        started = False

        async def timed() -> Message:
            nonlocal arrived
            if arrived:
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise _TooSlow from None
            arrived = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, timed, watched)
        except _TooSlow:
            logger.info("request body not in after %ss: answered 408", self.seconds)
            if started:  # too late to answer: uvicorn closes the connection
                return
            # Connection: close, so that uvicorn drops the connection and the rest of the
            # body with it: what is left of it cannot be told from the next request.
            await refusal(408, TOO_SLOW, "REQUEST_TIMEOUT", {"Connection": "close"})(
                scope, receive, send
            )
        except ClientDisconnect:
            logger.info("client left before its request body arrived")
