"""Runs a module (`cli`, `uvicorn`) with TCP_NODELAY back on uvicorn's --workers path.

uvicorn 0.54 binds the shared listener of `--workers N` with `socket.socket(family)`,
protocol 0; accepted connections inherit it and asyncio sets TCP_NODELAY only on
sockets that say IPPROTO_TCP. Nagle's algorithm then holds each response's last
segment until the client's delayed ACK, about 40 ms per keep-alive request
(Kludex/uvicorn#3149). `dateline serve` fixes it itself (cli.keep_tcp_nodelay); the
baseline servers start through this, and `--as-shipped` measures without the fix:

    python -m bench.nodelay cli serve --workers 2
"""

import runpy
import sys

from cli import keep_tcp_nodelay

if __name__ == "__main__":
    keep_tcp_nodelay()
    module = sys.argv[1]
    sys.argv = [module, *sys.argv[2:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
