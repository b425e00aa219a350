"""Each named query document, uncached, in process: what a miss costs, and where.

    .venv/bin/python -m bench.documents [--articles 200] [--requests 30]
                                        [--concurrency 1] [--profile] [--top 30]
                                        [--document homepage]

Seeds a fresh SQLite file as the bench does, builds the real app, and POSTs each document
of tests/queries/ (with `Cache-Control: no-cache`, so every request runs) through the ASGI
app, no HTTP; prints CPU milliseconds per request (the best round's), SQL statements and the
fields that waited for a load. With
`--profile`, runs them again under cProfile and prints the functions with the most time
of their own and with their callees.
"""

import argparse
import asyncio
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import orjson
from starlette.applications import Starlette

import cli
import server
from bench.inprocess import scratch
from demo import seed

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "queries"
VARIABLES: dict[str, dict[str, Any]] = {
    "homepage": {"first": 20},
    "article_page": {"slug": "seed-10"},
    "section_page": {"slug": "seed", "first": 20},
}


async def _run(options: argparse.Namespace) -> None:
    shared = {"redis_url": options.redis_url} if options.redis_url else {}
    settings = scratch("dateline-documents-", **shared)
    await cli.migrate(settings)
    await cli._with_database(settings, lambda: seed.seed(options.articles, settings.media_root))
    names = [options.document] if options.document else sorted(VARIABLES)
    timed = await _requests(server.create_app(settings), names, options)
    # Counted apart, in debug mode (its statement log and field hook cost time).
    counted = await _requests(server.create_app(settings.model_copy(update={"debug": True})), names)
    for name in names:
        extensions = counted[name][1]
        print(
            f"{name:14} {timed[name][0]:7.2f} ms/request  {extensions['sql']['count']} SQL "
            f"statements  {extensions.get('awaited', 0)} fields awaited"
        )


async def _requests(
    app: Starlette, names: list[str], options: argparse.Namespace | None = None
) -> dict[str, tuple[float, dict[str, Any]]]:
    """Per document: milliseconds per request (over `options.requests`), the extensions."""
    headers = {"cache-control": "no-cache", "apollo-require-preflight": "1"}
    found: dict[str, tuple[float, dict[str, Any]]] = {}
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as client,
    ):

        async def once(name: str) -> dict[str, Any]:
            query = (QUERIES / f"{name}.graphql").read_text()
            answer = await client.post(
                "/graphql",
                json={"query": query, "variables": VARIABLES[name]},
                headers=headers,
            )
            body: dict[str, Any] = orjson.loads(answer.content)
            if body.get("errors"):
                raise RuntimeError(f"{name}: {body['errors']}")
            return body

        for name in names:
            body = await once(name)  # warm: parsing, validation, the first statements
            requests = options.requests if options is not None else 0
            rounds = options.rounds if options is not None else 0
            concurrency = options.concurrency if options is not None else 1
            took = float("inf")  # the best round: the machine's noise only ever adds
            for _ in range(rounds):
                started = time.process_time()
                for _ in range(max(requests // concurrency, 1)):
                    await asyncio.gather(*(once(name) for _ in range(concurrency)))
                done = max(requests // concurrency, 1) * concurrency
                took = min(took, (time.process_time() - started) / done * 1000)
            found[name] = (took, body.get("extensions", {}))
        if options is not None and options.profile:
            profile = cProfile.Profile()
            profile.enable()
            for name in names:
                for _ in range(options.requests):
                    await once(name)
            profile.disable()
            stats = pstats.Stats(profile)
            print(_by_package(stats, options.requests * len(names)))
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats(order).print_stats(options.top)
                print(out.getvalue())
    return found


PACKAGES = ("graphql", "strawberry", "tortoise", "pypika_tortoise", "aiosqlite", "asyncio")


def _by_package(stats: pstats.Stats, requests: int) -> str:
    """Own time by where the code lives: the libraries, Dateline's packages, built-ins."""
    spent: dict[str, float] = {}
    for (path, _, _), row in stats.stats.items():  # type: ignore[attr-defined]
        own = row[2]
        where = next((name for name in PACKAGES if f"/{name}/" in path), None)
        if where is None:
            inside = path.split(f"{ROOT}/", 1)
            where = inside[1].split("/", 1)[0] if len(inside) == 2 else "other"
            if path == "~":
                where = "built-ins"
        spent[where] = spent.get(where, 0.0) + own
    total = sum(spent.values())
    lines = ["own time by package (under the profiler, so slower than without):"]
    for where, own in sorted(spent.items(), key=lambda item: -item[1])[:15]:
        lines.append(f"  {own / total:6.1%}  {own * 1000 / requests:7.2f} ms/request  {where}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.documents", description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--requests", type=int, default=20, help="per round")
    parser.add_argument("--rounds", type=int, default=5, help="the best is reported")
    parser.add_argument(
        "--concurrency", type=int, default=1, help="requests in flight at once, as under load"
    )
    parser.add_argument(
        "--redis-url", help="share the answer cache and rate limits through Redis, as workers do"
    )
    parser.add_argument("--document", choices=sorted(VARIABLES))
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    asyncio.run(_run(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
