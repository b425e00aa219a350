"""Dateline against a bare Starlette baseline, in one run on one machine.

    .venv/bin/python -m bench.run [--rounds 3] [--duration 3] [--connections 16]
                                  [--articles 1000] [--database-url sqlite://...|postgres://...]

Seeds a database in a temporary directory, starts every server at once (each with two
workers, served as `dateline serve` serves Dateline: uvloop, httptools, a SO_REUSEPORT
socket per worker), then measures, for the homepage and the article page, at 1 connection
(latency) and N connections (throughput), round after round, every scenario in turn
(each pair the targets compare back to back, the uncached runs last):

  S0      a bare Starlette route returning the bytes Dateline returned (headers too)
  S0-304  the same route answering If-None-Match with 304 (the bare 304)
  S1      the same SQL and orjson without GraphQL (bench/floor.py)
  S2      POST /graphql with Cache-Control: no-cache (uncached)
  S3      persisted-query GET served from the answer cache
  S4      that GET with If-None-Match: 304

Each figure is the median of the rounds. Beside req/s and latency: server CPU per
request (the process tree's utime + stime over the requests served), Redis's CPU per
request, and the busiest worker's share of the requests. A scenario the server does not
offer is n/a. Writes bench/results/latest.md and latest.png. A tool, not a test: nothing
is asserted. Profiles of the same requests: bench/profile.py.
"""

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import redis

from bench import report
from bench.drive import (
    Loader,
    Measure,
    Reply,
    Server,
    Target,
    cpu_seconds,
    fetch,
    free_port,
    serving,
)

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "queries"
RESULTS = Path(__file__).resolve().parent / "results"
WORKERS = 2


@dataclass(frozen=True)
class Page:
    name: str  # "homepage" or "article"
    operation: str
    query: str
    variables: dict[str, Any]
    floor_path: str  # S1's URL for the same content


@dataclass
class Scenario:
    key: str
    page: str
    server: "Server"
    target: Target
    expect_status: int = 200
    expect_size: int | None = None
    note: str = ""
    single: list[Measure] = field(default_factory=list)  # 1 connection, per round
    many: list[Measure] = field(default_factory=list)  # N connections, per round


@dataclass
class Results:
    options: argparse.Namespace
    loader: str
    scenarios: list[Scenario] = field(default_factory=list)
    missing: dict[tuple[str, str], str] = field(default_factory=dict)  # (key, page) -> why
    rss: dict[str, list[float]] = field(default_factory=dict)  # server -> peak MB per worker
    idle_rss: dict[str, list[float]] = field(default_factory=dict)
    sql: dict[str, str] = field(default_factory=dict)  # label -> count (or n/a)
    checks: list[str] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0

    def get(self, key: str, page: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.key == key and s.page == page), None)


def pages(slug: str) -> list[Page]:
    return [
        Page(
            "homepage",
            "Homepage",
            (QUERIES / "homepage.graphql").read_text(),
            {"first": 20},
            "/homepage?first=20",
        ),
        Page(
            "article",
            "ArticlePage",
            (QUERIES / "article_page.graphql").read_text(),
            {"slug": slug},
            f"/article?slug={slug}",
        ),
    ]


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


PREFLIGHT = {"Apollo-Require-Preflight": "1"}


def post(page: Page) -> Target:
    body = _compact(
        {"query": page.query, "variables": page.variables, "operationName": page.operation}
    )
    headers = {"Content-Type": "application/json", "Cache-Control": "no-cache"}
    return Target("POST", "/graphql", headers, body.encode())


def persisted(page: Page, *, with_query: bool = False) -> Target:
    digest = hashlib.sha256(page.query.encode()).hexdigest()
    params = {
        "extensions": _compact({"persistedQuery": {"version": 1, "sha256Hash": digest}}),
        "variables": _compact(page.variables),
        "operationName": page.operation,
    }
    if with_query:
        params["query"] = page.query
    # A browser could send this GET cross-site, so Dateline wants Apollo's preflight header.
    return Target("GET", "/graphql?" + urlencode(params), dict(PREFLIGHT))


def _data(reply: Reply) -> Any:
    if reply.status != 200:
        return None
    try:
        parsed = json.loads(reply.body)
    except ValueError:
        return None
    return parsed.get("data") if isinstance(parsed, dict) and not parsed.get("errors") else None


# The environment the servers run in.


