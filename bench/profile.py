"""Where a worker's time goes under one bench scenario: py-spy on a loaded server.

    .venv/bin/pip install py-spy
    .venv/bin/python -m bench.profile [--scenario S3|S4|S2] [--page homepage|article]
                                      [--seconds 10] [--articles 200]

Seeds a database, starts Dateline as the bench does (two workers sharing Redis), drives
the scenario with wrk (or the bundled client) while py-spy samples every worker, then
prints the functions with the most samples of their own and of their callees, and leaves
the collapsed stacks in `profile-<scenario>-<page>.txt` (for speedscope or flamegraph.pl).
A tool, like the bench: compare within one run.
"""

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import redis

from bench import run
from bench.drive import Loader, Target, fetch, serving


def _spy() -> str | None:
    beside = Path(sys.executable).with_name("py-spy")
    return shutil.which("py-spy") or (str(beside) if beside.exists() else None)


def _record(spy: str, pid: int, seconds: float, raw: Path) -> subprocess.Popen[bytes]:
    argv = [spy, "record", "--pid", str(pid), "--duration", str(round(seconds))]
    argv += ["--rate", "250", "--format", "raw", "--output", str(raw), "--nonblocking"]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _summary(raws: list[Path], top: int) -> str:
    own: collections.Counter[str] = collections.Counter()
    within: collections.Counter[str] = collections.Counter()
    total = 0
    for raw in raws:
        for line in raw.read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            frames = stack.split(";")
            samples = int(count)
            total += samples
            own[frames[-1]] += samples
            for frame in set(frames):
                within[frame] += samples
    lines = [f"{total} samples", "", "own time:"]
    lines += [f"  {n / total:6.1%}  {frame}" for frame, n in own.most_common(top)]
    lines += ["", "with callees:"]
    lines += [f"  {n / total:6.1%}  {frame}" for frame, n in within.most_common(top)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--scenario", choices=("S2", "S3", "S4"), default="S3")
    parser.add_argument("--page", choices=("homepage", "article"), default="homepage")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args(argv)
    spy = _spy()
    if spy is None:
        parser.error("py-spy is not installed: .venv/bin/pip install py-spy")
    tmp = Path(tempfile.mkdtemp(prefix="dateline-profile-"))
    url = f"sqlite://{tmp / 'bench.sqlite3'}"
    results = run.Results(options=options, loader="")
    try:
        redis.Redis.from_url(options.redis_url).flushdb()
        run.seed(tmp, url, max(options.articles, 11))
        page = next(p for p in run.pages(slug="seed-10") if p.name == options.page)
        server = run.dateline(tmp, results, url, run.WORKERS)
        with serving(server):
            fetch(server.port, run.post(page))
            cached = run._persisted(server.port, page, results)
            target = {
                "S2": run.post(page),
                "S3": run.persisted(page),
                "S4": Target(
                    "GET",
                    run.persisted(page).path,
                    {**run.PREFLIGHT, "If-None-Match": cached.headers["etag"] if cached else ""},
                ),
            }[options.scenario]
            loader = Loader(tmp, options.seconds + 2, 0)
            load = threading.Thread(
                target=loader.run, args=(server.port, target, options.connections)
            )
            load.start()
            raws = [tmp / f"worker-{pid}.txt" for pid in server.workers()]
            spies = [
                _record(spy, pid, options.seconds, raw)
                for pid, raw in zip(server.workers(), raws, strict=True)
            ]
            for recording in spies:
                recording.wait()
            load.join()
        found = [raw for raw in raws if raw.exists()]
        print(_summary(found, options.top))
        stacks = Path(f"profile-{options.scenario}-{options.page}.txt")
        stacks.write_text("".join(raw.read_text() for raw in found))
        print(f"\ncollapsed stacks: {stacks}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
