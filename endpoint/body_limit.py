"""Request bodies capped before they are read whole: 413 past the limit.

A JSON body may be `json_bytes`; a multipart upload one file of `upload_bytes` plus the
operations, the map and the part headers. A declared Content-Length over the cap is
refused at once; a body without one (chunked) is counted as it arrives. The shape is
Starlette's own RequestBodyLimitMiddleware, with Dateline's JSON refusal and two caps.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from endpoint.preflight import content_type
from endpoint.refusal import refusal

MULTIPART_OVERHEAD = 64 * 1024  # the operations, the map and the part headers
TOO_LARGE = "The request body is larger than allowed."


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, path: str, json_bytes: int, upload_bytes: int) -> None:
        self.app = app
        self.path = path  # the GraphQL endpoint
        self.json_bytes = json_bytes
        self.upload_bytes = upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        kind, declared, chunked = None, None, False
        for name, value in scope["headers"]:  # the first of each, as the view reads them
            if name == b"content-type" and kind is None:
                kind = value
            elif name == b"content-length" and declared is None:
                declared = value
            elif name == b"transfer-encoding":
                chunked = True
        if not declared and not chunked:  # no body at all (a GET, most often): nothing to cap
            await self.app(scope, receive, send)
            return
        upload = content_type(kind or b"") == "multipart/form-data"
        cap = self.upload_bytes + MULTIPART_OVERHEAD if upload else self.json_bytes
        if declared is not None and declared.isdigit() and int(declared) > cap:
            message = (
                f"An upload may be at most {self.upload_bytes} bytes." if upload else TOO_LARGE
            )
            await refusal(413, message)(scope, receive, send)
            return
        seen = 0
        started = False

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > cap:
                raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, capped, watched)
        except _TooLarge:
            if started:  # too late to refuse: the answer is on its way
                raise
            await refusal(413, TOO_LARGE)(scope, receive, send)
