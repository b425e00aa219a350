"""GET /media/...: renditions, made on first request from a signed URL, then served stored.

Originals are never served: they may carry GPS and other EXIF a newsroom must not
publish. Every picture a reader gets is a rendition, re-encoded without metadata.

Encoding is the expensive part, so it is bounded: one render per file at a time (later
requests for it wait for that one), at most RENDERS at once in their own threads, and a
request that would queue behind too many others is told to retry.
"""

import asyncio
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

from media import renditions, signing
from media.policy import MediaPolicy

logger = logging.getLogger("dateline.media")

IMMUTABLE = "public, max-age=31536000, immutable"
MIME = {"jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}
# What AUTO picks, best first, from what the browser says it accepts.
PREFERENCE = ("avif", "webp")
RENDERS = 2  # the machines have two cores; more would only queue inside Pillow
WAITING_MAX = 16


def _refuse(status: int, message: str) -> Response:
    code = {404: "NOT_FOUND", 503: "BUSY"}.get(status, "BAD_REQUEST")
    headers = {"Retry-After": "1"} if status == 503 else None
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status, headers
    )


def negotiated(accept: str) -> str:
    """The format for an AUTO rendition: AVIF or WebP where the browser takes it, else JPEG."""
    taken = set()
    for item in accept.lower().split(","):
        kind, *params = (part.strip() for part in item.split(";"))
        weights = [p.removeprefix("q=") for p in params if p.startswith("q=")]
        try:
            if weights and float(weights[0]) <= 0:
                continue
        except ValueError:
            continue
        taken.add(kind)
    return next((fmt for fmt in PREFERENCE if f"image/{fmt}" in taken), "jpeg")


class MediaRoute:
    def __init__(self, media: MediaPolicy) -> None:
        self.media = media
        self.pool = ThreadPoolExecutor(max_workers=RENDERS, thread_name_prefix="render")
        self.rendering: dict[str, asyncio.Future[bytes | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.respond(request, request.path_params["path"])
        await response(scope, receive, send)

    async def respond(self, request: Request, path: str) -> Response:
        parsed = renditions.parse_path(path)
        if parsed is None:
            return _refuse(404, "No such picture.")
        original, spec = parsed
        auto = request.query_params.get("auto") == "1"
        signature = request.query_params.get("s", "")
        if not signing.verify(signing.covered(path, auto=auto), signature, self.media.signing_key):
            return _refuse(400, "Picture URLs are signed; take them from the API as they are.")
        headers = {"Cache-Control": IMMUTABLE}
        if auto:
            spec = replace(spec, format=negotiated(request.headers.get("accept", "")))
            path = renditions.path_of(original, spec)
            headers["Vary"] = "Accept"
        # A path names one immutable file, so its ETag needs no read of the file.
        etag = '"' + hashlib.sha256(path.encode()).hexdigest()[:32] + '"'
        headers["ETag"] = etag
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        data = await self.media.storage.get(path)
        headers["X-Cache"] = "HIT"
        if data is None:
            if len(self.rendering) >= WAITING_MAX and path not in self.rendering:
                return _refuse(503, "Busy making pictures; try again in a moment.")
            data = await self._rendered(original, path, spec)
            if data is None:
                return _refuse(404, "No such picture.")
            headers["X-Cache"] = "MISS"
        return Response(data, media_type=MIME[spec.format], headers=headers)

    async def _rendered(self, original: str, path: str, spec: renditions.Spec) -> bytes | None:
        """The rendition, made once however many requests ask for it at the same time."""
        pending = self.rendering.get(path)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[bytes | None] = asyncio.get_running_loop().create_future()
        self.rendering[path] = future
        try:
            data = await self._render(original, path, spec)
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: this request raises it; waiters get it too
            raise
        else:
            future.set_result(data)
            return data
        finally:
            del self.rendering[path]

    async def _render(self, original: str, path: str, spec: renditions.Spec) -> bytes | None:
        source = await self.media.storage.get(original)
        if source is None:  # deleted, or never stored
            return None
        loop = asyncio.get_running_loop()
        try:
            data = await loop.run_in_executor(self.pool, renditions.render, source, spec)
        except Exception:  # a file that cannot be rendered is missing to readers
            logger.exception("could not render %s", path)
            return None
        await self.media.storage.put_at(path, data)
        return data
