"""The run's Markdown table and PNG chart."""

import io
import math
import os
import textwrap
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
    errors = f", {found.errors} errors" if found.errors else ""
    if found.busiest is not None:
        errors += f", busiest worker {found.busiest:.0%} of server CPU"
    return (
        f"{found.rps:8.0f} req/s  p50 {found.p50_ms:6.2f} ms  p99 {found.p99_ms:6.2f} ms"
        f"  ({found.requests} requests{errors})"
    )


def _num(value: float | None, digits: int = 0) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:,.{digits}f}"


def _ratio(top: Measure | None, bottom: Measure | None) -> float | None:
    if top is None or bottom is None or bottom.rps == 0:
        return None
    return top.rps / bottom.rps


def _mb(values: list[float]) -> str:
    return " / ".join(f"{v:.0f}" for v in values) if values else "n/a"


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
        f"runs them; load: {results.loader} on the same "
        f"machine, {options.duration:g} s per figure after {options.warmup:g} s of warm-up; "
        f"whole run {results.elapsed:.0f} s.",
        "",
        f"| Page | Scenario | What | req/s at {n} conn. | p50 / p99 ms at {n} | "
        "req/s at 1 conn. | p50 / p99 ms at 1 | Errors | Busiest worker |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    for page in PAGES:
        for key in KEYS:
            s = results.get(key, page)
            if s is None:
                continue
            many, single = s.many, s.single
            errors = sum(m.errors for m in (many, single) if m is not None)
            what = WHAT[key] + (f" ({s.note})" if s.note else "")
            lines.append(
                f"| {page} | {key} | {what} | {_num(many.rps if many else None)} | "
                f"{_num(many.p50_ms if many else None, 2)} / {_num(many.p99_ms if many else None, 2)} | "
                f"{_num(single.rps if single else None)} | "
                f"{_num(single.p50_ms if single else None, 2)} / "
                f"{_num(single.p99_ms if single else None, 2)} | "
                f"{errors if many or single else 'n/a'} | "
                f"{f'{many.busiest:.0%}' if many and many.busiest is not None else 'n/a'} |"
            )
    lines += [
        "",
        f"Ratios of req/s at {n} connections, against the targets (reported, not asserted):",
        "",
    ]
    lines += ["| Ratio | Homepage | Article page | Target |", "|---|--:|--:|--:|"]
    for label, top, bottom, target in (
        ("S3 / S0 (cache hit vs bare)", "S3", "S0", "≥ 0.8"),
        ("S4 / S0-304 (304 vs bare 304)", "S4", "S0-304", "≥ 0.8"),
        ("S2 / S1 (GraphQL vs REST floor)", "S2", "S1", "≥ 0.5"),
        ("S2 / S0 (uncached vs bare)", "S2", "S0", "report"),
    ):
        cells = []
        for page in PAGES:
            a, b = results.get(top, page), results.get(bottom, page)
            cells.append(_num(_ratio(a.many if a else None, b.many if b else None), 3))
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {target} |")
    home = results.get("S2", "homepage")
    p50 = home.single.p50_ms if home and home.single else None
    dateline_peak = max(results.rss.get("Dateline") or [math.nan])
    sweep = [results.sql.get(f"S2 homepage first={f}", "n/a") for f in (1, 20, 100)]
    constant = "n/a" in sweep or len(set(sweep)) == 1
    lines += [
        "",
        "| Other targets | Measured | Target |",
        "|---|--:|--:|",
        f"| Uncached homepage p50 at 1 connection | {_num(p50, 2)} ms | ≤ 10 ms |",
        f"| Peak RSS per Dateline worker | {_num(dateline_peak)} MB | ≤ 150 MB |",
        f"| SQL per uncached homepage at first = 1 / 20 / 100 | {' / '.join(sweep)}"
        f"{'' if constant else ' (not constant)'} | constant, ≤ 8 |",
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
        f"Busiest worker: its share of the two workers' CPU time during the {n}-connection "
        "run (50%: even). Keep-alive connections stay with the worker that accepted them, and "
        "asyncio accepts a burst of them in one go, so one worker can end up with most.",
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
            s = results.get(key, page)
            values.append(s.many.rps if s is not None and s.many is not None else 0.0)
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
        f"Dateline vs bare Starlette, 2 uvicorn workers each ({results.loader})", fontsize=9
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