def _env(tmp: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATELINE_", "BENCH_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        DATELINE_DATABASE_URL=database_url,
        DATELINE_MEDIA_ROOT=str(tmp / "media"),
        DATELINE_SCHEDULER_SECONDS="0",
    )
    env.update(extra)
    return env


def dateline(tmp: Path, results: Results, url: str, workers: int, **extra: str) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "cli", "serve", f"--workers={workers}", "--host=127.0.0.1"]
    argv.append(f"--port={port}")
    # Several workers share their response cache through Redis, as in production.
    env = _env(
        tmp,
        url,
        DATELINE_REDIS_URL=results.options.redis_url,
        # The load comes from one address, far above what one reader may ask.
        DATELINE_RATE_BURST_PER_ADDRESS="1000000000",
        DATELINE_RATE_PER_ADDRESS="1000000000",
        **extra,
    )
    name = "dateline-debug" if extra else "dateline"
    return Server(name, argv, env, tmp, port, workers)


def served(name: str, app: str, tmp: Path, url: str, workers: int, **extra: str) -> Server:
    """Served as `dateline serve` serves Dateline (workers.supervisor), another app."""
    port = free_port()
    argv = [sys.executable, "-m", "workers", app, "--factory", "--host=127.0.0.1", f"--port={port}"]
    argv.append(f"--workers={workers}")
    return Server(name, argv, _env(tmp, url, **extra), tmp, port, workers)


# The phases.


def seed(tmp: Path, database_url: str, articles: int) -> None:
    argv = [sys.executable, "-m", "cli", "seed", f"--articles={articles}"]
    subprocess.run(argv, env=_env(tmp, database_url), cwd=tmp, check=True, capture_output=True)


def count_sql(tmp: Path, url: str, page_list: list[Page], results: Results) -> None:
    """SQL per uncached request, from short debug runs (never the measured servers)."""
    graphql = dateline(tmp, results, url, 1, DATELINE_DEBUG="true")
    floor = served("floor-debug", "bench.floor:app", tmp, url, 1, BENCH_SQL_COUNT="1")
    home, article = page_list
    with serving(graphql), serving(floor):

        def ours(page: Page, **variables: Any) -> str:
            merged = Page(**{**page.__dict__, "variables": {**page.variables, **variables}})
            reply = fetch(graphql.port, post(merged))
            try:
                return str(json.loads(reply.body)["extensions"]["sql"]["count"])
            except (ValueError, KeyError, TypeError):
                return "n/a"

        def theirs(path: str) -> str:
            return fetch(floor.port, Target("GET", path)).headers.get("x-sql-count", "n/a")

        results.sql["S2 homepage, first request of the process"] = ours(home)
        for first in (1, 20, 100):
            results.sql[f"S2 homepage first={first}"] = ours(home, first=first)
        results.sql["S2 article page"] = ours(article)
        results.sql["S1 homepage"] = theirs(home.floor_path)
        results.sql["S1 article page"] = theirs(article.floor_path)


def measure(loader: Loader, connections: int, scenario: Scenario, redis_pid: int | None) -> None:
    """One round of a scenario: at 1 connection, then at N."""
    server = scenario.server
    for count in dict.fromkeys((1, connections)):
        loader.warm(server.port, scenario.target, count)
        cpu, written = server.cpu_seconds(), server.written()
        store = cpu_seconds(redis_pid) if redis_pid else 0.0
        found = loader.run(
            server.port,
            scenario.target,
            count,
            expect_status=scenario.expect_status,
            expect_size=scenario.expect_size,
        )
        served = max(found.requests, 1)
        shares = [b - a for a, b in zip(written, server.written(), strict=False)]
        found = replace(
            found,
            cpu_ms=(server.cpu_seconds() - cpu) * 1000 / served,
            redis_cpu_ms=(cpu_seconds(redis_pid) - store) * 1000 / served if redis_pid else None,
            busiest=max(shares) / sum(shares) if len(shares) > 1 and sum(shares) > 0 else None,
        )
        if count == 1:
            scenario.single.append(found)
        if count == connections:
            scenario.many.append(found)
        print(
            f"  {scenario.key:7} {scenario.page:9} c={count:<3} {report.describe(found)}",
            flush=True,
        )


