"""Where picture files live: a small async key-value store, and its local-disk version."""

import asyncio
import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Protocol

KEY = re.compile(r"[a-z0-9._-]+(/[a-z0-9._-]+)*")


class Storage(Protocol):
    async def put(self, data: bytes, *, extension: str) -> str: ...
    async def put_at(self, key: str, data: bytes) -> None: ...
    async def get(self, key: str) -> bytes | None: ...
    async def exists(self, key: str) -> bool: ...
    async def delete(self, key: str) -> None: ...
    async def delete_tree(self, key: str) -> None: ...


def validate_key(key: str) -> str:
    """`key` itself when it is a safe relative key; ValueError otherwise."""
    if not KEY.fullmatch(key) or ".." in key or any(part == "." for part in key.split("/")):
        raise ValueError(f"Invalid storage key: {key[:100]!r}")
    return key


def original_key(data: bytes, extension: str) -> str:
    """Content-addressed: the same bytes always get the same key."""
    digest = hashlib.sha256(data).hexdigest()
    return validate_key(f"originals/{digest[:2]}/{digest}.{extension}")


class LocalStorage:
    """Files under `root`; every write is atomic (temp file, fsync, rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        root = self.root.resolve()
        path = (root / validate_key(key)).resolve()
        if not path.is_relative_to(root) or path == root:
            raise ValueError(f"Invalid storage key: {key[:100]!r}")
        return path

    async def put(self, data: bytes, *, extension: str) -> str:
        key = original_key(data, extension)
        path = self.path(key)
        if not await asyncio.to_thread(path.is_file):
            await asyncio.to_thread(_write_atomically, path, data)
        return key

    async def put_at(self, key: str, data: bytes) -> None:
        await asyncio.to_thread(_write_atomically, self.path(key), data)

    async def get(self, key: str) -> bytes | None:
        return await asyncio.to_thread(_read, self.path(key))

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self.path(key).is_file)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path(key).unlink, missing_ok=True)

    async def delete_tree(self, key: str) -> None:
        """Every file under `key/` (an original's renditions), and the folder."""
        await asyncio.to_thread(shutil.rmtree, self.path(key), ignore_errors=True)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _write_atomically(path: Path, data: bytes) -> None:
    """Readers see the old file or the whole new one, never a part, even after a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fchmod(file.fileno(), 0o644)  # mkstemp makes 0600; a web server may serve it
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a crash
    finally:
        os.close(directory)
