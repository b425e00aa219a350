"""Whole public responses, dropped exactly by the surrogate keys of what changed.

Validity is decided by generations, not by deleting entries: a global counter goes up on
every invalidation and stamps each key it names. An entry remembers the counter as it was
when its request started, and is valid while none of its keys has been stamped since. So
a response computed while a write committed is never served after that write, whatever
the interleaving, and invalidating costs one write per key, not a scan of the cache.
"""

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import orjson
import redis.asyncio as redis


@dataclass(frozen=True)
class Entry:
    body: bytes
    etag: str
    keys: tuple[str, ...]
    expires: float  # Unix time, server clock


class ResponseCache(Protocol):
    async def generation(self) -> int:
        """The counter now: read before computing a response that may be stored."""
        ...

    async def get(self, key: str, *, now: float) -> Entry | None:
        """The entry, if still valid at `now` (the server clock, as a Unix time)."""
        ...

    async def put(self, key: str, entry: Entry, *, started: int) -> None:
        """Stores `entry` until it expires, as computed at generation `started`."""
        ...

    async def invalidate(self, keys: Iterable[str]) -> None: ...

    async def clear(self) -> None:
        """Drops everything (the database was replaced under the cache)."""
        ...

    async def close(self) -> None: ...


class MemoryCache:
    """In this process, bounded (least recently used out first): one worker's cache."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[Entry, int]] = OrderedDict()
        self.stamps: dict[str, int] = {}
        self.counter = 0

    async def generation(self) -> int:
        return self.counter

    async def get(self, key: str, *, now: float) -> Entry | None:
        found = self.entries.get(key)
        if found is None:
            return None
        entry, started = found
        if now >= entry.expires or any(self.stamps.get(k, 0) > started for k in entry.keys):
            del self.entries[key]
            return None
        self.entries.move_to_end(key)
        return entry

    async def put(self, key: str, entry: Entry, *, started: int) -> None:
        self.entries[key] = (entry, started)
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)

    async def invalidate(self, keys: Iterable[str]) -> None:
        self.counter += 1
        for key in keys:
            self.stamps[key] = self.counter

    async def clear(self) -> None:
        self.entries.clear()
        await self.invalidate(self.stamps)

    async def close(self) -> None:
        return None


# One round trip for a lookup: the entry, and whether any of its keys was stamped since.
_LOOKUP = """
local fields = redis.call('HMGET', KEYS[1], 'body', 'etag', 'started', 'keys', 'expires')
if not fields[1] then return nil end
if tonumber(fields[5]) <= tonumber(ARGV[2]) then return nil end
local started = tonumber(fields[3])
local keys = cjson.decode(fields[4])
for _, key in ipairs(keys) do
  local stamp = redis.call('GET', ARGV[1] .. key)
  if stamp and tonumber(stamp) > started then return nil end
end
return {fields[1], fields[2], fields[4], fields[5]}
"""


class RedisCache:
    """Shared by every worker and server process: an invalidation in one reaches all."""

    PREFIX = "dateline:cache:"

    def __init__(self, client: redis.Redis, *, longest: float) -> None:
        self.client = client
        self.lookup = self.client.register_script(_LOOKUP)
        # A stamp older than the longest-lived entry can no longer invalidate anything.
        self.longest = max(1, int(longest))

    async def generation(self) -> int:
        value = await self.client.get(self.PREFIX + "generation")
        return int(value or 0)

    async def get(self, key: str, *, now: float) -> Entry | None:
        found = await self.lookup(
            keys=[self.PREFIX + "r:" + key], args=[self.PREFIX + "k:", repr(now)]
        )
        if found is None:
            return None
        body, etag, keys, expires = found
        return Entry(
            body=body, etag=etag.decode(), keys=tuple(orjson.loads(keys)), expires=float(expires)
        )

    async def put(self, key: str, entry: Entry, *, started: int) -> None:
        name = self.PREFIX + "r:" + key
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.hset(
                name,
                mapping={
                    "body": entry.body,
                    "etag": entry.etag,
                    "started": started,
                    "keys": orjson.dumps(list(entry.keys)),
                    "expires": repr(entry.expires),
                },
            )
            # Redis forgets it at the latest after the longest life (its clock is real).
            pipe.expire(name, self.longest)
            await pipe.execute()

    async def invalidate(self, keys: Iterable[str]) -> None:
        stamp = await self.client.incr(self.PREFIX + "generation")
        async with self.client.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.set(self.PREFIX + "k:" + key, stamp, ex=self.longest)
            await pipe.execute()

    async def clear(self) -> None:
        async for name in self.client.scan_iter(match=self.PREFIX + "*", count=1000):
            await self.client.delete(name)

    async def close(self) -> None:
        return None  # the client belongs to the server, which closes it
