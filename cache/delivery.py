"""The public read path around the GraphQL view: persisted documents, the response cache,
HTTP caching headers and invalidation (with a purge hook for a CDN in front)."""

import logging
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from redis.exceptions import RedisError
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from cache import http
from cache.documents import DocumentStore, sha256
from cache.responses import Entry, ResponseCache

logger = logging.getLogger("dateline.cache")

_DIGEST = re.compile(r"[0-9a-f]{64}")
Purge = Callable[[frozenset[str]], Awaitable[None]]


BUILT_MAX = 10_000


class Answer:
    """A cached answer, sent as it was built: a hit skips Starlette's header handling."""

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status_code = status
        self.raw_headers = headers
        self.body = body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        await send({"type": "http.response.body", "body": self.body})


class DocumentRefused(Exception):
    """A persisted-query request that cannot run: answered as a GraphQL error."""

    def __init__(self, code: str, message: str, status: int = 200) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


async def log_purge(keys: frozenset[str]) -> None:
    """The default purge hook: no CDN to tell, so say what would be purged."""
    logger.debug("purge %d surrogate keys", len(keys))


@dataclass
class Delivery:
    responses: ResponseCache
    documents: DocumentStore
    registered: Callable[[str], Awaitable[str | None]]  # documents from `dateline persist`
    next_change: Callable[[datetime], Awaitable[datetime | None]]  # a scheduled or embargoed time
    cache_seconds: int
    max_age: int
    stale_while_revalidate: int
    persisted_only: bool
    max_document_chars: int = 15_000
    purge: Purge = log_purge
    _built: dict[tuple[str, tuple[str, ...]], list[tuple[bytes, bytes]]] = field(
        default_factory=dict
    )

    async def document(
        self, request: Request, query: str | None, extensions: dict[str, Any] | None
    ) -> str | None:
        """The query text to run: as sent, or looked up by its hash (Apollo's APQ)."""
        persisted = (extensions or {}).get("persistedQuery")
        public = getattr(request.user, "public", True)
        if not isinstance(persisted, dict):
            # Mutations stay open: a newsroom account signs in before it is one.
            if (
                self.persisted_only
                and public
                and query is not None
                and not http.only_mutations(query)
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
            strict = self.persisted_only and public
            found = (None if strict else await self._stored_document(digest)) or (
                await self.registered(digest)
            )
            if found is None:
                raise DocumentRefused("PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
            return found
        if sha256(query) != digest:
            raise DocumentRefused("BAD_REQUEST", "provided sha does not match query", 400)
        if len(query) > self.max_document_chars:  # never store what would not run
            raise DocumentRefused(
                "DOCUMENT_TOO_LARGE",
                f"The document has {len(query)} characters; the limit is {self.max_document_chars}.",
            )
        if self.persisted_only and public and await self.registered(digest) is None:
            raise DocumentRefused(
                "PERSISTED_QUERY_NOT_SUPPORTED", "Only registered documents run here."
            )
        try:
            await self.documents.put(digest, query)
        except RedisError:  # the client sends the text again next time: no harm
            logger.warning("persisted-query store unreachable", exc_info=True)
        return query

    async def _stored_document(self, digest: str) -> str | None:
        try:
            return await self.documents.get(digest)
        except RedisError:
            logger.warning("persisted-query store unreachable", exc_info=True)
            return None

    # The shared cache is an accelerator: when Redis is unreachable, readers are served
    # uncached (and nothing is stored) rather than refused.

    async def cached(self, key: str, now: float) -> Entry | None:
        try:
            return await self.responses.get(key, now=now)
        except RedisError:
            logger.warning("response cache unreachable; serving uncached", exc_info=True)
            return None

    async def generation(self) -> int | None:
        try:
            return await self.responses.generation()
        except RedisError:
            return None  # nothing computed now will be stored

    async def keep(self, key: str, entry: Entry, started: int | None) -> None:
        if started is None:
            return
        try:
            await self.responses.put(key, entry, started=started)
        except RedisError:
            logger.warning("response cache unreachable; answer not kept", exc_info=True)

    async def expiry(self, now: datetime) -> float:
        """Until when an entry may live (Unix time): the next scheduled or embargoed article
        due at the latest, since what readers see changes then with no write to drop it."""
        expires = now.timestamp() + self.cache_seconds
        due = await self.next_change(now)
        return min(expires, due.timestamp()) if due is not None else expires

    def answer(self, request: Request, entry: Entry, *, hit: bool) -> Answer:
        headers = self._headers(entry)
        status = 200
        if request.method == "GET" and http.matches(request, entry.etag):
            status = 304
        else:
            headers = [*headers, (b"content-length", str(len(entry.body)).encode())]
        headers.append((b"x-cache", b"HIT" if hit else b"MISS"))
        return Answer(status, headers, entry.body if status == 200 else b"")

    def _headers(self, entry: Entry) -> list[tuple[bytes, bytes]]:
        """The headers an entry is always sent with, built once per entry (a hit is mostly
        this, so it is kept by ETag, which names the body)."""
        # The same body can be shown under different keys (every lookup that found nothing).
        name = (entry.etag, entry.keys)
        built = self._built.get(name)
        if built is None:
            built = [
                (b"content-type", b"application/json"),
                (b"etag", entry.etag.encode()),
                # An editor's answer differs: shared caches must not hand this one over.
                (b"vary", b"Authorization"),
                (
                    b"cache-control",
                    f"public, max-age={self.max_age}, "
                    f"stale-while-revalidate={self.stale_while_revalidate}".encode(),
                ),
                # The keys a CDN purges by (Fastly's header, then Cloudflare's).
                (b"surrogate-key", " ".join(entry.keys).encode()),
                (b"cache-tag", ",".join(entry.keys).encode()),
            ]
            if len(self._built) >= BUILT_MAX:
                self._built.clear()
            self._built[name] = built
        return list(built)

    async def invalidate(self, keys: Iterable[str]) -> None:
        """Drops every cached response showing any of `keys`, here and at the CDN."""
        dropped = frozenset(keys)
        try:
            await self.responses.invalidate(dropped)
        except RedisError:
            # The write stands; cached answers may show the old state until they expire.
            logger.error("could not drop %d keys from the response cache", len(dropped))
        try:
            await self.purge(dropped)
        except Exception:  # the CDN is told again by the next write; readers here are fresh
            logger.exception("purge hook failed")
