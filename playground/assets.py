"""The playground's static files: GraphiQL, its Explorer and React as vendored, plus our own."""

import base64
import functools
import json
import logging
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Final, NamedTuple

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from playground.vendored import MANIFEST, sri

logger = logging.getLogger(__name__)

PREFIX: Final = "/playground/"
# The vendored files (playground/vendored.py fetched them) with their digests as published.
# They are the browsers' SRI values and our own check: a file whose bytes ever differ from
# these (a partial copy, an edit) is refused, not served.
PINNED: Final[dict[str, str]] = {
    name: entry["integrity"] for name, entry in json.loads(MANIFEST.read_text()).items()
}
# Ours, in playground/static/: trusted as committed, so their digests are computed.
OWN: Final = frozenset({"playground.js", "playground.css"})

_MEDIA_TYPES: Final = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}


class Asset(NamedTuple):
    body: bytes
    integrity: str


def integrity(data: bytes) -> str:
    """The Subresource Integrity value of `data`."""
    return sri(data)


def matches(data: bytes, expected: str) -> bool:
    return integrity(data) == expected


def _source(name: str) -> Traversable:
    folder = files("playground") / "static"
    return folder / "vendor" / name if name in PINNED else folder / name


@functools.cache
def load(name: str) -> Asset | None:
    """An allow-listed file, or None if it must not be served.

    Read and checked once per process, on first use: a package replaced under a running
    server is noticed at the next restart, and never half-served.
    """
    try:
        data = _source(name).read_bytes()
    except OSError:
        logger.exception("playground asset %s cannot be read", name)
        return None
    found = integrity(data)
    expected = PINNED.get(name, found)
    if found != expected:
        logger.error(
            "playground asset %s does not match its pinned digest (expected %s, found %s): "
            "it is not the vendored release (python -m playground.vendored --check says more); "
            "refusing to serve it",
            name,
            expected,
            found,
        )
        return None
    return Asset(data, found)


def reference(name: str) -> tuple[str, str | None]:
    """Where the page loads `name` from, and the SRI value it expects there.

    The address carries the digest: assets are cached for a year, and a changed file
    must be a new URL rather than a stale cached copy that fails its integrity check.
    """
    expected = PINNED.get(name)
    if expected is None:
        asset = load(name)
        expected = None if asset is None else asset.integrity
    if expected is None:
        return PREFIX + name, None
    version = base64.b64decode(expected.removeprefix("sha256-")).hex()[:16]
    return f"{PREFIX}{name}?v={version}", expected


async def _serve(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in PINNED and name not in OWN:
        return PlainTextResponse("Not Found", status_code=404)
    asset = load(name)
    if asset is None:
        return PlainTextResponse(
            "Service Unavailable", status_code=503, headers={"Cache-Control": "no-store"}
        )
    etag = f'"{asset.integrity}"'
    headers = {
        "Cache-Control": "public, max-age=31536000, immutable",
        "ETag": etag,
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    media_type = _MEDIA_TYPES[name[name.rindex(".") :]]
    return Response(asset.body, media_type=media_type, headers=headers)


def routes() -> list[BaseRoute]:
    return [Route(PREFIX + "{name}", _serve)]
