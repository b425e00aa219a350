"""endpoint.body_limit: a body past its cap is refused with 413, read or declared."""

from collections.abc import AsyncIterator

from endpoint.body_limit import MULTIPART_OVERHEAD, BodyLimitMiddleware
from tests.layers.apps import Echo, client_of


def capped(app: Echo) -> BodyLimitMiddleware:
    return BodyLimitMiddleware(app, path="/", json_bytes=10, upload_bytes=100)


def refused(message: str) -> dict[str, object]:
    return {"errors": [{"message": message, "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]}


async def _chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def test_a_body_up_to_the_cap_is_read_whole() -> None:
    app = Echo()
    async with client_of(capped(app)) as client:
        answer = await client.post("/", content=b"0123456789")

    assert (answer.status_code, answer.json()) == (200, {"echo": "0123456789"})


async def test_a_declared_length_over_the_cap_is_refused_unread() -> None:
    app = Echo()
    upload = {"content-type": "multipart/form-data; boundary=x"}
    async with client_of(capped(app)) as client:
        json = await client.post("/", content=b"01234567890")
        multipart = await client.post(
            "/", content=b"x" * (100 + MULTIPART_OVERHEAD + 1), headers=upload
        )
        fits = await client.post("/", content=b"x" * 1000, headers=upload)

    assert (json.status_code, json.json()) == (
        413,
        refused("The request body is larger than allowed."),
    )
    assert (multipart.status_code, multipart.json()) == (
        413,
        refused("An upload may be at most 100 bytes."),
    )
    assert (len(app.seen), fits.status_code) == (1, 200)


async def test_a_body_without_a_length_is_counted_as_it_comes() -> None:
    app = Echo()
    async with client_of(capped(app)) as client:
        answer = await client.post("/", content=_chunks(b"012345", b"678901"))

    assert (answer.status_code, answer.json()) == (
        413,
        refused("The request body is larger than allowed."),
    )


async def test_other_paths_are_not_capped() -> None:
    app = Echo()
    async with client_of(capped(app)) as client:
        answer = await client.post("/elsewhere", content=b"x" * 100)

    assert (answer.status_code, len(app.seen)) == (200, 1)


async def test_a_second_content_type_does_not_buy_the_upload_cap() -> None:
    """The view reads the first Content-Type; so does the cap."""
    app = Echo()
    headers = [("content-type", "application/json"), ("content-type", "multipart/form-data")]
    async with client_of(capped(app)) as client:
        answer = await client.post("/", content=b"x" * 50, headers=headers)

    assert (answer.status_code, answer.json()) == (
        413,
        refused("The request body is larger than allowed."),
    )
