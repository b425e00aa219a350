"""The bundled load generator: a lean HTTP/1.1 keep-alive client on raw asyncio.

Used when wrk is not installed. Each connection keeps one request in flight (closed
loop, like wrk) and sends the next one from the protocol callback, so no coroutine runs
per request. Run it as its own process, away from the servers:

    python -m bench.load --port P --request-file REQ --connections 16 --duration 5

It prints one JSON object: requests, rps, p50_ms, p99_ms, errors, statuses.
"""

import argparse
import asyncio
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of `values` (0 < fraction <= 1); nan if there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = math.ceil(fraction * len(ordered))
    return ordered[min(max(rank, 1), len(ordered)) - 1]


@dataclass(frozen=True)
class Parsed:
    status: int
    body_size: int
    consumed: int  # bytes of the buffer this response took, head and body


def parse_response(buf: bytes | bytearray) -> Parsed | None:
    """The first complete HTTP/1.1 response in `buf`, or None if it has not all arrived.

    Knows Content-Length and chunked bodies, and that 1xx, 204 and 304 carry none.
    Raises ValueError for a response it cannot frame (a body delimited by closing).
    """
    head_end = buf.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    lines = bytes(buf[:head_end]).split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise ValueError(f"not an HTTP/1.x status line: {lines[0]!r}")
    status = int(parts[1])
    length: int | None = None
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    start = head_end + 4
    if status in (204, 304) or 100 <= status < 200:
        return Parsed(status, 0, start)
    if chunked:
        return _chunked(buf, status, start)
    if length is None:
        raise ValueError("a response without Content-Length or chunked framing")
    if len(buf) < start + length:
        return None
    return Parsed(status, length, start + length)


def _chunked(buf: bytes | bytearray, status: int, pos: int) -> Parsed | None:
    size_total = 0
    while True:
        line_end = buf.find(b"\r\n", pos)
        if line_end < 0:
            return None
        size = int(bytes(buf[pos:line_end]).split(b";")[0].strip(), 16)
        pos = line_end + 2
        if size == 0:
            if buf[pos : pos + 2] == b"\r\n":
                return Parsed(status, size_total, pos + 2)
            trailers_end = buf.find(b"\r\n\r\n", pos)
            return None if trailers_end < 0 else Parsed(status, size_total, trailers_end + 4)
        if len(buf) < pos + size + 2:
            return None
        size_total += size
        pos += size + 2


@dataclass
class Run:
    request: bytes
    measure_from: int  # perf_counter_ns: responses to requests sent earlier are warm-up
    deadline: int
    expect_status: int
    expect_size: int | None
    latencies: list[int]
    statuses: Counter[int]
    errors: int = 0
    open: int = 0


class _Connection(asyncio.Protocol):
    def __init__(self, run: Run, finished: asyncio.Future[None]) -> None:
        self.run = run
        self.finished = finished
        self.buf = bytearray()
        self.sent = 0
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.run.open += 1
        self._send()

    def _send(self) -> None:
        assert self.transport is not None
        self.sent = time.perf_counter_ns()
        self.transport.write(self.run.request)

    def data_received(self, data: bytes) -> None:
        self.buf += data
        try:
            parsed = parse_response(self.buf)
        except ValueError:
            self.run.errors += 1
            self._close()
            return
        if parsed is None:
            return
        now = time.perf_counter_ns()
        del self.buf[: parsed.consumed]
        run = self.run
        if self.sent >= run.measure_from and now <= run.deadline:
            run.latencies.append(now - self.sent)
            run.statuses[parsed.status] += 1
            wrong_size = run.expect_size is not None and parsed.body_size != run.expect_size
            if parsed.status != run.expect_status or wrong_size:
                run.errors += 1
        if now >= run.deadline:
            self._close()
        else:
            self._send()

    def _close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.run.open -= 1
        if time.perf_counter_ns() < self.run.deadline:
            self.run.errors += 1  # the server hung up early
        if self.run.open == 0 and not self.finished.done():
            self.finished.set_result(None)


async def drive(
    host: str,
    port: int,
    request: bytes,
    *,
    connections: int,
    duration: float,
    warmup: float,
    expect_status: int = 200,
    expect_size: int | None = None,
) -> dict[str, object]:
    """Closed-loop load: `connections` keep-alive connections for warmup + duration seconds."""
    loop = asyncio.get_running_loop()
    start = time.perf_counter_ns()
    run = Run(
        request=request,
        measure_from=start + int(warmup * 1e9),
        deadline=start + int((warmup + duration) * 1e9),
        expect_status=expect_status,
        expect_size=expect_size,
        latencies=[],
        statuses=Counter(),
    )
    finished: asyncio.Future[None] = loop.create_future()
    for _ in range(connections):
        await loop.create_connection(lambda: _Connection(run, finished), host, port)
    await asyncio.wait_for(finished, timeout=warmup + duration + 30)
    millis = [ns / 1e6 for ns in run.latencies]
    return {
        "requests": len(millis),
        "rps": len(millis) / duration,
        "p50_ms": percentile(millis, 0.50),
        "p99_ms": percentile(millis, 0.99),
        "errors": run.errors,
        "statuses": {str(code): n for code, n in sorted(run.statuses.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--request-file", type=Path, required=True, help="raw request bytes")
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--expect-status", type=int, default=200)
    parser.add_argument("--expect-size", type=int, help="body bytes every response must have")
    args = parser.parse_args(argv)
    result = asyncio.run(
        drive(
            args.host,
            args.port,
            args.request_file.read_bytes(),
            connections=args.connections,
            duration=args.duration,
            warmup=args.warmup,
            expect_status=args.expect_status,
            expect_size=args.expect_size,
        )
    )
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
