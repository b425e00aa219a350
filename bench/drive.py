"""Servers in child processes, and the load generator aimed at them (wrk, else bench.load)."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Target:
    """One request, repeated by the load generator."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def raw(self, port: int) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {HOST}:{port}"]
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        if self.body or self.method == "POST":
            lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # lowercased names
    body: bytes


def fetch(port: int, target: Target, timeout: float = 30) -> Reply:
    connection = HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(
            target.method, target.path, body=target.body or None, headers=target.headers
        )
        response = connection.getresponse()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return Reply(response.status, headers, body)
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


# Processes.


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rpartition(")")[2].split()[1]) == parent:
            found.append(int(entry.name))
    return found


def workers_of(supervisor: int) -> list[int]:
    """A supervisor's worker processes: its children that multiprocessing spawned (not
    multiprocessing's resource tracker)."""
    found = []
    for pid in _children(supervisor):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command and b"resource_tracker" not in command:
            found.append(pid)
    return sorted(found)


def _tree(root: int) -> list[int]:
    """`root` and every process below it."""
    found, frontier = [root], [root]
    while frontier:
        frontier = [child for parent in frontier for child in _children(parent)]
        found += frontier
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time `pid` has used so far (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def _written(pid: int) -> int:
    """Bytes `pid` has passed to write(2) and writev(2): uvloop sends responses with them."""
    try:
        for line in Path(f"/proc/{pid}/io").read_text().splitlines():
            if line.startswith("wchar:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _status_mb(pid: int, key: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Server:
    """A uvicorn master (its own process group) and its workers."""

    def __init__(
        self, name: str, argv: list[str], env: dict[str, str], cwd: Path, port: int, workers: int
    ) -> None:
        self.name, self.argv, self.env, self.cwd = name, argv, env, cwd
        self.port, self.expected_workers = port, workers
        self.log = cwd / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}:\n{self.tail()}")
            try:
                up = fetch(self.port, Target("GET", "/healthz"), timeout=2).status == 200
            except OSError:
                up = False
            if up and len(self.workers()) >= self.expected_workers:
                return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not come up in {timeout:.0f} s:\n{self.tail()}")

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])

    def workers(self) -> list[int]:
        """The worker processes (one worker serves in the supervisor's own process)."""
        if self.process is None:
            return []
        if self.expected_workers == 1:
            return [self.process.pid]
        return workers_of(self.process.pid)

    def memory(self, key: str = "VmHWM") -> list[float]:
        """`key` of /proc/<pid>/status (VmHWM: peak RSS) per worker, in MB."""
        values = [_status_mb(pid, key) for pid in self.workers()]
        return [value for value in values if value is not None]

    def cpu_seconds(self) -> float:
        """User + system CPU time of the whole process tree (supervisor and workers)."""
        if self.process is None:
            return 0.0
        return sum(cpu_seconds(pid) for pid in _tree(self.process.pid))

    def written(self) -> list[int]:
        """Bytes each worker has written so far: with every request the same, the shares
        of these are the workers' shares of the requests."""
        return [_written(pid) for pid in self.workers()]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        group = self.process.pid  # start_new_session: the group is ours alone
        os.killpg(group, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(group, signal.SIGKILL)
            self.process.wait(timeout=5)
        with suppress(ProcessLookupError):  # workers the master failed to take down
            os.killpg(group, signal.SIGKILL)


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    try:
        server.start()
        yield server
    finally:
        server.stop()


# Load.


@dataclass(frozen=True)
class Measure:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    # The busiest worker's share of the requests (0.5: even, with two workers).
    busiest: float | None = None
    cpu_ms: float | None = None  # server CPU (the whole process tree) per request
    redis_cpu_ms: float | None = None  # Redis's CPU per request, beside the server's


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
_LATENCY = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)


