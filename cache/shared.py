"""Answers shared by every worker and machine through Redis, kept exact by pub/sub.

Validity is decided by generations, not by deleting entries: a counter goes up on every
invalidation and stamps each surrogate key it names; an entry remembers the counter as it
was when its request started and is valid while none of its keys has been stamped since.
So an answer computed while a write committed is never served after that write, whatever
the interleaving, and invalidating costs one write per key.

Each worker also holds answers in memory (cache.memory). Every invalidation is published;
each worker drops what it names from its copy and confirms. A worker serves from its copy
only under a lease: for `lease` seconds after it sent a ping that Redis answered. Pongs
come on the channel in order with the drops, so a worker whose lease was renewed after an
invalidation was published has dropped it; the writer waits for every confirmation, or
else until a lease taken before its invalidation must have run out, before the write is
acknowledged. So after an acknowledged write no worker serves the old answer, even one
whose event loop was stuck or whose link died without a word.

Faults. Every call has a short timeout and goes through a circuit breaker. A worker whose
channel stops answering drops its copy and serves uncached until it has subscribed again.
An invalidation that could not be sent is owed: the epoch, a random value every stored
entry must match, is replaced as soon as Redis answers again; so it is whenever a worker
subscribes again after losing its link, and when Redis itself was restarted (its run id
changed) since the epoch was made. So every entry stored before an outage is dead
afterwards, whether Redis kept its data or not. Redis must not evict keys on its own
(`maxmemory-policy noeviction`): a stamp evicted would make an old entry look valid.
"""

import asyncio
import logging
import secrets
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import orjson
import redis.asyncio as redis
from redis.exceptions import RedisError, ResponseError

from cache.breaker import Breaker
from cache.entry import Entry

logger = logging.getLogger("dateline.cache")

PREFIX = "dateline:cache:"
EPOCH = PREFIX + "epoch"
GENERATION = PREFIX + "generation"
STAMPS = PREFIX + "k:"
ENTRIES = PREFIX + "r:"
ACKS = PREFIX + "ack:"
RUN = PREFIX + "run"  # the run id of the Redis process the epoch was made on


@dataclass(frozen=True)
class Stamp:
    """When a fill started: the epoch and generation its answer is valid at."""

    epoch: str
    generation: int


# One round trip: the entry if it is of this epoch and none of its keys was stamped since
# it started, and the generation now (what a worker's copy of it is valid at).
_LOOKUP = """
local fields = redis.call('HMGET', KEYS[1], 'body', 'etag', 'started', 'keys', 'expires', 'epoch',
                         'type')
if not fields[1] then return nil end
if tonumber(fields[5]) <= tonumber(ARGV[2]) then return nil end
local epoch = redis.call('GET', KEYS[2])
if fields[6] ~= epoch then return nil end
local started = tonumber(fields[3])
local generation = redis.call('GET', KEYS[3]) or '0'
-- Started after the counter now: the counter was lost (evicted, restarted), not the entry.
if started > tonumber(generation) then return nil end
for _, key in ipairs(cjson.decode(fields[4])) do
  local stamp = redis.call('GET', ARGV[1] .. key)
  if stamp and tonumber(stamp) > started then return nil end
end
return {fields[1], fields[2], fields[4], fields[5], generation, epoch, fields[7] or ''}
"""

