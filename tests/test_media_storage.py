"""media.storage.LocalStorage: content-addressed, atomic, and confined to its root."""

import hashlib
from pathlib import Path

import pytest

from media.storage import LocalStorage


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """These tests touch no database (this replaces the suite's per-test table wipe)."""


@pytest.fixture
def store(tmp_path: Path) -> LocalStorage:
    return LocalStorage(tmp_path / "media")


def files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


async def test_originals_are_content_addressed_and_stored_once(store: LocalStorage) -> None:
    digest = hashlib.sha256(b"picture").hexdigest()

    first = await store.put(b"picture", extension="jpg")
    written = store.path(first).stat()
    second = await store.put(b"picture", extension="jpg")

    assert first == second == f"originals/{digest[:2]}/{digest}.jpg"
    assert files(store.root) == [first]
    assert store.path(first).stat().st_mtime_ns == written.st_mtime_ns
    assert store.path(first).stat().st_ino == written.st_ino
    assert store.path(first) == (store.root / first).resolve()
    assert written.st_mode & 0o777 == 0o644


async def test_get_exists_put_at_and_delete(store: LocalStorage) -> None:
    key = "renditions/originals/ab/x.jpg/w640-cover-f50x50.webp"

    assert await store.get(key) is None
    assert not await store.exists(key)
    await store.put_at(key, b"one")
    await store.put_at(key, b"two")  # renditions may be written again
    assert await store.get(key) == b"two"
    assert await store.exists(key)
    await store.delete(key)
    await store.delete(key)  # deleting what is gone is fine
    assert await store.get(key) is None
    assert files(store.root) == []


async def test_writes_leave_no_temporary_files(store: LocalStorage) -> None:
    keys = [await store.put(bytes([n]) * 1000, extension="png") for n in range(5)]
    await store.put_at("renditions/a.jpg/w1-cover-f0x0.jpg", b"x")

    assert files(store.root) == sorted([*keys, "renditions/a.jpg/w1-cover-f0x0.jpg"])


async def test_a_failed_write_leaves_nothing_behind(store: LocalStorage) -> None:
    (store.root / "renditions").mkdir(parents=True)
    (store.root / "renditions" / "taken").mkdir()  # a directory where the file should go

    with pytest.raises(OSError, match="Is a directory"):
        await store.put_at("renditions/taken", b"x")

    assert files(store.root) == []


@pytest.mark.parametrize(
    "key",
    [
        "../x",
        "/etc/passwd",
        "a//b",
        "a\\b",
        "originals/../../x",
        "originals/..",
        "./x",
        "a/./b",
        "",
        "a/",
        "Originals/x.jpg",
        "a b",
        "a\x00b",
        "naïve.jpg",
        "x..jpg",
    ],
)
async def test_unsafe_keys_are_refused(store: LocalStorage, key: str) -> None:
    with pytest.raises(ValueError, match="Invalid storage key"):
        store.path(key)
    with pytest.raises(ValueError, match="Invalid storage key"):
        await store.put_at(key, b"x")
    with pytest.raises(ValueError, match="Invalid storage key"):
        await store.get(key)
    with pytest.raises(ValueError, match="Invalid storage key"):
        await store.exists(key)
    with pytest.raises(ValueError, match="Invalid storage key"):
        await store.delete(key)

    assert not store.root.exists()


async def test_an_extension_must_be_a_safe_key_part(store: LocalStorage) -> None:
    with pytest.raises(ValueError, match="Invalid storage key"):
        await store.put(b"x", extension="../../x")


async def test_a_symlink_out_of_the_root_is_refused(store: LocalStorage, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    store.root.mkdir()
    (store.root / "originals").symlink_to(outside)

    with pytest.raises(ValueError, match="Invalid storage key"):
        await store.put_at("originals/x.jpg", b"x")

    assert list(outside.iterdir()) == []
