"""The third-party files the playground serves: which npm releases they come from, and the
script that re-fetches them.

No Python package ships a current GraphiQL, so its files are committed under
playground/static/vendor/ with their licences. `python -m playground.vendored` fetches each
release below from the npm registry by exact version, checks the tarball against the
integrity pinned here (the registry's own `dist.integrity`, recorded when the release was
chosen), and only then copies the listed files and writes manifest.json, the SHA-256 of
each served file that the server and the browser check. `--check` does the same without
writing and fails if a committed file differs from the published one.

To move to a new release: change its version and integrity here (`npm view
graphiql@X dist.integrity`), run the script, and commit what it wrote.
"""

import argparse
import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path
from typing import Final, NamedTuple

VENDOR: Final = Path(__file__).parent / "static" / "vendor"
MANIFEST: Final = VENDOR / "manifest.json"
REGISTRY: Final = "https://registry.npmjs.org"


class Release(NamedTuple):
    name: str
    version: str
    integrity: str  # the tarball's, as the registry publishes it
    files: dict[str, str]  # path in the tarball -> the name we serve it by
    licence: str  # path of the licence file in the tarball


RELEASES: Final = (
    Release(
        "react",
        "18.3.1",
        "sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==",
        {"umd/react.production.min.js": "react.production.min.js"},
        "LICENSE",
    ),
    Release(
        "react-dom",
        "18.3.1",
        "sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==",
        {"umd/react-dom.production.min.js": "react-dom.production.min.js"},
        "LICENSE",
    ),
    Release(
        "graphiql",
        "4.1.2",
        "sha512-rNlzQIAzm6i2KBXmVQWBgLvt0TloxFVB2d18bukvdsvjEuFDHsKx5IVOomL1W1o5WW+tE54+ioHb2AEKzO2cUg==",
        {"graphiql.min.js": "graphiql.min.js", "graphiql.min.css": "graphiql.min.css"},
        "LICENSE",
    ),
    # The Explorer's tarball has no licence file (its package.json says MIT, and it lives in
    # GraphiQL's repository, under GraphiQL's licence above). Its UMD bundle includes
    # graphiql-explorer, whose own release is fetched for its licence only.
    Release(
        "@graphiql/plugin-explorer",
        "4.0.6",
        "sha512-TppIi92YPER3v70nlF01KTQrq9AiYqkZicSd1hpU7aqGmbqw/pLwBNLUEcfENBoJtw574Qxjswb01+GaYK0Tzw==",
        {
            "dist/index.umd.js": "graphiql-plugin-explorer.umd.js",
            "dist/style.css": "graphiql-plugin-explorer.css",
        },
        "",
    ),
    Release(
        "graphiql-explorer",
        "0.9.0",
        "sha512-fZC/wsuatqiQDO2otchxriFO0LaWIo/ovF/CQJ1yOudmY0P7pzDiP+l9CEHUiWbizk3e99x6DQG4XG1VxA+d6A==",
        {},
        "LICENSE",
    ),
)


def sri(data: bytes, algorithm: str = "sha256") -> str:
    """The Subresource Integrity value of `data` (also npm's form of `dist.integrity`)."""
    digest = hashlib.new(algorithm, data).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode('ascii')}"


def tarball_url(release: Release, registry: str = REGISTRY) -> str:
    # Scoped packages keep their scope in the path and drop it from the file name.
    base = release.name.rsplit("/", 1)[-1]
    return f"{registry}/{release.name}/-/{base}-{release.version}.tgz"


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (https or a mirror)
        data: bytes = response.read()
    return data


def fetched(release: Release, registry: str = REGISTRY) -> dict[str, bytes]:
    """The release's listed files and licence, from a tarball that matched its integrity."""
    published = json.loads(_get(f"{registry}/{release.name}/{release.version}"))["dist"]
    if published["integrity"] != release.integrity:
        raise SystemExit(
            f"{release.name}@{release.version}: the registry now publishes integrity "
            f"{published['integrity']}, not the pinned {release.integrity}"
        )
    tarball = _get(tarball_url(release, registry))
    algorithm = release.integrity.split("-", 1)[0]
    if sri(tarball, algorithm) != release.integrity:
        raise SystemExit(f"{release.name}@{release.version}: the tarball fails its integrity")
    wanted = {**release.files}
    if release.licence:
        wanted[release.licence] = licence_name(release)
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for path, served in wanted.items():
            member = archive.extractfile(f"package/{path}")
            if member is None:
                raise SystemExit(f"{release.name}@{release.version}: {path} is not a file")
            found[served] = member.read()
    return found


def licence_name(release: Release) -> str:
    return f"licences/{release.name.replace('/', '__')}-{release.version}.LICENSE"


def manifest(files: dict[str, tuple[Release, bytes]]) -> dict[str, dict[str, str]]:
    return {
        served: {"release": f"{release.name}@{release.version}", "integrity": sri(data)}
        for served, (release, data) in sorted(files.items())
        if not served.startswith("licences/")
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.vendored", description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="compare with the committed files; write nothing"
    )
    parser.add_argument("--registry", default=REGISTRY, help="an npm registry or its mirror")
    parser.add_argument("--into", type=Path, default=VENDOR, help="default: %(default)s")
    args = parser.parse_args(argv)
    check, into = args.check, args.into
    files = {
        served: (release, data)
        for release in RELEASES
        for served, data in fetched(release, args.registry).items()
    }
    wanted = {served: data for served, (_, data) in files.items()}
    wanted["manifest.json"] = (json.dumps(manifest(files), indent=2) + "\n").encode()
    if check:
        differ = [
            served
            for served, data in wanted.items()
            if not (into / served).exists() or (into / served).read_bytes() != data
        ]
        for served in differ:
            print(f"differs from the published release: {into / served}")
        return 1 if differ else 0
    for served, data in wanted.items():
        target = into / served
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
