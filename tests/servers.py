"""Real Dateline servers on loopback, for tests that need whole processes."""

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from bench.drive import workers_of

__all__ = ["workers_of"]  # the supervisor's workers, found as the bench finds them

REPO = Path(__file__).parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def files_served() -> Iterator[dict[str, bytes]]:
    """A web server on loopback standing in for a site the code fetches from (a package
    registry, a standard's home): the test puts paths and bodies in the dict it gets,
    whose "base" is the server's address; any other path is 404."""
    served: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = served.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served["base"] = f"http://127.0.0.1:{server.server_address[1]}".encode()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


def environment(**settings: str) -> dict[str, str]:
    """This environment without any DATELINE_ setting of its own, plus `settings`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    return env | {"PYTHONPATH": str(REPO), "DATELINE_SCHEDULER_SECONDS": "0"} | settings


async def dateline(cwd: Path, env: dict[str, str], *args: str, stdin: str = "") -> tuple[int, str]:
    """Runs a `dateline` command to its end; its exit code and output."""
    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "cli", *args],
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate(stdin.encode())
    assert process.returncode is not None
    return process.returncode, output.decode()


@asynccontextmanager
async def serving(
    cwd: Path, env: dict[str, str], *args: str
) -> AsyncIterator[tuple[str, asyncio.subprocess.Process]]:
    """`dateline serve ARGS` on a free port, until the block ends; yields its base URL."""
    port = str(free_port())
    log_path = cwd / f"server-{port}.log"
    with log_path.open("wb") as log:  # the server keeps its own copy
        process = await asyncio.create_subprocess_exec(
            *[sys.executable, "-m", "cli", "serve", *args, "--host", "127.0.0.1", "--port", port],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        await wait_until_healthy(base, process, log_path)
        yield base, process
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), timeout=15)
            except TimeoutError:
                process.kill()
                await process.wait()


async def wait_until_healthy(
    base: str, process: asyncio.subprocess.Process, log_path: Path
) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    async with httpx.AsyncClient(base_url=base, timeout=2) as client:
        while loop.time() < deadline:
            if process.returncode is not None:
                log = await asyncio.to_thread(log_path.read_text)
                pytest.fail(f"the server exited with {process.returncode}:\n{log}")
            try:
                if (await client.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    log = await asyncio.to_thread(log_path.read_text)
    pytest.fail(f"the server did not answer /healthz within 30 s:\n{log}")


def connections_held(port: int, pids: list[int]) -> dict[int, int]:
    """How many established connections to `port` each process holds open."""
    inodes: dict[str, int] = {}
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes[target[8:-1]] = pid
    held = dict.fromkeys(pids, 0)
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rpartition(":")[2], 16)
            if local_port == port and fields[3] == "01" and fields[9] in inodes:  # ESTABLISHED
                held[inodes[fields[9]]] += 1
    return held


class RedisServer:
    """A redis-server of the test's own, on a free port, that it may stop, hang or restart.

    With `persistent`, it keeps its data in `folder` (append-only file) across restarts,
    as a production Redis does.
    """

    def __init__(self, folder: Path, *, persistent: bool) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.persistent = persistent
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        keep = ["--appendonly", "yes", "--appendfsync", "always"] if self.persistent else []
        self.process = await asyncio.create_subprocess_exec(
            *["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"],
            *["--save", "", "--dir", str(self.folder), *keep],
            stdout=asyncio.subprocess.DEVNULL,
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        while loop.time() < deadline:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            await writer.wait_closed()
            return
        pytest.fail("redis-server did not start within 10 s")

    async def stop(self) -> None:
        """SIGTERM: Redis writes what it keeps, then exits."""
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()

    def pause(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


class PostgresServer:
    """A PostgreSQL cluster of the test's own, in a folder of its own, on a free port: the
    test may stop and start it. The machine's shared PostgreSQL is never touched.

    PostgreSQL refuses to run as root, so the cluster is made and run as the `postgres`
    account when the test runs as root.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="dateline-pg-"))
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    async def _run(self, tool: str, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        process = await asyncio.create_subprocess_exec(
            *prefix,
            str(self.bin / tool),
            *args,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, output.decode()

    async def create(self) -> None:
        data = str(self.folder / "data")
        await self._run("initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync")
        await self.start()

    async def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.folder / "server.log")
        await self._run(
            "pg_ctl", "-D", str(self.folder / "data"), "-o", options, "-l", log, "-w", "start"
        )

    async def stop(self) -> None:
        """A fast shutdown: open connections are ended, as in a restart or a failover."""
        await self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def _signal(self, number: int) -> None:
        """To the postmaster and each of its processes (every backend is a session of
        its own, so not one process group)."""
        postmaster = int((self.folder / "data" / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                fields = stat.read_text().rpartition(")")[2].split()
                if int(fields[1]) == postmaster:  # the field after the state: its parent
                    children.append(int(stat.parent.name))
        for pid in [postmaster, *children]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, number)

    def pause(self) -> None:
        """The database stops answering, its connections left open: a hung server."""
        self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        self._signal(signal.SIGCONT)

    async def remove(self) -> None:
        with contextlib.suppress(AssertionError):  # not running
            await self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
