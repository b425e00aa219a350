"""One worker's answer cache: its own copy in memory, in front of Redis when there is one.

Without Redis (one process) the copy is the whole cache. With Redis every worker and
machine shares the entries there, and each keeps its own copy of what it served, exact
through pub/sub (cache.shared). While Redis is unreachable, slow, or this worker's link to
it is lost, neither is used: readers are served uncached rather than perhaps stale.
"""

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime

import redis.asyncio as redis

from cache.breaker import Breaker
from cache.entry import Answer, Entry, Policy
from cache.memory import MemoryCopy
from cache.shared import SharedStore, Stamp

logger = logging.getLogger("dateline.cache")

Purge = Callable[[frozenset[str]], Awaitable[None]]
NextChange = Callable[[datetime], Awaitable[datetime | None]]


class _Unknown:
    """Not looked up yet (None is a value: nothing is scheduled)."""


UNKNOWN = _Unknown()


async def log_purge(keys: frozenset[str]) -> None:
    """The default purge hook: no CDN to tell, so say what would be purged."""
    logger.debug("purge %d surrogate keys", len(keys))


class Answers:
    def __init__(
        self,
        *,
        memory_bytes: int,
        policy: Policy,
        lifetime: int,
        next_change: NextChange,
        purge: Purge = log_purge,
        client: redis.Redis | None = None,
        breaker: Breaker | None = None,
        timeout: float = 0.25,
    ) -> None:
        self.copy = MemoryCopy(memory_bytes)
        self.policy = policy
        self.lifetime = lifetime  # the longest an entry lives, in seconds
        self.next_change = next_change
        self.purge = purge
        self.counter = 0  # the generation, without Redis
        # The next scheduled or embargoed time, kept until a write may have moved it (any
        # invalidation, here or from another worker) or it has come.
        self.due: datetime | _Unknown | None = UNKNOWN
        self.dropped = 0  # invalidations seen: a lookup started before one is not kept
        self.shared = (
            SharedStore(
                client,
                timeout=timeout,
                longest=lifetime,
                breaker=breaker or Breaker(),
                on_drop=self._drop,
                on_reset=self._reset,
            )
            if client is not None
            else None
        )

    @property
    def usable(self) -> bool:
        return self.shared is None or self.shared.healthy

    def local(self, name: str, now: float) -> Answer | None:
        """From this worker's memory: no I/O at all."""
        return self.copy.get(name, now) if self.usable else None

    async def lookup(self, name: str, now: float, *, alias: str | None = None) -> Answer | None:
        """From memory, else from Redis (then kept in memory too); found, it is kept under
        `alias` as well (another spelling of the same request)."""
        answer = self.local(name, now)
        if answer is not None:
            if alias is not None:
                self.copy.alias(alias, name)
            return answer
        if self.shared is None or not self.shared.healthy:
            return None
        found = await self.shared.lookup(name, now)
        if found is None:
            return None
        entry, generation, epoch = found
        answer = self.policy.prepare(entry)
        names = [name] if alias is None else [name, alias]
        if alias is not None:
            await self.shared.put([alias], entry, Stamp(epoch, generation))
        if epoch == self.shared.epoch and self.shared.healthy:
            for held in names:
                self.copy.put(held, answer, generation)
        return answer

    async def started(self) -> Stamp | None:
        """Read before computing an answer; None when nothing computed now may be kept."""
        if self.shared is None:
            return Stamp("", self.counter)
        return await self.shared.started() if self.shared.healthy else None

    async def keep(
        self, names: Iterable[str], entry: Entry, started: Stamp | None
    ) -> tuple[Answer, bool]:
        """Stores `entry` under each name, if it may be; it ready to send, and whether it
        was kept (so is known valid now: nothing it shows was written since `started`)."""
        answer = self.policy.prepare(entry)
        if started is None:
            return answer, False
        names = list(dict.fromkeys(names))
        if self.shared is not None:
            await self.shared.put(names, entry, started)
            if started.epoch != self.shared.epoch or not self.shared.healthy:
                return answer, False
        kept = [self.copy.put(name, answer, started.generation) for name in names]
        return answer, all(kept)

    async def expiry(self, now: float) -> float:
        """Until when an entry may live (Unix time): the next scheduled or embargoed article
        due at the latest, since what readers see changes then with no write to drop it."""
        expires = now + self.lifetime
        due = self.due
        if isinstance(due, _Unknown) or (due is not None and due.timestamp() <= now):
            seen = self.dropped
            due = await self.next_change(datetime.fromtimestamp(now, UTC))
            if seen == self.dropped:  # no write since the lookup started
                self.due = due
        return min(expires, due.timestamp()) if due is not None else expires

    def _drop(self, keys: Iterable[str], generation: int) -> None:
        self.copy.drop(keys, generation)
        self._moved()

    def _reset(self) -> None:
        self.copy.clear()
        self._moved()

    def _moved(self) -> None:
        """A write may have moved the next scheduled or embargoed time."""
        self.due = UNKNOWN
        self.dropped += 1

    async def invalidate(self, keys: Iterable[str]) -> None:
        """Drops every answer showing any of `keys`: in every worker, in Redis, at the CDN."""
        dropped = frozenset(keys)
        if not dropped:
            return
        if self.shared is None:
            self.counter += 1
            self._drop(dropped, self.counter)
        else:
            await self.shared.invalidate(sorted(dropped))
        try:
            await self.purge(dropped)
        except Exception:  # the CDN is told again by the next write; readers here are fresh
            logger.exception("purge hook failed")

    async def clear(self) -> None:
        """Drops everything (the database was replaced under the cache)."""
        if self.shared is None:
            self.counter += 1
            self.copy.clear(floor=self.counter)
            self._moved()
        else:
            await self.shared.clear()

    async def follow(self) -> None:
        """Runs for the app's life: the subscriber that keeps this worker's copy exact."""
        if self.shared is not None:
            await self.shared.listen()
