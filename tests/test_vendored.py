"""The vendored playground files: what is committed matches its manifest, and the script
that re-fetches them copies only a tarball that matches its pinned integrity."""

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from playground import vendored
from tests import servers


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Overrides the suite's: nothing here touches the database."""


def test_each_vendored_file_is_in_the_manifest_with_its_digest_and_release() -> None:
    manifest = json.loads(vendored.MANIFEST.read_text())
    releases = {f"{r.name}@{r.version}": r for r in vendored.RELEASES}
    on_disk = {path.name for path in vendored.VENDOR.iterdir() if path.is_file()} - {
        "manifest.json"
    }

    assert set(manifest) == on_disk
    for served, entry in manifest.items():
        assert vendored.sri((vendored.VENDOR / served).read_bytes()) == entry["integrity"]
        assert served in releases[entry["release"]].files.values()
    licences = {path.name for path in (vendored.VENDOR / "licences").iterdir()}
    assert licences == {Path(vendored.licence_name(r)).name for r in vendored.RELEASES if r.licence}


def test_a_scoped_package_keeps_its_scope_in_the_path_only() -> None:
    explorer = next(r for r in vendored.RELEASES if r.name == "@graphiql/plugin-explorer")

    assert vendored.tarball_url(explorer) == (
        "https://registry.npmjs.org/@graphiql/plugin-explorer/-/plugin-explorer-4.0.6.tgz"
    )


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for path, data in files.items():
            info = tarfile.TarInfo(f"package/{path}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def registry() -> Iterator[dict[str, bytes]]:
    """A registry on loopback: the test puts paths and bodies in the dict it yields."""
    with servers.files_served() as served:
        yield served


def _publish(
    registry: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, tarball: bytes, pinned: str
) -> str:
    release = vendored.Release(
        "@desk/widget", "1.2.3", pinned, {"dist/widget.js": "widget.js"}, "LICENSE"
    )
    monkeypatch.setattr(vendored, "RELEASES", (release,))
    registry["/@desk/widget/1.2.3"] = json.dumps({"dist": {"integrity": pinned}}).encode()
    registry["/@desk/widget/-/widget-1.2.3.tgz"] = tarball
    return registry["base"].decode()


def test_a_release_matching_its_integrity_is_copied_with_its_licence_and_manifest(
    registry: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tarball = _tarball({"dist/widget.js": b"widget();\n", "LICENSE": b"MIT\n", "other.js": b"x"})
    base = _publish(registry, monkeypatch, tarball, vendored.sri(tarball, "sha512"))

    wrote = vendored.main(["--registry", base, "--into", str(tmp_path)])
    unchanged = vendored.main(["--registry", base, "--into", str(tmp_path), "--check"])
    (tmp_path / "widget.js").write_bytes(b"edited();\n")
    edited = vendored.main(["--registry", base, "--into", str(tmp_path), "--check"])

    assert (wrote, unchanged, edited) == (0, 0, 1)
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == [
        "licences/@desk__widget-1.2.3.LICENSE",
        "manifest.json",
        "widget.js",
    ]
    assert json.loads((tmp_path / "manifest.json").read_text()) == {
        "widget.js": {"release": "@desk/widget@1.2.3", "integrity": vendored.sri(b"widget();\n")}
    }


def test_a_tarball_that_fails_its_integrity_is_refused_and_nothing_is_written(
    registry: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    published = _tarball({"dist/widget.js": b"widget();\n", "LICENSE": b"MIT\n"})
    swapped = _tarball({"dist/widget.js": b"steal();\n", "LICENSE": b"MIT\n"})
    base = _publish(registry, monkeypatch, swapped, vendored.sri(published, "sha512"))

    with pytest.raises(SystemExit) as refused:
        vendored.main(["--registry", base, "--into", str(tmp_path)])

    assert str(refused.value) == "@desk/widget@1.2.3: the tarball fails its integrity"
    assert list(tmp_path.iterdir()) == []


def test_a_registry_publishing_another_integrity_is_refused(
    registry: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    tarball = _tarball({"dist/widget.js": b"widget();\n", "LICENSE": b"MIT\n"})
    base = _publish(registry, monkeypatch, tarball, vendored.sri(tarball, "sha512"))
    registry["/@desk/widget/1.2.3"] = json.dumps({"dist": {"integrity": "sha512-other"}}).encode()

    with pytest.raises(SystemExit) as refused:
        vendored.main(["--registry", base, "--into", str(tmp_path)])

    assert str(refused.value) == (
        "@desk/widget@1.2.3: the registry now publishes integrity sha512-other, not the pinned "
        + vendored.sri(tarball, "sha512")
    )
    assert list(tmp_path.iterdir()) == []
