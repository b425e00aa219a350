"""Answers shared by every worker and machine through Redis, kept exact by pub/sub.

Validity is decided by generations, not by deleting entries: a counter goes up on every
invalidation and stamps each surrogate key it names; an entry remembers the counter as it
was when its request started and is valid while none of its keys has been stamped since.
So an answer computed while a write committed is never served after that write, whatever
the interleaving, and invalidating costs one write per key.

Each worker also holds answers in memory (cache.memory). Every invalidation is published;
each worker drops what it shows from its copy and confirms, and the writer waits for the
confirmations (at most the Redis timeout) before its write is acknowledged.

Faults. Every call has a short timeout and goes through a circuit breaker. A worker whose
link to the channel is lost (no answer to a ping) drops its copy and serves uncached until
it has subscribed again. An invalidation that could not be sent is owed: the epoch, a
random value every stored entry must match, is replaced as soon as Redis answers again,
and also whenever a worker subscribes again after losing its link. So every entry stored
before an outage is dead afterwards, whether Redis kept its data or not.
"""

import asyncio
import functools
import logging
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import orjson
import redis.asyncio as redis
from redis.exceptions import RedisError

from cache.breaker import Breaker
from cache.entry import Entry

logger = logging.getLogger("dateline.cache")

PREFIX = "dateline:cache:"
EPOCH = PREFIX + "epoch"
GENERATION = PREFIX + "generation"
STAMPS = PREFIX + "k:"
ENTRIES = PREFIX + "r:"
ACKS = PREFIX + "ack:"


@dataclass(frozen=True)
class Stamp:
    """When a fill started: the epoch and generation its answer is valid at."""

    epoch: str
    generation: int


# One round trip: the entry if it is of this epoch and none of its keys was stamped since
# it started, and the generation now (what a worker's copy of it is valid at).
_LOOKUP = """
local fields = redis.call('HMGET', KEYS[1], 'body', 'etag', 'started', 'keys', 'expires', 'epoch')
if not fields[1] then return nil end
if tonumber(fields[5]) <= tonumber(ARGV[2]) then return nil end
local epoch = redis.call('GET', KEYS[2])
if fields[6] ~= epoch then return nil end
local started = tonumber(fields[3])
for _, key in ipairs(cjson.decode(fields[4])) do
  local stamp = redis.call('GET', ARGV[1] .. key)
  if stamp and tonumber(stamp) > started then return nil end
end
return {fields[1], fields[2], fields[4], fields[5], redis.call('GET', KEYS[3]) or '0', epoch}
"""

# Stored only if the epoch has not changed since the fill started.
_PUT = """
if redis.call('GET', KEYS[2]) ~= ARGV[6] then return 0 end
redis.call('HSET', KEYS[1], 'body', ARGV[1], 'etag', ARGV[2], 'started', ARGV[3],
           'keys', ARGV[4], 'expires', ARGV[5], 'epoch', ARGV[6])
redis.call('EXPIRE', KEYS[1], ARGV[7])
return 1
"""

# Stamps the keys with a new generation and tells every worker: {generation, receivers}.
_INVALIDATE = """
local generation = redis.call('INCR', KEYS[1])
local keys = {}
for i = 5, #ARGV do
  redis.call('SET', ARGV[1] .. ARGV[i], generation, 'EX', ARGV[2])
  keys[#keys + 1] = ARGV[i]
end
local message = cjson.encode({g = generation, k = keys, a = ARGV[4]})
return {generation, redis.call('PUBLISH', ARGV[3], message)}
"""


