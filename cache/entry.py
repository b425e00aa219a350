"""One cached answer: what is stored, and the same made ready to send.

An entry is kept whole and sent as it was built: its header lines are made once, when
the worker first holds it, so a hit is a lookup and two `send` calls.
"""

from dataclasses import dataclass

from starlette.types import Send

from cache import http


@dataclass(frozen=True, slots=True)
class Entry:
    body: bytes
    etag: str
    keys: tuple[str, ...]  # surrogate keys: what the answer shows
    expires: float  # Unix time, server clock
    # What the handler said it is: JSON for GraphQL and ninjs, XML for feeds.
    content_type: bytes = b"application/json"


@dataclass(frozen=True, slots=True)
class Policy:
    """What browsers and CDNs are told about public answers (Cache-Control)."""

    max_age: int
    stale_while_revalidate: int

    def prepare(self, entry: Entry) -> "Answer":
        common = [
            (b"content-type", entry.content_type),
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
        full = [*common, (b"content-length", str(len(entry.body)).encode())]
        return Answer(
            entry=entry,
            hit=[*full, HIT],
            miss=[*full, MISS],
            unchanged_hit=[*common, HIT],
            unchanged_miss=[*common, MISS],
        )


HIT = (b"x-cache", b"HIT")
MISS = (b"x-cache", b"MISS")
# What an entry costs a worker's memory beyond its body: the header lines, the keys,
# the objects around them. An estimate; it only has to keep the bound honest.
OVERHEAD_BYTES = 1024


@dataclass(frozen=True, slots=True)
class Answer:
    entry: Entry
    hit: list[tuple[bytes, bytes]]
    miss: list[tuple[bytes, bytes]]
    unchanged_hit: list[tuple[bytes, bytes]]  # the 304s
    unchanged_miss: list[tuple[bytes, bytes]]

    @property
    def size(self) -> int:
        return len(self.entry.body) + sum(len(k) + 1 for k in self.entry.keys) + OVERHEAD_BYTES

    async def send(self, send: Send, *, hit: bool, if_none_match: bytes | None) -> None:
        """200 with the body, or 304 when a GET's If-None-Match names the entry."""
        if if_none_match is not None and http.matches(if_none_match, self.entry.etag):
            headers = self.unchanged_hit if hit else self.unchanged_miss
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = self.hit if hit else self.miss
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.entry.body})
