"""A circuit breaker for Redis: after a failure, callers skip it for a while.

Redis is an accelerator. While it is unreachable or slow, waiting for a timeout on every
call would make each reader pay it; instead the first failure opens the breaker, calls are
skipped (the caller's fallback at once) for `pause` seconds, then one call goes through to
try, and its success closes the breaker again.
"""

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from redis.exceptions import RedisError

logger = logging.getLogger("dateline.redis")

T = TypeVar("T")
F = TypeVar("F")


class Breaker:
    def __init__(self, pause: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.pause = pause
        self.clock = clock
        self.opened_at: float | None = None
        self.trying = False

    @property
    def closed(self) -> bool:
        return self.opened_at is None

    def allows(self) -> bool:
        """Whether a call may go to Redis now: always while closed, then one try per pause."""
        if self.opened_at is None:
            return True
        if self.trying or self.clock() - self.opened_at < self.pause:
            return False
        self.trying = True
        return True

    def failed(self, error: BaseException) -> None:
        if self.opened_at is None:  # said once per outage, not once per call
            logger.warning("Redis unreachable (%s); going without it", error or type(error))
        self.opened_at = self.clock()
        self.trying = False

    def succeeded(self) -> None:
        if self.opened_at is not None:
            logger.warning("Redis answers again")
        self.opened_at = None
        self.trying = False

    async def call(self, work: Callable[[], Awaitable[T]], fallback: F) -> T | F:
        """`work()`, or `fallback` when the breaker is open or the call fails."""
        if not self.allows():
            return fallback
        try:
            result = await work()
        except (RedisError, OSError) as error:
            self.failed(error)
            return fallback
        except BaseException:  # cancelled: neither outcome; the next caller tries again
            self.trying = False
            raise
        self.succeeded()
        return result
