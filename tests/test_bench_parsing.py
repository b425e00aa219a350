"""The benchmark tool's pure parts: response framing, percentiles, wrk's output.

Nothing here runs the benchmark or times anything.
"""

import math

import pytest

from bench.drive import Target, parse_wrk, wrk_script
from bench.load import Parsed, parse_response, percentile


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(100, 0, -1)]

    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 1.0) == 100.0
    assert percentile([7.0], 0.99) == 7.0
    assert math.isnan(percentile([], 0.5))


def test_a_response_is_complete_only_with_its_whole_body() -> None:
    head = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-type: application/json\r\n\r\n"

    assert parse_response(head[:20]) is None
    assert parse_response(head + b"abc") is None
    assert parse_response(head + b"abcde" + b"HTTP/1.1") == Parsed(200, 5, len(head) + 5)


def test_304_has_no_body_whatever_its_headers_say() -> None:
    head = b'HTTP/1.1 304 Not Modified\r\netag: "x"\r\ncontent-length: 54213\r\n\r\n'

    assert parse_response(head) == Parsed(304, 0, len(head))


def test_chunked_bodies_are_framed_by_their_last_chunk() -> None:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    body = b"4\r\nabcd\r\n3;ext=1\r\nefg\r\n0\r\n\r\n"

    assert parse_response(head + body[:-2]) is None
    assert parse_response(head + body) == Parsed(200, 7, len(head) + len(body))


def test_an_unframed_response_is_refused() -> None:
    with pytest.raises(ValueError, match="Content-Length"):
        parse_response(b"HTTP/1.1 200 OK\r\n\r\nbody until close")


WRK = """Running 5s test @ http://127.0.0.1:8000
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms    1.00ms  20.00ms   90.00%
    Req/Sec     3.80k   200.00     4.10k    70.00%
  Latency Distribution
     50%  850.00us
     75%    2.00ms
     90%    3.00ms
     99%    1.20s
  37851 requests in 5.00s, 1.95GB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   7570.20
Transfer/sec:    399.00MB
"""


def test_wrk_output_gives_rate_percentiles_and_errors() -> None:
    found = parse_wrk(WRK)

    assert (found.rps, found.requests, found.errors) == (7570.20, 37851, 7)
    assert found.p50_ms == pytest.approx(0.85)
    assert found.p99_ms == pytest.approx(1200.0)


def test_wrk_script_quotes_any_header_value() -> None:
    script = wrk_script(Target("GET", "/graphql?a=]]", {"If-None-Match": '"é"'}))

    assert 'wrk.path = "/graphql?a=\\093\\093"' in script
    assert 'wrk.headers["If-None-Match"] = "\\034\\195\\169\\034"' in script
