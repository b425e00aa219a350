"""Automatic persisted queries: documents known by their SHA-256, sent once, then by hash.

Clients register documents as they go (Apollo's protocol), so the store is bounded and
may forget; a client that gets PERSISTED_QUERY_NOT_FOUND simply sends the text again.
Documents registered ahead with `dateline persist` live in the database instead.
"""

import hashlib
from collections import OrderedDict
from typing import Protocol

import redis.asyncio as redis


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


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

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    async def get(self, digest: str) -> str | None:
        value = await self.client.getex(self.PREFIX + digest, ex=self.TTL)
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else value

    async def put(self, digest: str, document: str) -> None:
        await self.client.set(self.PREFIX + digest, document, ex=self.TTL)
