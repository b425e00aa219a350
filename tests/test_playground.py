"""The playground page and its assets, served by a bare Starlette app (no database)."""

import json
import logging
from collections.abc import AsyncIterator, Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

import playground
from playground import assets

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
IMMUTABLE = "public, max-age=31536000, immutable"
JS = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Overrides the suite's: nothing here touches the database."""


@pytest.fixture(autouse=True)
def fresh_assets() -> Iterator[None]:
    """Each test reads and checks the files itself, as a new process would."""
    assets.load.cache_clear()
    yield
    assets.load.cache_clear()


def app(example_query: str) -> Starlette:
    return Starlette(
        routes=[
            Route(
                "/graphql",
                lambda r: playground.page(graphql_path="/graphql", example_query=example_query),
            ),
            *playground.routes(),
        ]
    )


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app("{ __typename }"))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


class Page(HTMLParser):
    """What a browser would load and run from the page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.loads: list[tuple[str, str, str | None]] = []  # (tag, url, integrity)
        self.inline_scripts: list[dict[str, str | None]] = []
        self.styled: list[str] = []  # tags carrying a style attribute, or <style> itself
        self.data_blocks: dict[str | None, str] = {}
        self.icon: str | None = None
        self._in_script: dict[str, str | None] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "style" or "style" in attributes:
            self.styled.append(tag)
        if tag == "script" and attributes.get("src") is not None:
            self.loads.append((tag, str(attributes["src"]), attributes.get("integrity")))
        elif tag == "script":
            self._in_script = attributes
            self.inline_scripts.append(attributes)
        if tag == "link" and attributes.get("rel") == "icon":
            self.icon = attributes.get("href")
        elif tag == "link" and attributes.get("href") is not None:
            self.loads.append((tag, str(attributes["href"]), attributes.get("integrity")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            key = self._in_script.get("id")
            self.data_blocks[key] = self.data_blocks.get(key, "") + data


async def test_page_is_html_under_a_same_origin_policy(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql")

    assert response.status_code == 200
    assert {
        name: response.headers.get(name)
        for name in (
            "content-type",
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
        )
    } == {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": CSP,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
    }


async def test_page_loads_only_our_files_each_with_a_matching_integrity(
    client: httpx.AsyncClient,
) -> None:
    page = Page((await client.get("/graphql")).text)

    assert [(tag, urlsplit(url).path) for tag, url, _ in page.loads] == [
        ("link", "/playground/graphiql.min.css"),
        ("link", "/playground/graphiql-plugin-explorer.css"),
        ("link", "/playground/playground.css"),
        ("script", "/playground/react.production.min.js"),
        ("script", "/playground/react-dom.production.min.js"),
        ("script", "/playground/graphiql.min.js"),
        ("script", "/playground/graphiql-plugin-explorer.umd.js"),
        ("script", "/playground/playground.js"),
    ]
    # An empty icon, so the browser asks for no /favicon.ico.
    assert page.icon == "data:,"
    for _, url, integrity in page.loads:
        parts = urlsplit(url)
        served = await client.get(url)
        assert (parts.scheme, parts.netloc, served.status_code) == ("", "", 200), url
        assert integrity == assets.integrity(served.content), url
    assert page.styled == []
    assert page.inline_scripts == [{"type": "application/json", "id": "dateline-playground"}]


async def test_the_page_pins_every_vendored_file(client: httpx.AsyncClient) -> None:
    page = Page((await client.get("/graphql")).text)

    pinned = {
        urlsplit(url).path.removeprefix("/playground/"): integrity
        for _, url, integrity in page.loads
        if "playground." not in url
    }
    assert pinned == assets.PINNED


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("graphiql.min.js", JS),
        ("graphiql.min.css", CSS),
        ("graphiql-plugin-explorer.umd.js", JS),
        ("graphiql-plugin-explorer.css", CSS),
        ("react.production.min.js", JS),
        ("react-dom.production.min.js", JS),
        ("playground.js", JS),
        ("playground.css", CSS),
    ],
)
async def test_assets_are_served_for_a_year_with_an_etag(
    client: httpx.AsyncClient, name: str, content_type: str
) -> None:
    response = await client.get(f"/playground/{name}")

    assert response.status_code == 200
    assert {
        header: response.headers.get(header)
        for header in ("content-type", "cache-control", "etag", "x-content-type-options")
    } == {
        "content-type": content_type,
        "cache-control": IMMUTABLE,
        "etag": f'"{assets.integrity(response.content)}"',
        "x-content-type-options": "nosniff",
    }


async def test_a_cached_copy_is_revalidated_without_a_body(client: httpx.AsyncClient) -> None:
    etag = (await client.get("/playground/playground.js")).headers["etag"]

    response = await client.get("/playground/playground.js", headers={"if-none-match": etag})

    assert (response.status_code, response.content, response.headers["etag"]) == (304, b"", etag)


@pytest.mark.parametrize(
    "path",
    [
        "/playground/",
        "/playground/nope.js",
        "/playground/manifest.json",  # beside the vendored files, but not one we serve
        "/playground/licences/graphiql-4.1.2.LICENSE",
        "/playground/vendor/graphiql.min.js",
        "/playground/page.py",
        "/playground/..%2fpage.py",
        "/playground/..%2F..%2Fpyproject.toml",
        "/playground/%2e%2e%2fassets.py",
        "/playground/static%2fplayground.js",
        "/playground/%2e%2e",
    ],
)
async def test_anything_else_is_not_found(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert response.status_code == 404


async def test_example_query_cannot_leave_its_data_block() -> None:
    query = '{ __typename } # </script><script>alert(1)</script><!-- <SCRIPT> "quoted" & more'
    transport = httpx.ASGITransport(app=app(query))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        text = (await client.get("/graphql")).text

    page = Page(text)

    assert page.inline_scripts == [{"type": "application/json", "id": "dateline-playground"}]
    assert json.loads(page.data_blocks["dateline-playground"]) == {
        "url": "/graphql",
        "query": query,
        "tabs": [{"query": query, "variables": ""}],
    }


def test_integrity_is_the_sri_sha256_value() -> None:
    assert assets.integrity(b"") == "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    assert assets.matches(b"", "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    assert not assets.matches(b"\n", "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")


async def test_a_file_that_is_not_the_pinned_one_is_refused(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    published = assets.PINNED["graphiql.min.js"]
    wrong = assets.integrity(b"another release")
    monkeypatch.setitem(assets.PINNED, "graphiql.min.js", wrong)

    refused = await client.get("/playground/graphiql.min.js")
    other = await client.get("/playground/react.production.min.js")

    assert (refused.status_code, refused.headers["cache-control"]) == (503, "no-store")
    assert other.status_code == 200
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records] == [
        (
            "playground.assets",
            logging.ERROR,
            f"playground asset graphiql.min.js does not match its pinned digest "
            f"(expected {wrong}, found {published}): it is not the vendored release "
            "(python -m playground.vendored --check says more); refusing to serve it",
        )
    ]
