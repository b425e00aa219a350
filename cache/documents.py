"""Persisted documents: query texts known by their SHA-256 (Apollo's automatic persisted
queries), and the rule for which text a request runs.

Clients register documents as they go, so the store is bounded and may forget; a client
that gets PERSISTED_QUERY_NOT_FOUND simply sends the text again. A document never changes
under its hash, so each worker keeps the ones it has seen in memory, in front of Redis.
Documents registered ahead with `dateline persist` live in the database instead.
"""

import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import redis.asyncio as redis

from cache.breaker import Breaker
from cache.http import only_mutations, sha256

_DIGEST = re.compile(r"[0-9a-f]{64}")


class DocumentStore(Protocol):
    async def get(self, digest: str) -> str | None: ...

    async def put(self, digest: str, document: str) -> None: ...


class MemoryDocuments:
    def __init__(self, size: int) -> None:
        self.size = size
        self.documents: OrderedDict[str, str] = OrderedDict()

    async def get(self, digest: str) -> str | None:
        document = self.documents.get(digest)
        if document is not None:
            self.documents.move_to_end(digest)
        return document

    async def put(self, digest: str, document: str) -> None:
        self.documents[digest] = document
        while len(self.documents) > self.size:
            self.documents.popitem(last=False)


class RedisDocuments:
    PREFIX = "dateline:apq:"
    TTL = 7 * 24 * 3600  # a week unused and a document is sent again

    def __init__(self, client: redis.Redis, breaker: Breaker, remembered: int = 1000) -> None:
        self.client = client
        self.breaker = breaker
        self.seen = MemoryDocuments(remembered)

    async def get(self, digest: str) -> str | None:
        known = await self.seen.get(digest)
        if known is not None:
            return known
        value = await self.breaker.call(
            lambda: self.client.getex(self.PREFIX + digest, ex=self.TTL), None
        )
        if value is None:  # unknown, or Redis unreachable: the client sends the text again
            return None
        document = value.decode() if isinstance(value, bytes) else str(value)
        await self.seen.put(digest, document)
        return document

    async def put(self, digest: str, document: str) -> None:
        await self.seen.put(digest, document)
        await self.breaker.call(
            lambda: self.client.set(self.PREFIX + digest, document, ex=self.TTL), None
        )


class DocumentRefused(Exception):
    """A persisted-query request that cannot run: answered as a GraphQL error."""

    def __init__(self, code: str, message: str, status: int = 200) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class Documents:
    """Which document a request runs: the text it sent, or the one its hash names."""

    def __init__(
        self,
        *,
        store: DocumentStore,
        registered: Callable[[str], Awaitable[str | None]],  # from `dateline persist`
        persisted_only: bool,
        max_chars: int,
    ) -> None:
        self.store = store
        self.registered = registered
        self.persisted_only = persisted_only
        self.max_chars = max_chars

    async def resolve(
        self, query: str | None, extensions: dict[str, Any] | None, *, public: bool
    ) -> str | None:
        """The query text to run, by Apollo's protocol; DocumentRefused when there is none
        (or, in persisted-only mode, a public caller sent one not registered)."""
        persisted = (extensions or {}).get("persistedQuery")
        strict = self.persisted_only and public
        if not isinstance(persisted, dict):
            # Mutations stay open: a newsroom account signs in before it is one.
            if (
                strict
                and query is not None
                and not only_mutations(query)
                and await self.registered(sha256(query)) is None
            ):
                raise DocumentRefused(
                    "PERSISTED_QUERY_REQUIRED", "Only registered documents run here."
                )
            return query
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            raise DocumentRefused("BAD_REQUEST", "persistedQuery.sha256Hash: 64 hex digits.", 400)
        if query is None:
            # In persisted-only mode the public runs registered documents only: the APQ
            # store also holds what editors (or anyone, before the setting) sent.
            found = (None if strict else await self.store.get(digest)) or (
                await self.registered(digest)
            )
            if found is None:
                raise DocumentRefused("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
            return found
        if sha256(query) != digest:
            raise DocumentRefused("BAD_REQUEST", "provided sha does not match query", 400)
        if len(query) > self.max_chars:  # never store what would not run
            raise DocumentRefused(
                "DOCUMENT_TOO_LARGE",
                f"The document has {len(query)} characters; the limit is {self.max_chars}.",
            )
        if strict and await self.registered(digest) is None:
            raise DocumentRefused(
                "PERSISTED_QUERY_NOT_SUPPORTED", "Only registered documents run here."
            )
        await self.store.put(digest, query)
        return query
