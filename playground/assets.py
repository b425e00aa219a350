"""The playground's static files: GraphiQL and React from a pinned package, plus our own."""

import base64
import functools
import hashlib
import logging
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Final, NamedTuple

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

logger = logging.getLogger(__name__)

PREFIX: Final = "/playground/"
_VENDOR: Final = "graphene_django_graphiql_static"

# The files of graphene-django-graphiql-static 0.8 we serve (React 17.0.2, GraphiQL 2.1.0),
# with their digests as published. They are the browsers' SRI values and our own check: if
# the installed package's bytes ever differ from these, the file is refused, not served.
PINNED: Final[dict[str, str]] = {
    "react.production.min.js": "sha256-Ipu/TQ50iCCVZBUsZyNJfxrDk0E2yhaEIz0vqI+kFG8=",
    "react-dom.production.min.js": "sha256-nbMykgB6tsOFJ7OdVmPpdqMFVk4ZsqWocT6issAPUF0=",
    "graphiql.min.js": "sha256-xWTeBbldGE4sW6XOryY1gh9r+S8tV3e3TZEAT/a1kdE=",
    "graphiql.min.css": "sha256-xs1Lg/AcXh/0l113vJVxhNzm3sAVX7+cxNkZDrqKe50=",
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
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")


def matches(data: bytes, expected: str) -> bool:
    return integrity(data) == expected


def _source(name: str) -> Traversable:
    if name in PINNED:
        return files(_VENDOR) / "static" / _VENDOR / name
    return files("playground") / "static" / name


@functools.cache
def load(name: str) -> Asset | None:
    """An allow-listed file, or None if it must not be served.

    Read and checked once per process, on first use: a package replaced under a running
    server is noticed at the next restart, and never half-served.
    """
    try:
        data = _source(name).read_bytes()
    except (OSError, ImportError):
        logger.exception("playground asset %s cannot be read", name)
        return None
    found = integrity(data)
    expected = PINNED.get(name, found)
    if found != expected:
        logger.error(
            "playground asset %s does not match its pinned digest (expected %s, found %s): "
            "the installed graphene-django-graphiql-static is not the pinned release; "
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
