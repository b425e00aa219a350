"""Real Dateline servers on loopback, for tests that need whole processes."""

import asyncio
import socket
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


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