class SharedStore:
    def __init__(
        self,
        client: redis.Redis,
        *,
        timeout: float,
        longest: float,
        breaker: Breaker,
        on_drop: Callable[[list[str], int], None],
        on_reset: Callable[[], None],
    ) -> None:
        self.client = client
        self.timeout = timeout
        # A stamp older than the longest-lived entry can no longer invalidate anything.
        self.longest = max(1, int(longest))
        self.on_drop = on_drop
        self.on_reset = on_reset
        self.breaker = breaker
        # Channels are server-wide, not per database: two Dateline sites on one Redis
        # must not hear each other.
        self.channel = f"{PREFIX}{client.connection_pool.connection_kwargs.get('db', 0)}:drops"
        self.lookup_script = client.register_script(_LOOKUP)
        self.put_script = client.register_script(_PUT)
        self.invalidate_script = client.register_script(_INVALIDATE)
        self.epoch = ""  # as this worker last learnt it
        self.linked = False  # subscribed, and the channel answered its last ping
        self.owed = False  # an invalidation was not delivered: the epoch must change

    @property
    def healthy(self) -> bool:
        """Whether this worker may serve answers from Redis and from its own copy."""
        return self.linked and not self.owed and self.breaker.closed

    async def lookup(self, name: str, now: float) -> tuple[Entry, int, str] | None:
        """The entry under `name` if it is valid, with the generation and epoch now."""
        found = await self.breaker.call(
            lambda: self.lookup_script(
                keys=[ENTRIES + name, EPOCH, GENERATION], args=[STAMPS, repr(now)]
            ),
            None,
        )
        if found is None:
            return None
        body, etag, keys, expires, generation, epoch = found
        entry = Entry(
            body=body, etag=etag.decode(), keys=tuple(orjson.loads(keys)), expires=float(expires)
        )
        return entry, int(generation), epoch.decode()

    async def started(self) -> Stamp | None:
        """The epoch and generation now, read before computing an answer to store."""
        found = await self.breaker.call(lambda: self.client.mget([EPOCH, GENERATION]), None)
        if found is None:
            return None
        epoch, generation = found
        if epoch is None:  # no epoch yet: a worker sets one as it subscribes
            return None
        return Stamp(_text(epoch), int(generation or 0))

    async def put(self, names: Iterable[str], entry: Entry, started: Stamp) -> None:
        async def store() -> None:
            async with self.client.pipeline(transaction=False) as pipe:
                for name in names:
                    await self.put_script(
                        keys=[ENTRIES + name, EPOCH],
                        args=[
                            entry.body,
                            entry.etag,
                            started.generation,
                            orjson.dumps(list(entry.keys)),
                            repr(entry.expires),
                            started.epoch,
                            # Redis forgets it at the latest after the longest life.
                            self.longest,
                        ],
                        client=pipe,
                    )
                await pipe.execute()

        await self.breaker.call(store, None)

    async def invalidate(self, keys: list[str]) -> bool:
        """Stamps `keys`, tells every worker, and waits (at most the timeout) until each
        has dropped them; False when Redis could not be told (the epoch is then owed)."""
        deadline = time.monotonic() + self.timeout
        ack = ACKS + secrets.token_hex(8)
        args: list[str | int] = [STAMPS, self.longest, self.channel, ack, *keys]
        told = await self.breaker.call(
            lambda: self.invalidate_script(keys=[GENERATION], args=args), None
        )
        if told is None:
            self.owed = True
            logger.error(
                "could not tell Redis of %d changed keys; owed until it answers", len(keys)
            )
            return False
        generation, receivers = int(told[0]), int(told[1])
        self.on_drop(keys, generation)  # this worker's own copy, at once
        confirmed = 0
        while confirmed < receivers:
            left = deadline - time.monotonic()
            if left <= 0.01:
                break
            # Blocking less long than the socket waits, so the wait ends with an answer.
            popped = await self.breaker.call(
                functools.partial(self.client.blpop, [ack], timeout=left * 0.8), None
            )
            if popped is None:
                break
            confirmed += 1
        if confirmed < receivers:
            logger.warning(
                "%d of %d workers did not confirm a drop in time", receivers - confirmed, receivers
            )
        return True

    async def clear(self) -> None:
        """Every stored entry dead at once (the database was replaced under the cache)."""
        await self._new_epoch()

    async def _new_epoch(self) -> None:
        epoch = secrets.token_hex(8)
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.set(EPOCH, epoch)
            pipe.publish(self.channel, orjson.dumps({"e": epoch}))
            await pipe.execute()
        self._reset(epoch)

    def _reset(self, epoch: str) -> None:
        self.epoch = epoch
        self.on_reset()

    # The subscriber: one task per worker, for the life of the app.

    async def listen(self) -> None:
        """Follows the channel, resubscribing after every loss, until cancelled."""
        relinking = False
        while True:
            try:
                async with self.client.pubsub() as pubsub:
                    await pubsub.subscribe(self.channel)
                    await self._joined(new_epoch=relinking or self.owed)
                    relinking = True
                    await self._follow(pubsub)
            except (RedisError, OSError, LinkLost) as error:
                if self.linked:
                    logger.warning("lost the cache channel (%s); serving uncached", error)
            except Exception:  # a bug here must not end the subscriber for the worker's life
                logger.exception("the cache channel failed; serving uncached")
            finally:
                if self.linked:
                    self.linked = False
                    self.on_reset()
            await asyncio.sleep(self.timeout)

    async def _joined(self, *, new_epoch: bool) -> None:
        """Subscribed (so nothing said from now on is missed): learn the epoch, or make a
        new one when this worker may have missed something or owes one."""
        if new_epoch:
            await self._new_epoch()
            self.owed = False
        else:
            await self.client.set(EPOCH, secrets.token_hex(8), nx=True)
            epoch = await self.client.get(EPOCH)
            self._reset(_text(epoch) if epoch is not None else "")
        self.breaker.succeeded()
        self.linked = True

    async def _follow(self, pubsub: redis.client.PubSub) -> None:
        pinged = False
        while True:
            message = await pubsub.get_message(timeout=self.timeout)
            if message is None:
                if pinged:
                    raise LinkLost(f"no answer to a ping within {self.timeout} s")
                if self.owed:  # Redis answers this worker again: pay what it owes
                    await self._new_epoch()
                    self.owed = False
                await pubsub.ping()
                pinged = True
                continue
            pinged = False
            if message["type"] == "message":
                await self._heard(orjson.loads(message["data"]))

    async def _heard(self, said: dict[str, object]) -> None:
        epoch = said.get("e")
        if isinstance(epoch, str):
            if epoch != self.epoch:
                self._reset(epoch)
            return
        keys, generation, ack = said.get("k"), said.get("g"), said.get("a")
        if not (isinstance(keys, list) and isinstance(generation, int) and isinstance(ack, str)):
            return  # not ours: nothing Dateline publishes looks like this
        self.on_drop(keys, generation)

        async def confirm() -> None:
            async with self.client.pipeline(transaction=False) as pipe:
                pipe.rpush(ack, 1)
                pipe.expire(ack, max(1, int(self.timeout * 4)))
                await pipe.execute()

        await self.breaker.call(confirm, None)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class LinkLost(Exception):
    """The channel stopped answering."""
