"""Slow clients against a real server: a body that never finishes gets 408 and is let go.

uvicorn itself waits for a body for as long as the client likes; DATELINE_BODY_TIMEOUT_SECONDS
is the deadline (docs/limits.md). Slow headers are the reverse proxy's to time (README).
"""

import asyncio
from pathlib import Path

import orjson

from tests import servers

DEADLINE = 1.0
STALLED = b"POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
STALLED += b"Content-Length: 1000\r\n\r\n" + b'{"query":"'  # 10 of the 1,000 bytes


async def stall(port: int) -> tuple[bytes, bytes]:
    """Sends a request whose body never finishes; what came back, and what came after."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(STALLED)
        await writer.drain()
        # Bounded waits: the answer comes after DEADLINE, and then the end of the stream.
        answer = await asyncio.wait_for(reader.readuntil(b"}]}"), DEADLINE + 10)
        after = await asyncio.wait_for(reader.read(), 10)
        return answer, after
    finally:
        writer.close()


async def test_a_body_that_never_finishes_gets_408_and_the_connection_closed(
    tmp_path: Path,
) -> None:
    env = servers.environment(DATELINE_BODY_TIMEOUT_SECONDS=str(DEADLINE))
    async with servers.serving(tmp_path, env) as (base, _):
        port = int(base.rpartition(":")[2])
        answers = await asyncio.gather(*(stall(port) for _ in range(20)))

    for answer, after in answers:
        head, _, body = answer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        assert lines[0] == b"HTTP/1.1 408 Request Timeout"
        assert b"connection: close" in [line.lower() for line in lines]
        assert orjson.loads(body) == {
            "errors": [
                {
                    "message": "The request body did not arrive in time.",
                    "extensions": {"code": "REQUEST_TIMEOUT"},
                }
            ]
        }
        assert after == b""  # the server closed the connection
