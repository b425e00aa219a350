"""The server's log: one JSON object per line (or readable text), repeats folded.

What is logged, and how:
- a GraphQL request that ended in errors: one INFO line with its request id, operation,
  outcome code, HTTP status and duration (DEBUG for one that succeeded); client mistakes
  never carry a traceback;
- an unexpected error: one ERROR line with its traceback and request id (schema.errors);
- a database outage: one WARNING line naming the driver's error (models.outage).

Lines that repeat (the same outcome code, the same outage error) are folded: the first
is written, the rest of that interval only counted, and the next one written carries
`repeated`, the number left out since. A 10 s outage under load writes a few lines a
second, not one per request.

`DATELINE_LOG_FORMAT=text` writes the same lines for a person reading a terminal.
"""

import logging
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

import orjson

# The fields a record may carry (`extra=`), written after the message in this order.
FIELDS = ("request_id", "operation", "code", "status", "duration_ms", "repeated")
FOLD_SECONDS = 1.0
HANDLER = "dateline"
OURS = ("dateline", "uvicorn")
# uvicorn's loggers keep to their own handlers (they do not propagate).
UVICORN = ("uvicorn", "uvicorn.error", "uvicorn.access")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = record.__dict__.get(name)
            if value is not None:
                line[name] = value
        if record.exc_info and record.exc_info[1] is not None:
            if record.levelno >= logging.ERROR:
                line["traceback"] = "".join(traceback.format_exception(*record.exc_info))
            else:  # a warning's error is expected (a database restarting): its words only
                line["error"] = _words(record.exc_info[1])
        return orjson.dumps(line, default=str).decode()


def _words(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info and record.exc_info[1] is not None and record.levelno < logging.ERROR:
            record = logging.makeLogRecord(
                {
                    **record.__dict__,
                    "exc_info": None,
                    "exc_text": None,
                    "msg": f"{record.getMessage()} ({_words(record.exc_info[1])})",
                    "args": (),
                }
            )
        text = super().format(record)
        fields = " ".join(
            f"{name}={record.__dict__[name]}"
            for name in FIELDS
            if record.__dict__.get(name) is not None
        )
        if not fields:
            return text
        head, newline, rest = text.partition("\n")  # a traceback stays below the line
        return f"{head} [{fields}]{newline}{rest}"


class Fold(logging.Filter):
    """Folds records with the same `fold` key (`extra={"fold": ...}`; a library's
    warnings by their text) into one line per FOLD_SECONDS; others pass as they are."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.clock = clock
        self.windows: dict[object, tuple[float, int]] = {}  # key: window start, left out

    def filter(self, record: logging.LogRecord) -> bool:
        key = record.__dict__.get("fold")
        if key is None and record.levelno >= logging.WARNING and record.name != "dateline":
            key = (record.name, record.msg)  # a library's warnings repeat as they please
        if key is None:
            return True
        now = self.clock()
        window = self.windows.get(key)
        if window is not None and now - window[0] < FOLD_SECONDS:
            self.windows[key] = (window[0], window[1] + 1)
            return False
        if window is not None and window[1]:
            record.repeated = window[1]
        if len(self.windows) > 1000:  # keys are few (codes, outage errors); never unbounded
            self.windows.clear()
        self.windows[key] = (now, 0)
        return True


def _ours_or_a_warning(record: logging.LogRecord) -> bool:
    """A library's record below WARNING is not written: Tortoise's SQL in debug mode is
    for counting statements (observability.sql), not for the log."""
    return record.levelno >= logging.WARNING or record.name.startswith(OURS)


def configure(form: Literal["json", "text"], level: str) -> None:
    """Every logger to standard error, in `form`: Dateline's at `level`, the libraries'
    (asyncpg's pool, Tortoise) at WARNING, and uvicorn's through the same handler.
    Idempotent: the app may be built more than once in a process (tests, workers)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if form == "json" else TextFormatter())
    handler.addFilter(_ours_or_a_warning)
    handler.addFilter(Fold())
    handler.set_name(HANDLER)
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if h.get_name() != HANDLER] + [handler]
    logging.getLogger("dateline").setLevel(level)
    for name in UVICORN:
        logger = logging.getLogger(name)
        # uvicorn's handlers write its plain text; ours replace them (none where uvicorn
        # set none: its access log is off unless DATELINE_ACCESS_LOG is on).
        if logger.handlers:
            logger.handlers = [handler]
