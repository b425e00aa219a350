"""The server's log: a line per failed request, JSON per line, repeats folded."""

import logging

import httpx
import orjson
import pytest

from observability.logs import FOLD_SECONDS, Fold, JsonFormatter, TextFormatter


def record(message: str, level: int = logging.INFO, **fields: object) -> logging.LogRecord:
    made = logging.makeLogRecord(
        {"name": "dateline.requests", "levelno": level, "levelname": logging.getLevelName(level)}
    )
    made.msg, made.created = message, 1_796_000_000.0
    made.__dict__.update(fields)
    return made


def test_a_line_is_one_json_object_with_its_fields() -> None:
    line = JsonFormatter().format(
        record("graphql BAD_USER_INPUT", request_id="ab12", code="BAD_USER_INPUT", status=200)
    )

    assert orjson.loads(line) == {
        "time": "2026-11-30T00:53:20.000+00:00",
        "level": "INFO",
        "logger": "dateline.requests",
        "message": "graphql BAD_USER_INPUT",
        "request_id": "ab12",
        "code": "BAD_USER_INPUT",
        "status": 200,
    }
    assert "\n" not in line


def test_a_warning_keeps_its_error_in_words_and_an_error_its_traceback() -> None:
    try:
        raise ConnectionRefusedError(111, "Connection refused")
    except ConnectionRefusedError as error:
        failure = (type(error), error, error.__traceback__)
    warning = record("database unavailable", logging.WARNING, exc_info=failure)
    failed = record("request ab12: boom", logging.ERROR, exc_info=failure)

    assert orjson.loads(JsonFormatter().format(warning))["error"] == (
        "ConnectionRefusedError: [Errno 111] Connection refused"
    )
    assert "traceback" not in orjson.loads(JsonFormatter().format(warning))
    assert orjson.loads(JsonFormatter().format(failed))["traceback"].startswith(
        "Traceback (most recent call last):"
    )
    assert (
        TextFormatter()
        .format(warning)
        .endswith(
            "WARNING dateline.requests: database unavailable"
            " (ConnectionRefusedError: [Errno 111] Connection refused)"
        )
    )


def test_repeats_are_folded_into_one_line_an_interval_with_a_count() -> None:
    now = [0.0]
    fold = Fold(clock=lambda: now[0])
    passed = []
    for at in (0.0, 0.1, 0.2, 0.9, FOLD_SECONDS + 0.1, FOLD_SECONDS + 0.2, 5.0):
        now[0] = at
        line = record("graphql SERVICE_UNAVAILABLE", fold=("outcome", "SERVICE_UNAVAILABLE"))
        if fold.filter(line):
            passed.append((at, getattr(line, "repeated", None)))
    other = record("graphql BAD_USER_INPUT", fold=("outcome", "BAD_USER_INPUT"))
    unfolded = record("scheduled publishing failed")

    assert passed == [(0.0, None), (FOLD_SECONDS + 0.1, 3), (5.0, 1)]
    assert fold.filter(other)
    assert fold.filter(unfolded)


async def test_a_client_mistake_is_one_info_line_without_a_traceback(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="dateline"):
        await client.post(
            "/graphql",
            json={
                "query": "query Page($n: Int!) { articles(first: $n) { totalCount } }",
                "operationName": "Page",
                "variables": {"n": "twenty"},
            },
        )

    lines = [r.__dict__ for r in caplog.records if r.name.startswith("dateline")]
    fields = ("name", "levelname", "msg", "args", "operation", "code", "status", "exc_info")
    assert [tuple(line[name] for name in fields) for line in lines] == [
        (
            "dateline.requests",
            "INFO",
            "graphql %s",
            ("BAD_USER_INPUT",),
            "Page",
            "BAD_USER_INPUT",
            200,
            None,
        )
    ]
    assert len(lines[0]["request_id"]) == 32
    assert lines[0]["duration_ms"] > 0
    assert "Traceback" not in caplog.text
