"""Public GET routes answered by resolvers without GraphQL: ninjs items, feeds.

Each reads with the context every GraphQL request gets (so the same visibility: an editor
or a preview token sees drafts too), and answers as a public GraphQL answer is: its
Surrogate-Key (what it shows) lets the answer cache layer keep it, hand it out with an
ETag and 304s, and drop it exactly when something it shows changes. What the asker may not
read, or what does not exist, is 404 NOT_FOUND.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from endpoint.refusal import refusal
from endpoint.view import GraphQLView
from resolvers.context import Context
from resolvers.errors import BadUserInput


@dataclass(frozen=True)
class Document:
    body: bytes
    media_type: str


# Reads what the request names; None when there is nothing (it may see) to send.
Read = Callable[[Context, Request], Awaitable[Document | None]]


class DocumentRoute:
    def __init__(self, view: GraphQLView, read: Read, *, missing: str) -> None:
        self.view = view  # for the context every GraphQL request gets
        self.read = read
        self.missing = missing  # the 404's message

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        context = await self.view.get_context(request, Response())
        try:
            try:
                document = await self.read(context, request)
            except BadUserInput:  # an unknown locale names nothing, as an unknown slug
                document = None
        finally:
            context.loaders.release()
        answer: Response
        if document is None:
            answer = refusal(404, self.missing, "NOT_FOUND", {"Cache-Control": "no-store"})
        else:
            headers = (
                # The keys of everything it shows: what the cache (and a CDN) drop it by.
                {"Surrogate-Key": " ".join(sorted(context.shown.keys))}
                if context.viewer.public and "authorization" not in request.headers
                else {"Cache-Control": "private, no-store"}
            )
            answer = Response(document.body, media_type=document.media_type, headers=headers)
        await answer(scope, receive, send)
