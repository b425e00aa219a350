"""`dateline serve --workers N`: a listening socket per worker, connections spread over all
of them, and a worker that dies replaced."""

import asyncio
import os
import signal
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.servers import connections_held, dateline, environment, serving, workers_of

REDIS_URL = "redis://127.0.0.1:6379/14"  # several workers need Redis; nothing is kept here
CONNECTIONS = 32


@pytest.fixture
def empty_database() -> None:
    """Overrides the suite's: the servers below have their own database."""


async def _held(base: str, workers: list[int]) -> dict[int, int]:
    """Opens CONNECTIONS keep-alive connections at once, as a frontend's pool does; how
    many each worker accepted."""
    port = urlsplit(base).port
    assert port is not None
    clients = [httpx.AsyncClient(base_url=base) for _ in range(CONNECTIONS)]
    try:
        answers = await asyncio.gather(*(client.get("/healthz") for client in clients))
        assert {answer.status_code for answer in answers} == {200}
        return connections_held(port, workers)
    finally:
        for client in clients:
            await client.aclose()


async def _workers(supervisor: int, count: int, without: int | None = None) -> list[int]:
    """The supervisor's workers, once there are `count` of them (none of them `without`)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while loop.time() < deadline:
        found = workers_of(supervisor)
        if len(found) == count and without not in found:
            return found
        await asyncio.sleep(0.1)
    pytest.fail(f"{count} workers did not show within 30 s")


async def _share_of(base: str, workers: list[int], newcomer: int) -> int:
    """The connections a worker just started takes, once it listens."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while loop.time() < deadline:
        held = await _held(base, workers)
        if held[newcomer] > 0:
            return held[newcomer]
        await asyncio.sleep(0.2)
    return 0


async def test_every_worker_takes_connections_and_a_dead_one_is_replaced(tmp_path: Path) -> None:
    env = environment(DATELINE_REDIS_URL=REDIS_URL)

    async with serving(tmp_path, env, "--workers", "2") as (base, supervisor):
        first = await _workers(supervisor.pid, 2)
        spread = await _held(base, first)
        os.kill(first[0], signal.SIGKILL)
        second = await _workers(supervisor.pid, 2, without=first[0])
        newcomer = next(pid for pid in second if pid not in first)
        taken = await _share_of(base, second, newcomer)
        supervisor.terminate()
        code = await supervisor.wait()

    assert sorted(spread) == first
    assert sum(spread.values()) == CONNECTIONS
    # One socket shared by both (uvicorn's --workers) often gave one worker all of them.
    assert min(spread.values()) > 0
    assert taken > 0
    assert (code, workers_of(supervisor.pid)) == (0, [])


async def test_a_port_another_program_holds_stops_every_worker_with_a_reason(
    tmp_path: Path,
) -> None:
    env = environment(DATELINE_REDIS_URL=REDIS_URL)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])

        code, output = await dateline(tmp_path, env, "serve", "--workers", "2", "--port", port)

    assert code == 3  # uvicorn's startup failure, once: no worker is started again
    assert (
        output.count(f"cannot listen on 127.0.0.1:{port}: [Errno 98] Address already in use") >= 1
    )


async def test_workers_end_with_their_supervisor_even_one_killed_outright(tmp_path: Path) -> None:
    """Orphans would go on serving the port, unseen, beside the next server."""
    env = environment(DATELINE_REDIS_URL=REDIS_URL)

    async with serving(tmp_path, env, "--workers", "2") as (_, supervisor):
        workers = await _workers(supervisor.pid, 2)
        supervisor.kill()
        await supervisor.wait()
        left = await asyncio.to_thread(_outlived, workers)

    assert left == []


def _outlived(pids: list[int], within: float = 30) -> list[int]:
    """Those of `pids` still running after `within` seconds (or as soon as none are)."""
    deadline = time.monotonic() + within
    while True:
        alive = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)