def _persisted(port: int, page: Page, results: Results) -> Reply | None:
    """Registers the page's persisted query (APQ), then returns a hash-only GET's reply."""
    first = fetch(port, persisted(page))
    if _data(first) is None:
        fetch(port, persisted(page, with_query=True))
    for _ in range(2):  # the second read is the one a cache would serve
        reply = fetch(port, persisted(page))
    if _data(reply) is None:
        results.checks.append(f"{page.name}: hash-only GET answered {reply.status}: S3/S4 n/a")
        return None
    return reply


def dateline_scenarios(
    server: Server, page: Page, results: Results
) -> tuple[list[Scenario], bytes, dict[str, str]]:
    """S2, S3 and S4 of a page; its reference bytes and cache headers, for S0."""
    reference = fetch(server.port, post(page))
    if _data(reference) is None:
        raise RuntimeError(f"{page.name}: {reference.status} {reference.body[:500]!r}")
    body = reference.body
    results.sizes[page.name] = len(body)
    found = [Scenario("S2", page.name, server, post(page), expect_size=len(body))]
    cached = _persisted(server.port, page, results)
    if cached is None:
        results.missing[("S3", page.name)] = results.missing[("S4", page.name)] = (
            "no persisted-query GET"
        )
        return found, body, {}
    note = (
        "" if cached.headers.get("x-cache", "").upper() == "HIT" else "served without X-Cache: HIT"
    )
    if cached.body != body:
        results.checks.append(f"{page.name}: the cached GET differs from the POST's bytes")
    # S0 sends the very bytes, headers included (the CDN's surrogate keys are most of a
    # 304); uvicorn adds its own date and server to both.
    headers: dict[str, str] = {
        k: v for k, v in cached.headers.items() if k not in ("date", "server", "content-length")
    }
    found.append(
        Scenario("S3", page.name, server, persisted(page), expect_size=len(cached.body), note=note)
    )
    etag = cached.headers.get("etag")
    conditional = Target("GET", persisted(page).path, {**PREFLIGHT, "If-None-Match": etag or ""})
    if etag and fetch(server.port, conditional).status == 304:
        found.append(Scenario("S4", page.name, server, conditional, expect_status=304))
    else:
        results.missing[("S4", page.name)] = "no 304 for If-None-Match" if etag else "no ETag"
    return found, body, headers


def baseline_folder(tmp: Path, captured: dict[str, tuple[bytes, dict[str, str]]]) -> Path:
    folder = tmp / "s0"
    folder.mkdir()
    for name, (body, headers) in captured.items():
        etag = headers.get("etag") or f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        served = {"content-type": "application/json", **headers, "etag": etag}
        (folder / f"{name}.json").write_bytes(body)
        (folder / f"{name}.headers.json").write_text(json.dumps(served))
    return folder


def baseline_scenarios(server: Server, folder: Path, page: Page, size: int) -> list[Scenario]:
    etag = json.loads((folder / f"{page.name}.headers.json").read_text())["etag"]
    get = Target("GET", f"/{page.name}")
    conditional = Target("GET", f"/{page.name}", {"If-None-Match": etag})
    return [
        Scenario("S0", page.name, server, get, expect_size=size),
        Scenario("S0-304", page.name, server, conditional, expect_status=304),
    ]


def floor_scenario(server: Server, page: Page, reference: bytes, results: Results) -> Scenario:
    target = Target("GET", page.floor_path)
    reply = fetch(server.port, target)
    # The data: Dateline's answer also carries extensions (the operation's cost).
    same = json.loads(reply.body).get("data") == json.loads(reference).get("data")
    results.checks.append(
        f"{page.name}: S1's document {'equals' if same else 'DIFFERS from'} S2's "
        f"({len(reply.body)} bytes with orjson, {len(reference)} from GraphQL)"
    )
    note = "" if same else "differs from S2"
    return Scenario("S1", page.name, server, target, expect_size=len(reply.body), note=note)


