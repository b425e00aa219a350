"""Runs a module (`cli`, `uvicorn`) with TCP_NODELAY back on uvicorn's --workers path.

uvicorn 0.54 binds the shared listener of `--workers N` with `socket.socket(family)`,
protocol 0; accepted connections inherit it and asyncio sets TCP_NODELAY only on
sockets that say IPPROTO_TCP. Nagle's algorithm then holds each response's last
segment until the client's delayed ACK, about 40 ms per keep-alive request
(Kludex/uvicorn#3149). `bench.run` starts every server through this, unless
`--as-shipped`, so its figures show the frameworks rather than that stall:

    python -m bench.nodelay cli serve --workers 2
"""

import runpy
import socket
import sys

from uvicorn.config import Config

_bind_socket = Config.bind_socket


def _bind_tcp_socket(self: Config) -> socket.socket:
    sock = _bind_socket(self)
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
        return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    return sock


if __name__ == "__main__":
    Config.bind_socket = _bind_tcp_socket  # type: ignore[method-assign]
    module = sys.argv[1]
    sys.argv = [module, *sys.argv[2:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
