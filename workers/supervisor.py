"""`dateline serve --workers N`: N uvicorn processes, each with its own listening socket.

One listening socket shared by N processes lets whichever wakes first accept a whole
burst of keep-alive connections; under a load of a few long-lived connections one worker
then serves nearly all of them while the others idle. With SO_REUSEPORT every worker binds
the port itself and the kernel spreads new connections over the listeners by a hash of
each connection's addresses. The supervisor serves nothing: it starts the workers, starts
a new one when one dies (later and later if it keeps dying at once), and stops them all on
SIGTERM or SIGINT; a worker dies with it.

Every worker runs uvicorn on uvloop and httptools, the fastest stack it has; so does the
benchmark's bare baseline (`python -m workers APP`), so the two are compared on one stack.
"""

import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn
from uvicorn.config import STARTUP_FAILURE

logger = logging.getLogger("dateline.workers")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# A worker that dies sooner than this after it started is started again after a pause
# that doubles each time it happens in a row (a crash loop must not spin a core).
QUICK_DEATH_SECONDS = 10.0
LONGEST_PAUSE_SECONDS = 30.0
SHUTDOWN_SECONDS = 15.0
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Plan:
    """What every worker serves, and where."""

    app: str  # "module:attribute", as uvicorn takes it
    host: str = "127.0.0.1"
    port: int = 8000
    factory: bool = False  # `app` names a function that builds the app
    access_log: bool = False
    keep_alive_seconds: int = 5  # uvicorn's own default
    max_connections: int | None = None  # then uvicorn answers 503; None: no limit


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def listener(host: str, port: int) -> socket.socket:
    """A socket bound to the port beside the other workers' (listening starts once the
    app is up, so no connection waits on a worker that cannot answer yet)."""
    # IPPROTO_TCP spelled out: the event loop turns Nagle's algorithm off (TCP_NODELAY)
    # only on sockets that say so, and without it every keep-alive answer waits ~40 ms.
    sock = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def _port_free(host: str, port: int) -> OSError | None:
    """Binding without SO_REUSEPORT fails while anything listens there, workers of an
    earlier `dateline serve` included, which SO_REUSEPORT would silently join."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            return error
    return None


def _die_with(parent: int) -> None:
    """A worker ends with its supervisor, even one killed outright (Linux's
    PR_SET_PDEATHSIG): orphans would go on serving the port beside a new server."""
    if sys.platform != "linux":
        return
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it died before we asked
        os.kill(os.getpid(), signal.SIGTERM)


def run_worker(plan: Plan, supervisor: int | None = None) -> None:
    """One worker, in this process: uvicorn on uvloop and httptools, on its own socket."""
    if supervisor is not None:
        _die_with(supervisor)
    config = uvicorn.Config(
        plan.app,
        host=plan.host,
        port=plan.port,
        factory=plan.factory,
        loop="uvloop",
        http="httptools",
        lifespan="on",
        access_log=plan.access_log,
        timeout_keep_alive=plan.keep_alive_seconds,
        limit_concurrency=plan.max_connections,
    )
    try:
        sock = listener(plan.host, plan.port)
    except OSError as error:  # the port is taken, or the address is not this machine's
        _cannot_listen(plan, error)
        sys.exit(STARTUP_FAILURE)
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    if not server.started:
        sys.exit(STARTUP_FAILURE)


def _cannot_listen(plan: Plan, error: OSError) -> None:
    logging.getLogger("uvicorn.error").error(
        "cannot listen on %s:%s: %s", plan.host, plan.port, error
    )


def serve(plan: Plan, workers: int) -> int:
    """Serves `plan` with `workers` processes until told to stop; returns the exit code."""
    taken = _port_free(plan.host, plan.port)
    if taken is not None:
        logging.basicConfig(format="%(levelname)s:     %(message)s")
        _cannot_listen(plan, taken)
        return STARTUP_FAILURE
    if workers == 1:
        run_worker(plan)
        return 0
    return Supervisor(plan, workers).run()


class Supervisor:
    def __init__(self, plan: Plan, workers: int) -> None:
        self.plan = plan
        self.context = multiprocessing.get_context("spawn")
        self.slots: list[BaseProcess | None] = [None] * workers
        self.started_at = [0.0] * workers
        self.quick_deaths = [0] * workers  # in a row, per slot
        self.replaced = [False] * workers
        self.stopping = False

    def run(self) -> int:
        previous = {sig: signal.signal(sig, self._stop) for sig in STOP_SIGNALS}
        try:
            for slot in range(len(self.slots)):
                self._start(slot)
            return self._watch()
        finally:
            self._stop_all()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _stop(self, sig: int, frame: FrameType | None) -> None:
        self.stopping = True

    def _start(self, slot: int) -> None:
        process = self.context.Process(
            target=run_worker, args=(self.plan, os.getpid()), name=f"dateline-worker-{slot}"
        )
        process.start()
        self.slots[slot] = process
        self.started_at[slot] = time.monotonic()

    def _watch(self) -> int:
        while not self.stopping:
            alive = [p.sentinel for p in self.slots if p is not None]
            wait(alive, timeout=0.5)  # returns early when a worker exits
            for slot, process in enumerate(self.slots):
                if self.stopping or process is None or process.is_alive():
                    continue
                if process.exitcode == STARTUP_FAILURE and not self.replaced[slot]:
                    # The app cannot start at all (settings, database, port): another try
                    # would fail the same way, so the whole server stops and says so.
                    logger.error("worker %s could not start; stopping", process.pid)
                    return STARTUP_FAILURE
                logger.warning(
                    "worker %s exited with %s; starting another", process.pid, process.exitcode
                )
                self._pause_after(slot)
                if not self.stopping:
                    self.replaced[slot] = True
                    self._start(slot)
        return 0

    def _pause_after(self, slot: int) -> None:
        """Nothing after a worker that lived; doubling pauses while they die at once."""
        if time.monotonic() - self.started_at[slot] >= QUICK_DEATH_SECONDS:
            self.quick_deaths[slot] = 0
            return
        self.quick_deaths[slot] += 1
        pause = min(LONGEST_PAUSE_SECONDS, 0.5 * 2 ** self.quick_deaths[slot])
        deadline = time.monotonic() + pause
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(0.1)

    def _stop_all(self) -> None:
        running = [p for p in self.slots if p is not None and p.is_alive()]
        for process in running:
            process.terminate()  # SIGTERM: uvicorn finishes its requests, then its lifespan
        deadline = time.monotonic() + SHUTDOWN_SECONDS
        for process in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