def run_all(tmp: Path, url: str, loader: Loader, page_list: list[Page], results: Results) -> None:
    """Every server up at once; then round after round of every scenario, so that the
    machine's drift is shared by all of them and their ratios compare within a round."""
    options = results.options
    graphql = dateline(tmp, results, url, WORKERS)
    with ExitStack() as running:
        running.enter_context(serving(graphql))
        results.idle_rss["Dateline"] = graphql.memory("VmRSS")
        captured: dict[str, tuple[bytes, dict[str, str]]] = {}
        ours: dict[str, list[Scenario]] = {}
        for page in page_list:
            ours[page.name], body, headers = dateline_scenarios(graphql, page, results)
            captured[page.name] = (body, headers)
        folder = baseline_folder(tmp, captured)
        bare = served("baseline", "bench.baseline:app", tmp, url, WORKERS, BENCH_S0_DIR=str(folder))
        floor = served("floor", "bench.floor:app", tmp, url, WORKERS)
        for server, label in ((bare, "S0 (bare Starlette)"), (floor, "S1 (REST floor)")):
            running.enter_context(serving(server))
            results.idle_rss[label] = server.memory("VmRSS")
        for page in page_list:
            reference = captured[page.name][0]
            results.scenarios += baseline_scenarios(bare, folder, page, len(reference))
            results.scenarios.append(floor_scenario(floor, page, reference, results))
            results.scenarios += ours[page.name]
        redis_pid = _redis_pid(options.redis_url)
        for round_ in range(1, options.rounds + 1):
            print(f"round {round_} of {options.rounds}", flush=True)
            for scenario in sorted(results.scenarios, key=_order):
                measure(loader, options.connections, scenario, redis_pid)
        results.rss["Dateline"] = graphql.memory()
        results.rss["S0 (bare Starlette)"] = bare.memory()
        results.rss["S1 (REST floor)"] = floor.memory()


# Within a round, each pair the targets compare is measured back to back (the machine's
# drift shared), the heavy uncached runs last (their garbage and heat not on the hits).
MEASURED_IN_TURN = ("S0", "S3", "S0-304", "S4", "S1", "S2")


def _order(scenario: Scenario) -> tuple[int, int]:
    return report.PAGES.index(scenario.page), MEASURED_IN_TURN.index(scenario.key)


def _redis_pid(url: str) -> int | None:
    """The Redis server's process, when it runs on this machine (its CPU is measured too)."""
    try:
        pid = int(redis.Redis.from_url(url).info("server")["process_id"])
    except (redis.RedisError, KeyError, ValueError):
        return None
    return pid if Path(f"/proc/{pid}").exists() else None


def describe_database(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return "SQLite (WAL), a fresh file"
    return f"{parts.scheme} on {parts.hostname}:{parts.port or ''}{parts.path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rounds", type=int, default=3, help="each figure: the median of these")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=1.0, help="discarded seconds before each")
    parser.add_argument("--connections", type=int, default=16, help="for the throughput runs")
    parser.add_argument("--articles", type=int, default=1000, help="dateline seed --articles")
    parser.add_argument(
        "--database-url",
        help="default: a new SQLite file in the temporary directory; a PostgreSQL URL "
        "must name a database the run may fill (seed adds articles)",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/13",
        help="Redis for the workers' shared cache (emptied at start)",
    )
    parser.add_argument("--python-client", action="store_true", help="ignore wrk")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where latest.md/png go")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    options = parser.parse_args(argv)
    if options.articles < 11:
        parser.error("--articles must be at least 11 (the article page needs teasers)")
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    url = options.database_url or f"sqlite://{tmp / 'bench.sqlite3'}"
    loader = Loader(tmp, options.duration, options.warmup, force_python=options.python_client)
    results = Results(options=options, loader=loader.name)
    page_list = pages(slug="seed-10")  # teases seed-11, -12 and -13, each with a picture
    print(f"dateline bench in {tmp}; load: {loader.name}", flush=True)
    try:
        redis.Redis.from_url(options.redis_url).flushdb()  # the workers' shared cache
        seed(tmp, url, options.articles)
        print(
            f"seeded {options.articles} articles ({time.monotonic() - started:.0f} s)", flush=True
        )
        count_sql(tmp, url, page_list, results)
        run_all(tmp, url, loader, page_list, results)
    finally:
        if not options.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    results.elapsed = time.monotonic() - started
    environment = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
        "cpu": _cpu(),
        "python": platform.python_version(),
        "database": describe_database(url),
    }
    markdown = report.markdown(results, environment)
    sys.stdout.write("\n" + markdown)
    options.output.mkdir(parents=True, exist_ok=True)
    report.write(options.output / "latest.md", markdown.encode())
    report.write(options.output / "latest.png", report.chart(results))
    print(f"\nwrote {options.output / 'latest.md'} and latest.png", flush=True)
    return 0


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def _cpu() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.partition(":")[2].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


if __name__ == "__main__":
    sys.exit(main())
