"""`python -m workers APP`: any ASGI app served the way `dateline serve` serves Dateline.

The benchmark serves its bare baseline this way, so that both run on the same stack.
"""

import argparse
import sys

from workers.supervisor import Plan, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workers", description=__doc__)
    parser.add_argument("app", help="module:attribute")
    parser.add_argument("--factory", action="store_true", help="APP is a function building it")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    plan = Plan(app=args.app, host=args.host, port=args.port, factory=args.factory)
    return serve(plan, args.workers)


if __name__ == "__main__":
    sys.exit(main())
