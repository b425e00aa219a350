"""The sitemap schemas the tests validate Dateline's sitemaps against, and the script that
re-fetches them.

tests/data/sitemaps/ holds sitemaps.org's sitemap.xsd and siteindex.xsd and Google's
sitemap-news.xsd as they are published, and manifest.json: each file's canonical URL and
the SHA-256 of the copy committed (see the folder's README for where the copies came from).
The dateline-*.xsd files beside them are Dateline's own and are in no manifest.

`python -m tests.sitemap_schemas --check` verifies, offline, that each committed copy
matches its manifest entry. Without --check it downloads each canonical URL, and only when
what is published has the manifest's SHA-256 writes the file; a schema that changed upstream
is refused, naming its new digest, so that someone reads the change before the manifest
takes it.
"""

import argparse
import hashlib
import json
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Final, TypedDict

FOLDER: Final = Path(__file__).parent / "data" / "sitemaps"
MANIFEST: Final = FOLDER / "manifest.json"


class Entry(TypedDict):
    url: str  # where the schema is published
    sha256: str  # of the committed copy, hex


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(path: Path = MANIFEST) -> dict[str, Entry]:
    entries: dict[str, Entry] = json.loads(path.read_text())
    return entries


def differing(folder: Path = FOLDER) -> list[str]:
    """The manifest's files that are missing from `folder` or differ from their digest."""
    return [
        name
        for name, entry in manifest(folder / MANIFEST.name).items()
        if not (folder / name).is_file() or sha256((folder / name).read_bytes()) != entry["sha256"]
    ]


def source(url: str, mirror: str | None) -> str:
    """`url`, or the same path on `mirror` (a scheme and host, for a copy of the sites)."""
    if mirror is None:
        return url
    return mirror.rstrip("/") + urllib.parse.urlsplit(url).path


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (https or a mirror)
        data: bytes = response.read()
    return data


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines()


def fetched(folder: Path, mirror: str | None) -> dict[str, bytes]:
    """Each manifest file as published, once every one of them matched its digest."""
    found: dict[str, bytes] = {}
    for name, entry in manifest(folder / MANIFEST.name).items():
        data = _get(source(entry["url"], mirror))
        if sha256(data) != entry["sha256"]:
            committed = folder / name
            eol = committed.is_file() and _lines(committed.read_bytes()) == _lines(data)
            raise SystemExit(
                f"{name}: {entry['url']} now publishes sha256 {sha256(data)}, not the pinned "
                f"{entry['sha256']}" + (" (the same text with other line endings)" if eol else "")
            )
        found[name] = data
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.sitemap_schemas", description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="verify the committed copies offline; write nothing"
    )
    parser.add_argument("--mirror", help="fetch the same paths from this scheme and host")
    parser.add_argument("--into", type=Path, default=FOLDER, help="default: %(default)s")
    args = parser.parse_args(argv)
    into: Path = args.into
    if args.check:
        differ = differing(into)
        for name in differ:
            print(f"missing or not as its manifest says: {into / name}")
        return 1 if differ else 0
    for name, data in fetched(into, args.mirror).items():
        (into / name).write_bytes(data)
        print(f"wrote {into / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
