"""The run's Markdown table and PNG chart."""

import io
import math
import os
import statistics
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench.drive import Measure

if TYPE_CHECKING:
    from bench.run import Results

KEYS = ("S0", "S0-304", "S1", "S2", "S3", "S4")
PAGES = ("homepage", "article")
WHAT = {
    "S0": "bare Starlette, same bytes",
    "S0-304": "bare Starlette, 304",
    "S1": "same SQL + orjson, no GraphQL",
    "S2": "POST, uncached",
    "S3": "persisted GET, cached",
    "S4": "persisted GET, 304",
}


def describe(found: Measure) -> str:
    extra = f", {found.errors} errors" if found.errors else ""
    if found.cpu_ms is not None:
        extra += f", {found.cpu_ms:.3f} ms CPU/request"
    if found.busiest is not None:
        extra += f", busiest worker {found.busiest:.0%}"
    return (
        f"{found.rps:8.0f} req/s  p50 {found.p50_ms:6.2f} ms  p99 {found.p99_ms:6.2f} ms"
        f"  ({found.requests} requests{extra})"
    )


def _num(value: float | None, digits: int = 0) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:,.{digits}f}"


def _median(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


@dataclass(frozen=True)
class Figures:
    """A scenario's figures at one concurrency: medians of the rounds (busiest: the worst)."""

    rps: float | None
    p50_ms: float | None
    p99_ms: float | None
    cpu_ms: float | None
    redis_cpu_ms: float | None
    busiest: float | None
    errors: int
    rounds: int

    @staticmethod
    def of(measures: list[Measure]) -> "Figures":
        shares = [m.busiest for m in measures if m.busiest is not None]
        return Figures(
            rps=_median([m.rps for m in measures]),
            p50_ms=_median([m.p50_ms for m in measures]),
            p99_ms=_median([m.p99_ms for m in measures]),
            cpu_ms=_median([m.cpu_ms for m in measures]),
            redis_cpu_ms=_median([m.redis_cpu_ms for m in measures]),
            busiest=max(shares) if shares else None,
            errors=sum(m.errors for m in measures),
            rounds=len(measures),
        )


def figures(results: "Results", key: str, page: str, *, many: bool = True) -> Figures | None:
    scenario = results.get(key, page)
    if scenario is None:
        return None
    measures = scenario.many if many else scenario.single
    return Figures.of(measures) if measures else None


def _ratio(top: float | None, bottom: float | None) -> float | None:
    if top is None or bottom is None or bottom == 0:
        return None
    return top / bottom


def _mb(values: list[float]) -> str:
    return " / ".join(f"{v:.0f}" for v in values) if values else "n/a"


def _share(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "n/a"


def ratios(
    results: "Results", top: str, bottom: str
) -> dict[str, tuple[float | None, float | None]]:
    """Per page: (top/bottom by req/s, bottom/top by CPU per request), at N connections."""
    found = {}
    for page in PAGES:
        a, b = figures(results, top, page), figures(results, bottom, page)
        found[page] = (
            _ratio(a.rps if a else None, b.rps if b else None),
            _ratio(b.cpu_ms if b else None, a.cpu_ms if a else None),
        )
    return found


def markdown(results: "Results", environment: dict[str, str]) -> str:
    options = results.options
    n = options.connections
    lines = [
        "# Dateline benchmark",
        "",
        f"{environment['date']}, commit {environment['commit']}; {environment['cpu']}; "
        f"Python {environment['python']}; {environment['database']} with "
        f"`dateline seed --articles {options.articles}`; every server: 2 uvicorn workers on "
        f"uvloop and httptools, each with its own SO_REUSEPORT socket, as `dateline serve` "
        f"runs them, all up at once; Dateline's workers share Redis; load: {results.loader} "
        f"on the same machine, {options.duration:g} s per figure after {options.warmup:g} s "
        f"of warm-up, every scenario in turn, {options.rounds} rounds (medians); whole run "
        f"{results.elapsed:.0f} s.",
        "",
        f"| Page | Scenario | What | req/s at {n} conn. | p50 / p99 ms at {n} | "
        f"CPU ms / request at {n} | Redis CPU ms / request | req/s at 1 conn. | "
        "p50 / p99 ms at 1 | Errors | Busiest worker |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for page in PAGES:
        for key in KEYS:
            scenario = results.get(key, page)
            missing = results.missing.get((key, page))
            if scenario is None and missing is None:
                continue
            many, single = figures(results, key, page), figures(results, key, page, many=False)
            note = scenario.note if scenario is not None and scenario.note else missing
            what = WHAT[key] + (f" ({note})" if note else "")
            errors = sum(f.errors for f in (many, single) if f is not None)
            lines.append(
                f"| {page} | {key} | {what} | {_num(many.rps if many else None)} | "
                f"{_num(many.p50_ms if many else None, 2)} / {_num(many.p99_ms if many else None, 2)} | "
                f"{_num(many.cpu_ms if many else None, 3)} | "
                f"{_num(many.redis_cpu_ms if many else None, 3)} | "
                f"{_num(single.rps if single else None)} | "
                f"{_num(single.p50_ms if single else None, 2)} / "
                f"{_num(single.p99_ms if single else None, 2)} | "
                f"{errors if many or single else 'n/a'} | "
                f"{_share(many.busiest if many else None)} |"
            )
    lines += [
        "",
        f"Ratios at {n} connections (reported, not asserted): by req/s, and by server CPU "
        "per request (the bare route's over Dateline's: 1.0 is as cheap as the bare route).",
        "",
        "| Ratio | Homepage req/s | Homepage CPU | Article req/s | Article CPU | Target |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for label, top, bottom, target in (
        ("S3 / S0 (cache hit vs bare)", "S3", "S0", "≥ 0.8"),
        ("S4 / S0-304 (304 vs bare 304)", "S4", "S0-304", "≥ 0.8"),
        ("S2 / S1 (GraphQL vs REST floor)", "S2", "S1", "report"),
        ("S2 / S0 (uncached vs bare)", "S2", "S0", "report"),
    ):
        found = ratios(results, top, bottom)
        cells = [_num(value, 3) for page in PAGES for value in found[page]]
        lines.append(f"| {label} | {' | '.join(cells)} | {target} |")
    multiples = []
    for page in PAGES:
        uncached, bare = figures(results, "S2", page), figures(results, "S0", page)
        times = _ratio(uncached.cpu_ms if uncached else None, bare.cpu_ms if bare else None)
        multiples.append(f"{_num(times)}×" if times is not None else "n/a")
    lines += [
        "",
        f"An uncached page's server CPU per request, in multiples of the bare route's (S0), "
        f"at {n} connections:",
        "",
        "| Page | S2 CPU / S0 CPU | Target |",
        "|---|--:|--:|",
        f"| homepage | {multiples[0]} | ≤ 150× |",
        f"| article page | {multiples[1]} | ≤ 40× |",
    ]
    home = figures(results, "S2", "homepage", many=False)
    dateline_peak = max(results.rss.get("Dateline") or [math.nan])
    sweep = [results.sql.get(f"S2 homepage first={f}", "n/a") for f in (1, 20, 100)]
    constant = "n/a" in sweep or len(set(sweep)) == 1

    def worst(*keys: str) -> str:
        shares = [
            f.busiest
            for key in keys
            for page in PAGES
            if (f := figures(results, key, page)) is not None and f.busiest is not None
        ]
        return _share(max(shares) if shares else None)

    lines += [
        "",
        "| Other targets | Measured | Target |",
        "|---|--:|--:|",
        f"| Busiest Dateline worker's share of the requests at {n} connections, worst run: "
        f"cached (S3, S4) | {worst('S3', 'S4')} | ≤ 60% |",
        f"| The same, uncached (S2: a few hundred requests a run, so the run's edges "
        f"move it) | {worst('S2')} | ≤ 60% |",
        f"| Peak RSS per Dateline worker (cache warm) | {_num(dateline_peak)} MB | ≤ 100 MB |",
        f"| Uncached homepage p50 at 1 connection | {_num(home.p50_ms if home else None, 2)} ms "
        "| report |",
        f"| SQL per uncached homepage at first = 1 / 20 / 100 | {' / '.join(sweep)}"
        f"{'' if constant else ' (not constant)'} | constant, ≤ 6 |",
        "",
        "SQL statements per uncached request (debug runs, one worker; never the measured servers):",
        "",
        "| Request | Statements |",
        "|---|--:|",
        *(f"| {label} | {count} |" for label, count in results.sql.items()),
        "",
        "Memory per worker (MB): RSS after start-up, then peak RSS (VmHWM) after the load:",
        "",
        "| Server | Idle RSS | Peak RSS |",
        "|---|--:|--:|",
        *(
            f"| {name} | {_mb(results.idle_rss.get(name, []))} | {_mb(peak)} |"
            for name, peak in results.rss.items()
        ),
        "",
        f"Response bodies: homepage {results.sizes.get('homepage', 0):,} bytes, "
        f"article page {results.sizes.get('article', 0):,} bytes.",
    ]
    lines += [f"- {check}" for check in results.checks]
    lines += [
        "",
        "CPU per request: the utime + stime the server's whole process tree (supervisor and "
        "workers) spent during the measured run, over the requests served; Redis's beside it. "
        "Busiest worker: its share of the bytes the workers wrote during the run, which with "
        "every request the same is its share of the requests (50%: even), the worst of the "
        "rounds.",
    ]
    if not results.loader.startswith("wrk"):
        lines += [
            "",
            "The bundled Python client shares the two cores with the servers and may be the "
            "bottleneck for S0, S3 and S4: compare ratios within a run, not with other runs. "
            "Install wrk for higher ceilings.",
        ]
    return "\n".join(lines) + "\n"


def chart(results: "Results") -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(8, 4), dpi=80)
    width = 0.38
    for offset, page in enumerate(PAGES):
        values = []
        for key in KEYS:
            found = figures(results, key, page)
            values.append(found.rps if found is not None and found.rps is not None else 0.0)
        positions = [i + (offset - 0.5) * width for i in range(len(KEYS))]
        bars = axes.bar(positions, values, width, label=page)
        for bar, value in zip(bars, values, strict=True):
            label = f"{value:,.0f}" if value else "n/a"
            height = value if value else 1.0
            axes.annotate(
                label,
                (bar.get_x() + bar.get_width() / 2, height),
                ha="center",
                va="bottom",
                fontsize=7,
            )
    axes.set_yscale("log")
    axes.set_ylim(bottom=1)
    labels = [f"{key}\n{textwrap.fill(WHAT[key], 16)}" for key in KEYS]
    axes.set_xticks(range(len(KEYS)), labels, fontsize=7)
    axes.set_ylabel(f"req/s at {results.options.connections} connections (log)")
    axes.set_title(
        f"Dateline vs bare Starlette, 2 workers each, medians of "
        f"{results.options.rounds} rounds ({results.loader})",
        fontsize=9,
    )
    axes.legend(fontsize=8)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    pyplot.close(figure)
    return out.getvalue()


def write(path: Path, data: bytes) -> None:
    """Written beside, then renamed: a half-written result never replaces the last one."""
    partial = path.with_name(path.name + ".tmp")
    partial.write_bytes(data)
    os.replace(partial, path)
