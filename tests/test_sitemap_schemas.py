"""The vendored sitemap schemas: what is committed matches its manifest, offline, and the
script that re-fetches them writes only what matches a pinned digest."""

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from tests import servers, sitemap_schemas


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Overrides the suite's: nothing here touches the database."""


def test_each_vendored_schema_matches_its_manifest_and_the_rest_are_datelines_own() -> None:
    entries = sitemap_schemas.manifest()
    on_disk = {path.name for path in sitemap_schemas.FOLDER.iterdir() if path.is_file()}

    assert sitemap_schemas.differing() == []
    assert sitemap_schemas.main(["--check"]) == 0
    assert set(entries) == {"sitemap.xsd", "siteindex.xsd", "sitemap-news.xsd"}
    assert {name for name in on_disk - set(entries) if name.endswith(".xsd")} == {
        "dateline-xhtml-link.xsd",
        "dateline-urlset.xsd",
        "dateline-news-urlset.xsd",
    }
    for name in on_disk - {"README.md", "manifest.json"}:  # each a schema lxml takes
        etree.XMLSchema(etree.parse(str(sitemap_schemas.FOLDER / name)))


def test_an_edited_or_missing_copy_fails_the_check(tmp_path: Path) -> None:
    for name in [*sitemap_schemas.manifest(), "manifest.json"]:
        (tmp_path / name).write_bytes((sitemap_schemas.FOLDER / name).read_bytes())
    (tmp_path / "sitemap.xsd").write_bytes(b"<xsd:schema/>")
    (tmp_path / "siteindex.xsd").unlink()

    assert sitemap_schemas.differing(tmp_path) == ["sitemap.xsd", "siteindex.xsd"]
    assert sitemap_schemas.main(["--check", "--into", str(tmp_path)]) == 1


@pytest.fixture
def mirror() -> Iterator[dict[str, bytes]]:
    """A copy of the schema sites on loopback: the test puts paths and bodies in the dict."""
    with servers.files_served() as served:
        yield served


def _publish(mirror: dict[str, bytes], into: Path, bodies: dict[str, bytes]) -> str:
    """Serves `bodies` at their files' canonical paths; copies the manifest into `into`."""
    (into / "manifest.json").write_bytes(sitemap_schemas.MANIFEST.read_bytes())
    for name, entry in sitemap_schemas.manifest().items():
        mirror[urllib.parse.urlsplit(entry["url"]).path] = bodies[name]
    return mirror["base"].decode()


def test_schemas_published_as_pinned_are_written(mirror: dict[str, bytes], tmp_path: Path) -> None:
    published = {
        name: (sitemap_schemas.FOLDER / name).read_bytes() for name in sitemap_schemas.manifest()
    }
    base = _publish(mirror, tmp_path, published)

    wrote = sitemap_schemas.main(["--mirror", base, "--into", str(tmp_path)])

    assert wrote == 0
    assert sitemap_schemas.differing(tmp_path) == []
    assert {name: (tmp_path / name).read_bytes() for name in published} == published


def test_a_schema_changed_upstream_is_refused_and_nothing_is_written(
    mirror: dict[str, bytes], tmp_path: Path
) -> None:
    published = {
        name: (sitemap_schemas.FOLDER / name).read_bytes() for name in sitemap_schemas.manifest()
    }
    news = published["sitemap-news.xsd"]
    changed = news.replace(b"Required.", b"Optional.", 1)
    base = _publish(mirror, tmp_path, {**published, "sitemap-news.xsd": changed})

    with pytest.raises(SystemExit) as refused:
        sitemap_schemas.main(["--mirror", base, "--into", str(tmp_path)])

    assert str(refused.value) == (
        "sitemap-news.xsd: https://www.google.com/schemas/sitemap-news/0.9/sitemap-news.xsd "
        f"now publishes sha256 {sitemap_schemas.sha256(changed)}, not the pinned "
        f"{sitemap_schemas.sha256(news)}"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["manifest.json"]


def test_a_refusal_says_when_only_the_line_endings_changed(
    mirror: dict[str, bytes], tmp_path: Path
) -> None:
    published = {
        name: (sitemap_schemas.FOLDER / name).read_bytes() for name in sitemap_schemas.manifest()
    }
    crlf = published["siteindex.xsd"].replace(b"\n", b"\r\n")
    base = _publish(mirror, tmp_path, {**published, "siteindex.xsd": crlf})
    (tmp_path / "siteindex.xsd").write_bytes(published["siteindex.xsd"])

    with pytest.raises(SystemExit) as refused:
        sitemap_schemas.main(["--mirror", base, "--into", str(tmp_path)])

    assert str(refused.value).endswith("(the same text with other line endings)")
    assert (tmp_path / "siteindex.xsd").read_bytes() == published["siteindex.xsd"]
