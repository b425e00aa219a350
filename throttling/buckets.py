"""Token buckets: a caller may spend `capacity` at once, refilled at `rate` per second.

A refusal says how long until enough has refilled (Retry-After). In-process buckets are
per worker; with Redis every worker and server spends from the same bucket.
"""

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol

import redis.asyncio as redis
from starlette.requests import HTTPConnection
from starlette.types import Scope

from auth.tokens import API_TOKEN_PREFIX, digest, read_access
from cache.breaker import Breaker


@dataclass(frozen=True)
class Rule:
    capacity: float
    rate: float  # refilled per second


@dataclass(frozen=True)
class Taken:
    allowed: bool
    remaining: float
    retry_after: float  # seconds until `cost` would be allowed; 0 when allowed
    reset: float  # seconds until the bucket is full again


def _spend(tokens: float, cost: float, rule: Rule) -> tuple[bool, float, float]:
    if tokens >= cost:
        return True, tokens - cost, 0.0
    return False, tokens, (cost - tokens) / rule.rate


class Buckets(Protocol):
    async def take(self, key: str, cost: float, rule: Rule, now: float) -> Taken: ...


class MemoryBuckets:
    def __init__(self, size: int = 100_000) -> None:
        self.size = size
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    async def take(self, key: str, cost: float, rule: Rule, now: float) -> Taken:
        tokens, updated = self.buckets.get(key, (rule.capacity, now))
        tokens = min(rule.capacity, tokens + max(0.0, now - updated) * rule.rate)
        allowed, tokens, wait = _spend(tokens, cost, rule)
        self.buckets[key] = (tokens, now)
        self.buckets.move_to_end(key)
        while len(self.buckets) > self.size:  # the oldest are the fullest: forgetting is safe
            self.buckets.popitem(last=False)
        return Taken(allowed, tokens, wait, (rule.capacity - tokens) / rule.rate)


# Atomic in Redis: refill, spend if possible, store, answer (tokens, allowed).
_TAKE = """
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local capacity, rate, cost, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local tokens = tonumber(state[1]) or capacity
local updated = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate)
local allowed = 0
if tokens >= cost then tokens = tokens - cost; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'updated', now)
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return {tostring(tokens), allowed}
"""


class RedisBuckets:
    """Shared by every worker and server. While Redis is unreachable, callers are served
    rather than refused: a limit nobody can check is not a reason to refuse everyone."""

    PREFIX = "dateline:rate:"

    def __init__(self, client: redis.Redis, breaker: Breaker) -> None:
        self.script = client.register_script(_TAKE)
        self.breaker = breaker

    async def take(self, key: str, cost: float, rule: Rule, now: float) -> Taken:
        found = await self.breaker.call(
            lambda: self.script(
                keys=[self.PREFIX + key], args=[rule.capacity, rule.rate, cost, now]
            ),
            None,
        )
        if found is None:
            return Taken(True, rule.capacity, 0.0, 0.0)
        tokens_text, allowed = found
        tokens = float(tokens_text)
        wait = 0.0 if allowed else (cost - tokens) / rule.rate
        return Taken(bool(allowed), tokens, wait, (rule.capacity - tokens) / rule.rate)


def headers(rule: Rule, taken: Taken) -> dict[str, str]:
    """The IETF RateLimit headers (draft 7 style), and Retry-After on a refusal."""
    values = {
        "RateLimit-Limit": str(int(rule.capacity)),
        "RateLimit-Remaining": str(int(taken.remaining)),
        "RateLimit-Reset": str(math.ceil(taken.reset)),
    }
    if not taken.allowed:
        values["Retry-After"] = str(max(1, math.ceil(taken.retry_after)))
    return values


VERIFIED_MAX = 10_000


@dataclass(frozen=True)
class RateLimits:
    """Who may spend what: per API token, per account, per address, and sign-in attempts."""

    buckets: Buckets
    logins: Buckets  # apart: a flood of requests must never push sign-in buckets out
    secret: str  # checks access tokens' signatures
    per_token: Rule
    per_account: Rule
    per_address: Rule
    logins_per_account: Rule
    logins_per_address: Rule
    # API tokens seen to authenticate (their digests), most recent last: until then a
    # token is a stranger's, so made-up tokens cannot each get a bucket of their own.
    verified: OrderedDict[str, None] = field(default_factory=OrderedDict)

    def caller(self, scope: Scope) -> tuple[str, Rule]:
        """Whose bucket a request spends from, read from the request alone: this runs
        before authentication (which asks the database), cached answers included.

        An API token's own bucket, once it has been seen to authenticate; a signed-in
        account's (its access token's signature is checked, so a forged one is a
        stranger's); else the address's, previews included.
        """
        for name, value in scope["headers"]:
            if name != b"authorization":
                continue
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            if scheme.lower() == "bearer" and token.startswith(API_TOKEN_PREFIX):
                known = digest(token)[:32]
                if known in self.verified:
                    return f"token:{known}", self.per_token
                break
            claims = read_access(token, secret=self.secret) if scheme.lower() == "bearer" else None
            if claims is not None:
                return f"account:{claims.user_id}", self.per_account
            break
        client = scope.get("client")
        return f"address:{client[0] if client else ''}", self.per_address

    def authenticated(self, token: str) -> None:
        """`token` (an API token) was accepted: its requests spend from its own bucket."""
        known = digest(token)[:32]
        self.verified[known] = None
        self.verified.move_to_end(known)
        while len(self.verified) > VERIFIED_MAX:
            self.verified.popitem(last=False)

    async def request(self, scope: Scope, now: float, cost: float = 1) -> tuple[Rule, Taken]:
        """Spends `cost` from the bucket of whoever sent the request."""
        key, rule = self.caller(scope)
        return rule, await self.buckets.take(key, cost, rule, now)

    async def login(self, email: str, address: str, now: float) -> bool:
        """Whether one more sign-in attempt may be checked: a guesser gets a few tries at an
        account from one address, and a few from one address overall, then waits.

        The tight bucket is per account *and* address, so a stranger's wrong guesses do not
        lock the editor out; a ten times looser one per account alone stops guessing spread
        over many addresses. Buckets are only spent while the earlier ones allowed.
        """
        loose = Rule(self.logins_per_account.capacity * 10, self.logins_per_account.rate * 10)
        for key, rule in (
            (f"login-ip:{address}", self.logins_per_address),
            (f"login:{email}:{address}", self.logins_per_account),
            (f"login:{email}", loose),
        ):
            if not (await self.logins.take(key, 1, rule, now)).allowed:
                return False
        return True


def address_of(connection: HTTPConnection) -> str:
    """The client's address as uvicorn sees it (the proxy's forwarded one with
    --proxy-headers)."""
    return connection.client.host if connection.client is not None else ""
