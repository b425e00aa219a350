"""How the server stores and serves pictures: one object, built from settings at start-up."""

import hashlib
import hmac
from dataclasses import dataclass

from media.storage import Storage


@dataclass(frozen=True)
class MediaPolicy:
    storage: Storage
    url: str  # where /media is reachable: Dateline's own, or a CDN in front of it
    signing_key: str  # signs rendition URLs, so nobody else can make the server encode
    max_upload_bytes: int
    max_image_pixels: int


def signing_key(secret: str) -> str:
    """A key of its own for rendition URLs, derived from the server secret.

    A signature on a picture URL is public; it must never be usable as anything else.
    """
    return hmac.new(secret.encode(), b"dateline rendition urls", hashlib.sha256).hexdigest()