def parse_wrk(output: str) -> Measure:
    """The figures of `wrk --latency` output."""
    latency = {int(p): float(v) * _UNITS[unit] for p, v, unit in _LATENCY.findall(output)}
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in", output, re.MULTILINE)
    if rps is None or total is None or 50 not in latency or 99 not in latency:
        raise ValueError(f"unexpected wrk output:\n{output}")
    errors = 0
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if bad:
        errors += int(bad.group(1))
    sockets = re.search(r"Socket errors:(.*)$", output, re.MULTILINE)
    if sockets:
        errors += sum(int(n) for n in re.findall(r"\d+", sockets.group(1)))
    return Measure(
        rps=float(rps.group(1)),
        p50_ms=latency[50],
        p99_ms=latency[99],
        requests=int(total.group(1)),
        errors=errors,
    )


_LUA_PLAIN = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /?=&-_.,:;")


def _lua_string(value: str | bytes) -> str:
    """A Lua string literal of `value`'s bytes: anything but the plainest as a \\ddd escape."""
    data = value.encode() if isinstance(value, str) else value
    return '"' + "".join(chr(b) if b in _LUA_PLAIN else f"\\{b:03d}" for b in data) + '"'


def wrk_script(target: Target) -> str:
    lines = [f"wrk.method = {_lua_string(target.method)}", f"wrk.path = {_lua_string(target.path)}"]
    if target.body:
        lines.append(f"wrk.body = {_lua_string(target.body)}")
    lines += [
        f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}"
        for name, value in target.headers.items()
    ]
    return "\n".join(lines) + "\n"


@dataclass
class Loader:
    """wrk when installed (`shutil.which`), else the bundled client, in its own process."""

    workdir: Path
    duration: float
    warmup: float
    force_python: bool = False
    wrk: str | None = field(init=False)

    def __post_init__(self) -> None:
        self.wrk = None if self.force_python else shutil.which("wrk")

    @property
    def name(self) -> str:
        return "wrk" if self.wrk else "bench.load (Python asyncio client)"

    def run(
        self,
        port: int,
        target: Target,
        connections: int,
        *,
        expect_status: int = 200,
        expect_size: int | None = None,
    ) -> Measure:
        if self.wrk:
            return self._wrk(self.wrk, port, target, connections, self.duration)
        request = self.workdir / "request.http"
        request.write_bytes(target.raw(port))
        argv = [
            sys.executable,
            "-m",
            "bench.load",
            f"--port={port}",
            f"--request-file={request}",
            f"--connections={connections}",
            f"--duration={self.duration}",
            "--warmup=0",
            f"--expect-status={expect_status}",
        ]
        if expect_size is not None:
            argv.append(f"--expect-size={expect_size}")
        done = subprocess.run(argv, capture_output=True, check=True, timeout=self.timeout)
        found = json.loads(done.stdout)
        return Measure(
            rps=found["rps"],
            p50_ms=found["p50_ms"],
            p99_ms=found["p99_ms"],
            requests=found["requests"],
            errors=found["errors"],
        )

    def warm(self, port: int, target: Target, connections: int) -> None:
        """Load that is not measured: connections opened, caches filled, code paths hot."""
        if self.warmup <= 0:
            return
        if self.wrk:
            self._wrk(self.wrk, port, target, connections, self.warmup)
            return
        fetch(port, target)

    @property
    def timeout(self) -> float:
        return self.warmup + self.duration + 60

    def _wrk(
        self, wrk: str, port: int, target: Target, connections: int, seconds: float
    ) -> Measure:
        script = self.workdir / "request.lua"
        script.write_text(wrk_script(target))
        url = f"http://{HOST}:{port}"
        threads = f"-t{min(2, connections)}"
        argv = [wrk, threads, f"-c{connections}", f"-s{script}", "--latency"]
        argv += [f"-d{max(1, round(seconds))}s", url]
        done = subprocess.run(
            argv, capture_output=True, check=True, text=True, timeout=self.timeout
        )
        return parse_wrk(done.stdout)