# Stored only if the epoch has not changed since the fill started.
_PUT = """
if redis.call('GET', KEYS[2]) ~= ARGV[6] then return 0 end
redis.call('HSET', KEYS[1], 'body', ARGV[1], 'etag', ARGV[2], 'started', ARGV[3],
           'keys', ARGV[4], 'expires', ARGV[5], 'epoch', ARGV[6], 'type', ARGV[8])
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
        self.linked = False  # subscribed to the channel
        self.owed = False  # an invalidation was not delivered: the epoch must change
        # Reads from Redis and from the copy are allowed until `leased` (monotonic time):
        # `lease` after a ping Redis answered was sent. Pings go every `timeout`.
        self.lease = 4 * timeout
        self.leased = 0.0
        self.pings: deque[float] = deque()  # when each unanswered ping was sent
        self.confirming: set[asyncio.Task[None]] = set()

    @property
    def healthy(self) -> bool:
        """Whether this worker may serve answers from Redis and from its own copy."""
        return (
            self.linked and not self.owed and self.breaker.closed and time.monotonic() < self.leased
        )

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
        body, etag, keys, expires, generation, epoch, kind = found
        entry = Entry(
            body=body,
            etag=etag.decode(),
            keys=tuple(orjson.loads(keys)),
            expires=float(expires),
            # Kept before entries had a type: all were JSON.
            content_type=kind or b"application/json",
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
                            entry.content_type,
                        ],
                        client=pipe,
                    )
                await pipe.execute()

        await self.breaker.call(store, None)

    async def invalidate(self, keys: list[str]) -> bool:
        """Stamps `keys`, tells every worker, and waits until each has dropped them (or
        has had to stop trusting its copy); False when Redis could not be told (the epoch
        is then owed).

        Tried whatever the breaker says: another call's failure a moment ago must not
        leave readers elsewhere with the old answer. The socket timeout bounds it.
        """
        ack = ACKS + secrets.token_hex(8)
        args: list[str | int] = [STAMPS, self.longest, self.channel, ack, *keys]
        try:
            told = await self.invalidate_script(keys=[GENERATION], args=args)
        except (RedisError, OSError) as error:
            self.breaker.failed(error)
            self.owed = True
            logger.error(
                "could not tell Redis of %d changed keys; owed until it answers", len(keys)
            )
            return False
        self.breaker.succeeded()
        # Every worker has confirmed by then, or its lease, taken before this was said,
        # has run out.
        deadline = time.monotonic() + self.lease
        generation, receivers = int(told[0]), int(told[1])
        self.on_drop(keys, generation)  # this worker's own copy, at once
        confirmed = 0
        try:
            while confirmed < receivers and (left := deadline - time.monotonic()) > 0.01:
                # Blocking less long than the socket waits, so each wait ends with an answer.
                wait = min(left, self.timeout * 0.8)
                if await self.client.blpop([ack], timeout=wait) is not None:
                    confirmed += 1
        except (RedisError, OSError) as error:
            self.breaker.failed(error)
        if confirmed < receivers:
            logger.warning(
                "%d of %d workers did not confirm a drop; waiting their leases out",
                receivers - confirmed,
                receivers,
            )
            await asyncio.sleep(max(0.0, deadline - time.monotonic()))
        return True

    async def clear(self) -> None:
        """Every stored entry dead at once (the database was replaced under the cache)."""
        await self._new_epoch()

    async def _new_epoch(self) -> None:
        epoch = secrets.token_hex(8)
        run = await self._run_id()
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.set(EPOCH, epoch)
            if run is not None:
                pipe.set(RUN, run)
            pipe.publish(self.channel, orjson.dumps({"e": epoch}))
            await pipe.execute()
        self.owed = False
        self._reset(epoch)

    def _reset(self, epoch: str) -> None:
        self.epoch = epoch
        self.on_reset()

    async def _run_id(self) -> str | None:
        """The Redis process's run id (a restart changes it); None where INFO is refused."""
        try:
            found = await self.client.info("server")
        except ResponseError:
            return None
        run = found.get("run_id")
        return str(run) if run is not None else None

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
                    self.on_reset()
                self.linked, self.leased = False, 0.0
                self.pings.clear()
            await asyncio.sleep(self.timeout)

    async def _joined(self, *, new_epoch: bool) -> None:
        """Subscribed (so nothing said from now on is missed): learn the epoch, or make a
        new one when this worker may have missed something, owes one, or Redis restarted
        since the epoch was made (what it kept may have missed invalidations)."""
        run, made_on = await self._run_id(), await self.client.get(RUN)
        restarted = run is not None and made_on is not None and _text(made_on) != run
        if new_epoch or restarted:
            await self._new_epoch()
        else:
            await self.client.set(EPOCH, secrets.token_hex(8), nx=True)
            if run is not None:
                await self.client.set(RUN, run, nx=True)
            epoch = await self.client.get(EPOCH)
            self._reset(_text(epoch) if epoch is not None else "")
        await self._warn_if_evicting()
        self.breaker.succeeded()
        self.linked = True

    async def _warn_if_evicting(self) -> None:
        try:
            policy = (await self.client.config_get("maxmemory-policy")).get("maxmemory-policy")
        except ResponseError:  # CONFIG is refused on some managed services
            return
        if policy not in (None, "noeviction"):
            logger.warning(
                "Redis evicts keys on its own (maxmemory-policy %s): an evicted stamp could "
                "make an old answer look valid; set maxmemory-policy noeviction",
                policy,
            )

    async def _follow(self, pubsub: redis.client.PubSub) -> None:
        """Reads the channel, pinging every `timeout`: each answered ping renews the lease;
        one unanswered for a whole lease means the link is gone."""
        next_ping = time.monotonic()
        while True:
            if self.owed:  # Redis answers this worker again: pay what it owes
                await self._new_epoch()
            now = time.monotonic()
            if self.pings and now - self.pings[0] > self.lease:
                raise LinkLost(f"no answer to a ping within {self.lease} s")
            if now >= next_ping:
                self.pings.append(now)
                await pubsub.ping()
                next_ping = now + self.timeout
            message = await pubsub.get_message(timeout=max(0.0, next_ping - time.monotonic()))
            if message is None:
                continue
            if message["type"] == "pong" and self.pings:
                self.leased = self.pings.popleft() + self.lease
            elif message["type"] == "message":
                self._heard(message["data"])

    def _heard(self, data: bytes) -> None:
        try:
            said = orjson.loads(data)
        except orjson.JSONDecodeError:
            return  # not ours: nothing Dateline publishes looks like this
        if not isinstance(said, dict):
            return
        epoch = said.get("e")
        if isinstance(epoch, str):
            if epoch != self.epoch:
                self._reset(epoch)
            return
        keys, generation, ack = said.get("k"), said.get("g"), said.get("a")
        if not (isinstance(keys, list) and isinstance(generation, int) and isinstance(ack, str)):
            return
        self.on_drop(keys, generation)
        # Confirmed without waiting: the next drop must not queue behind this round trip.
        task = asyncio.create_task(self.breaker.call(lambda: self._confirm(ack), None))
        self.confirming.add(task)
        task.add_done_callback(self.confirming.discard)

    async def _confirm(self, ack: str) -> None:
        async with self.client.pipeline(transaction=False) as pipe:
            pipe.rpush(ack, 1)
            pipe.expire(ack, max(1, int(self.lease * 2)))
            await pipe.execute()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class LinkLost(Exception):
    """The channel stopped answering."""
