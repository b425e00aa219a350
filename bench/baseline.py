"""S0, the physical limit: a bare Starlette app returning bytes Dateline returned.

`bench.run` captures each page's cached response from the real server and writes it to
BENCH_S0_DIR as `<page>.json` plus `<page>.headers.json` (every header Dateline sent but
uvicorn's own); `GET /<page>` answers those bytes, and `304` when If-None-Match names the
ETag (the "bare 304" that S4 is compared with). Served as Dateline is:

    python -m workers bench.baseline:app --factory --workers 2
"""

import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route


def _page(body: bytes, headers: dict[str, str]) -> Callable[[Request], Awaitable[Response]]:
    etag = headers["etag"]

    async def endpoint(request: Request) -> Response:
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, headers=headers)

    return endpoint


def app() -> Starlette:
    folder = Path(os.environ["BENCH_S0_DIR"])
    routes = [Route("/healthz", lambda request: PlainTextResponse("ok"))]
    for path in sorted(folder.glob("*.json")):
        if path.name.endswith(".headers.json"):
            continue
        headers = json.loads(path.with_name(f"{path.stem}.headers.json").read_text())
        routes.append(Route(f"/{path.stem}", _page(path.read_bytes(), headers)))
    return Starlette(routes=routes)
