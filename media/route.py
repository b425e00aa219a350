"""GET /media/...: renditions, made on first request from a signed URL, then served stored.

Originals are never served: they may carry GPS and other EXIF a newsroom must not
publish. Every picture a reader gets is a rendition, re-encoded without metadata.
"""

import asyncio
import hashlib
from dataclasses import replace

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from media import renditions, signing
from media.policy import MediaPolicy

IMMUTABLE = "public, max-age=31536000, immutable"
MIME = {"jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}
# What AUTO picks, best first, from what the browser says it accepts.
PREFERENCE = ("avif", "webp")


def _refuse(status: int, message: str) -> Response:
    code = "NOT_FOUND" if status == 404 else "BAD_REQUEST"
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


def negotiated(accept: str) -> str:
    """The format for an AUTO rendition: AVIF or WebP where the browser takes it, else JPEG."""
    offered = accept.lower()
    return next((fmt for fmt in PREFERENCE if f"image/{fmt}" in offered), "jpeg")


class MediaRoute:
    def __init__(self, media: MediaPolicy) -> None:
        self.media = media

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.respond(request, request.path_params["path"])
        await response(scope, receive, send)

    async def respond(self, request: Request, path: str) -> Response:
        parsed = renditions.parse_path(path)
        if parsed is None:
            return _refuse(404, "No such picture.")
        original, spec = parsed
        signature = request.query_params.get("s", "")
        if not signing.verify(path, signature, self.media.signing_key):
            return _refuse(400, "Picture URLs are signed; take them from the API as they are.")
        headers = {"Cache-Control": IMMUTABLE}
        if request.query_params.get("auto") == "1":
            spec = replace(spec, format=negotiated(request.headers.get("accept", "")))
            path = renditions.path_of(original, spec)
            headers["Vary"] = "Accept"
        # A path names one immutable file, so its ETag needs no read of the file.
        etag = '"' + hashlib.sha256(path.encode()).hexdigest()[:32] + '"'
        headers["ETag"] = etag
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        storage = self.media.storage
        data = await storage.get(path)
        headers["X-Cache"] = "HIT"
        if data is None:
            source = await storage.get(original)
            if source is None:
                return _refuse(404, "No such picture.")
            data = await asyncio.to_thread(renditions.render, source, spec)
            await storage.put_at(path, data)
            headers["X-Cache"] = "MISS"
        return Response(data, media_type=MIME[spec.format], headers=headers)
