"""The app alone, without HTTP: what a cached answer costs Dateline's own code.

    .venv/bin/python -m bench.inprocess [--requests 5000] [--rounds 7]

Builds the real app on a fresh SQLite file, fills the answer cache with one page, then
calls the ASGI app directly, with the scope uvicorn would pass, for a hit (200) and a 304;
beside it, a bare Starlette route answering the same body and headers (S0's endpoint).
Prints the best round's microseconds per request for each: the cost of the layers and
the cache, with uvicorn, the event loop and the kernel left out.
"""

import argparse
import asyncio
import functools
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message

import cli
import server
from settings import Settings

QUERY = "{ __typename }"


def scope(path: str, query_string: bytes, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query_string,
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _call(app: ASGIApp, asked: dict[str, Any]) -> list[Message]:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app(asked, _receive, send)
    return sent


def bare(body: bytes, headers: dict[str, str]) -> Starlette:
    async def page(request: Request) -> Response:
        if request.headers.get("if-none-match") == headers["etag"]:
            return Response(status_code=304, headers=headers)
        return Response(body, headers=headers)

    return Starlette(routes=[Route("/page", page)])


async def best(call: Callable[[], Awaitable[list[Message]]], requests: int, rounds: int) -> float:
    fastest = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(requests):
            await call()
        fastest = min(fastest, (time.perf_counter() - started) / requests)
    return fastest * 1e6


def scratch(prefix: str, **more: Any) -> Settings:
    """Settings for the app alone in process: a new SQLite file in a new folder, no
    scheduler, and rate limits no bench loop reaches."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    return Settings(
        database_url=f"sqlite://{folder / 'bench.sqlite3'}",
        media_root=folder / "media",
        scheduler_seconds=0,
        rate_burst_per_address=10**9,
        rate_per_address=10**9,
        **more,
    )


async def measure(requests: int, rounds: int) -> dict[str, float]:
    settings = scratch("dateline-inprocess-")
    await cli.migrate(settings)
    app = server.create_app(settings)
    query_string = urlencode({"query": QUERY}).encode()
    preflight = [(b"host", b"127.0.0.1:8000"), (b"apollo-require-preflight", b"1")]
    async with app.router.lifespan_context(app):
        await _call(app, scope("/graphql", query_string, preflight))  # the fill
        hit = await _call(app, scope("/graphql", query_string, preflight))
        start = hit[0]
        headers = {k.decode(): v.decode() for k, v in start["headers"] if k != b"content-length"}
        if headers.get("x-cache") != "HIT":
            raise RuntimeError(f"the second request was not a hit: {headers}")
        conditional = [*preflight, (b"if-none-match", headers["etag"].encode())]
        baseline = bare(hit[1]["body"], headers)
        cases = {
            "Dateline, cached answer (S3)": (app, scope("/graphql", query_string, preflight)),
            "bare route, same bytes (S0)": (baseline, scope("/page", b"", preflight)),
            "Dateline, 304 (S4)": (app, scope("/graphql", query_string, conditional)),
            "bare route, 304 (S0-304)": (baseline, scope("/page", b"", conditional)),
        }
        found = {}
        for name, (target, asked) in cases.items():
            found[name] = await best(functools.partial(_call, target, asked), requests, rounds)
        return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.inprocess", description=__doc__)
    parser.add_argument("--requests", type=int, default=5000, help="per round")
    parser.add_argument("--rounds", type=int, default=7, help="the best is reported")
    options = parser.parse_args(argv)
    for name, micros in asyncio.run(measure(options.requests, options.rounds)).items():
        print(f"{micros:7.1f} µs  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
