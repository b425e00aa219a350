import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@functools.cache
def _decoy() -> str:
    return _hasher.hash("dateline-decoy-password")


def verify(password_hash: str | None, password: str) -> bool:
    """Checks a password; with no account (None) it checks a decoy and fails.

    Hashing either way makes an unknown email take as long as a wrong password, so the
    timing of `login` does not tell whether an address has an account.
    """
    try:
        return _hasher.verify(password_hash or _decoy(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
