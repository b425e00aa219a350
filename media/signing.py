"""Signed rendition paths, so only the sizes and crops Dateline hands out get rendered."""

import base64
import hashlib
import hmac

LENGTH = 22  # 132 bits of the HMAC


def sign(path: str, secret: str) -> str:
    """HMAC-SHA256 of the path, urlsafe base64 without padding, cut to 22 characters."""
    if not secret:
        raise ValueError("Signing needs a secret.")
    digest = hmac.new(secret.encode(), path.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:LENGTH]


def verify(path: str, signature: str, secret: str) -> bool:
    """Whether `signature` is sign(path, secret), compared in constant time."""
    if not secret:
        return False
    return hmac.compare_digest(sign(path, secret).encode(), signature.encode("utf-8", "replace"))


def covered(path: str, *, auto: bool) -> str:
    """What a rendition URL's signature covers: its path, and whether its format is AUTO
    (chosen per browser), so nobody turns one signed file into three encodings."""
    return f"{path}?auto" if auto else path
