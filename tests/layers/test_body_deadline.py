"""endpoint.body_deadline: a body that does not arrive in time is answered 408."""

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator

import pytest
from starlette.requests import Request
from starlette.types import Message, Receive, Scope, Send

from endpoint.body_deadline import BodyDeadlineMiddleware
from tests.layers.apps import Echo, client_of


async def _stalls_after(part: bytes) -> AsyncIterator[bytes]:
    yield part
    await asyncio.Event().wait()  # the rest never comes


async def test_a_body_that_stalls_is_answered_408_and_the_connection_closed() -> None:
    app = Echo()
    async with client_of(BodyDeadlineMiddleware(app, seconds=0.2)) as client:
        answer = await client.post("/", content=_stalls_after(b"0123456789"))

    assert (answer.status_code, answer.headers["connection"], answer.json()) == (
        408,
        "close",
        {
            "errors": [
                {
                    "message": "The request body did not arrive in time.",
                    "extensions": {"code": "REQUEST_TIMEOUT"},
                }
            ]
        },
    )


async def test_a_body_in_time_is_read_and_what_follows_it_is_not_timed() -> None:
    app = Echo()

    async def after_the_body() -> None:
        await asyncio.sleep(0.3)  # past the deadline, the body read long before

    app.hold = after_the_body
    async with client_of(BodyDeadlineMiddleware(app, seconds=0.2)) as client:
        answer = await client.post("/", content=b"0123456789")

    assert (answer.status_code, answer.json()) == (200, {"echo": "0123456789"})


async def test_a_client_that_leaves_mid_body_is_let_go_without_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sent: list[Message] = []

    async def reads_the_body(scope: Scope, receive: Receive, send: Send) -> None:
        await Request(scope, receive).body()

    messages: Iterator[Message] = iter(
        [
            {"type": "http.request", "body": b"01234", "more_body": True},
            {"type": "http.disconnect"},
        ]
    )

    async def receive() -> Message:
        return next(messages)

    async def send(message: Message) -> None:
        sent.append(message)

    layer = BodyDeadlineMiddleware(reads_the_body, seconds=5)
    with caplog.at_level(logging.INFO, logger="dateline.requests"):
        await layer({"type": "http", "method": "POST", "headers": []}, receive, send)

    assert sent == []
    assert [(r.levelname, r.getMessage(), r.exc_info) for r in caplog.records] == [
        ("INFO", "client left before its request body arrived", None)
    ]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
async def test_a_get_or_head_goes_through_untimed_with_its_own_receive_and_send(
    method: str,
) -> None:
    seen: list[tuple[Receive, Send]] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append((receive, send))

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        pass

    await BodyDeadlineMiddleware(app, seconds=0.2)(
        {"type": "http", "method": method, "headers": []}, receive, send
    )

    assert seen == [(receive, send)]
