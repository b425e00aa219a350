"""PostgreSQL stopped for 5 s under a mixed load: coded 503s, no 500, no lost write.

The test makes a PostgreSQL cluster of its own (tests.servers.PostgresServer), serves the
demo newsroom from it with a real `dateline serve`, and runs a bounded load of readers,
API-token readers, preview-link readers, editors and readiness probes against it. Halfway
it stops the cluster (a fast shutdown, as in a restart or failover), waits 5 s, and starts
it again. Every answer must be a 200 without errors, or a 503 SERVICE_UNAVAILABLE with
Retry-After; each kind of caller must be served again within a second of PostgreSQL; every
write the server acknowledged must be in the article's history; and the server's log of
the outage must stay a few lines a second.
"""

import asyncio
import base64
import json
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from tortoise.backends.asyncpg.client import AsyncpgDBClient

from demo import content
from tests import servers
from tests.desk import PREFLIGHT

OUTAGE_SECONDS = 5.0
BEFORE_SECONDS = 2.0
AFTER_SECONDS = 3.0
ADMIN = ("chief@newsroom.test", "a long enough password")
# What no edit of an article changes: once cached, served through the outage.
SECTIONS = "query($locale: String) { sections(locale: $locale) { slug name } }"
STORY = "query($slug: String!) { article(slug: $slug) { id headline version } }"
RETITLE = """mutation($id: ID!, $v: Int!, $h: String!) {
  updateArticle(id: $id, expectedVersion: $v, input: {headline: $h}) {
    __typename
    ... on Article { version }
    ... on ConflictError { currentVersion }
  }
}"""


@dataclass
class Answer:
    kind: str
    at: float  # loop time
    status: int
    code: str | None
    retry_after: str | None
    local_port: int | None


@dataclass
class Load:
    answers: list[Answer] = field(default_factory=list)
    acknowledged: list[tuple[str, int, str]] = field(default_factory=list)  # id, version, headline
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def record(self, kind: str, response: httpx.Response) -> dict[str, Any] | None:
        """Notes the answer; its JSON body when it is a 200 without errors."""
        code = None
        body: dict[str, Any] | None = None
        if response.headers.get("content-type", "").startswith("application/json"):
            body = response.json()
            errors = (body or {}).get("errors") or [{}]
            code = (
                errors[0].get("extensions", {}).get("code", "UNCODED")
                if "errors" in (body or {})
                else None
            )
        stream = response.extensions.get("network_stream")
        sockname = stream.get_extra_info("sockname") if stream is not None else None
        self.answers.append(
            Answer(
                kind,
                asyncio.get_running_loop().time(),
                response.status_code,
                code,
                response.headers.get("retry-after"),
                sockname[1] if sockname else None,
            )
        )
        return body if response.status_code == 200 and code is None else None


def graphql(query: str, **variables: Any) -> dict[str, Any]:
    return {"query": query, "variables": variables}


async def reader(base: str, load: Load, kind: str, headers: dict[str, str]) -> None:
    """Anonymous: the sections (soon cached), then a story that is not there (never
    cached); with a token: the story."""
    async with httpx.AsyncClient(base_url=base, headers=PREFLIGHT | headers, timeout=15) as client:
        n = 0
        while not load.stop.is_set():
            n += 1
            if kind != "anonymous":
                request, seen = graphql(STORY, slug=content.STORY_SLUG), kind
            elif n % 2:
                request, seen = graphql(SECTIONS, locale="en"), "cached page"
            else:
                request, seen = graphql(STORY, slug=f"not-there-{n}"), "anonymous"
            load.record(seen, await client.post("/graphql", json=request))
            await asyncio.sleep(0.02)


async def editor(base: str, load: Load, token: str, slug: str) -> None:
    """Retitles one article again and again, from the version it last read."""
    auth = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=PREFLIGHT | auth, timeout=15) as client:
        n = 0
        while not load.stop.is_set():
            body = load.record(
                "account", await client.post("/graphql", json=graphql(STORY, slug=slug))
            )
            if body is None or body["data"]["article"] is None:
                await asyncio.sleep(0.05)
                continue
            article = body["data"]["article"]
            n += 1
            headline = f"{slug} edit {n}"
            request = graphql(RETITLE, id=article["id"], v=article["version"], h=headline)
            written = load.record("account", await client.post("/graphql", json=request))
            if written is not None and written["data"]["updateArticle"]["__typename"] == "Article":
                version = written["data"]["updateArticle"]["version"]
                load.acknowledged.append((article["id"], version, headline))
            await asyncio.sleep(0.02)


async def prober(base: str, load: Load) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=15) as client:
        while not load.stop.is_set():
            load.record("readyz", await client.get("/readyz"))
            await asyncio.sleep(0.1)


async def uploader(base: str, load: Load, token: str) -> None:
    """An editor's picture upload, now and then."""
    auth = {"authorization": f"Bearer {token}"}
    operations = {
        "query": "mutation($f: Upload!) { uploadImage(file: $f, input: {}) { __typename } }",
        "variables": {"f": None},
    }
    async with httpx.AsyncClient(base_url=base, headers=PREFLIGHT | auth, timeout=15) as client:
        while not load.stop.is_set():
            response = await client.post(
                "/graphql",
                data={
                    "operations": json.dumps(operations),
                    "map": json.dumps({"0": ["variables.f"]}),
                },
                files={"0": ("photo.jpg", b"not a picture", "image/jpeg")},
            )
            load.record("upload", response)
            await asyncio.sleep(0.25)


async def setup(base: str) -> tuple[str, str, str]:
    """An account's access token, an API token and a preview link of a draft."""
    async with httpx.AsyncClient(base_url=base, headers=PREFLIGHT, timeout=15) as client:
        login = await client.post(
            "/graphql",
            json=graphql(
                "mutation($e: String!, $p: String!) "
                "{ login(email: $e, password: $p) { ... on Session { accessToken } } }",
                e=ADMIN[0],
                p=ADMIN[1],
            ),
        )
        access = login.json()["data"]["login"]["accessToken"]
        auth = {"authorization": f"Bearer {access}"}
        made = await client.post(
            "/graphql",
            json=graphql(
                'mutation { createApiToken(name: "frontend", scopes: [CONTENT_READ])'
                " { ... on NewApiToken { secret } } }"
            ),
            headers=auth,
        )
        api = made.json()["data"]["createApiToken"]["secret"]
        story = await client.post(
            "/graphql", json=graphql(STORY, slug=content.STORY_SLUG), headers=auth
        )
        link = await client.post(
            "/graphql",
            json=graphql(
                "mutation($id: ID!) { createPreviewToken(articleId: $id)"
                " { ... on PreviewToken { token } } }",
                id=story.json()["data"]["article"]["id"],
            ),
            headers=auth,
        )
        preview = link.json()["data"]["createPreviewToken"]["token"]
    return access, api, preview


@pytest.fixture
async def postgres() -> AsyncIterator[servers.PostgresServer]:
    server = servers.PostgresServer()
    try:
        await server.create()
        yield server
    finally:
        await server.remove()


async def history(url: str) -> dict[str, dict[int, str]]:
    """Every article's versions, with their headlines, as the database keeps them."""
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT article_id, version, snapshot FROM revision")
    finally:
        await connection.close()
    versions: dict[str, dict[int, str]] = {}
    for row in rows:
        article_id = base64.b64encode(f"Article:{row['article_id']}".encode()).decode()
        versions.setdefault(article_id, {})[row["version"]] = json.loads(row["snapshot"])[
            "headline"
        ]
    return versions


async def test_postgresql_stopped_under_load_gives_coded_503s_and_loses_no_write(
    tmp_path: Path, postgres: servers.PostgresServer
) -> None:
    env = servers.environment(
        DATELINE_DATABASE_URL=postgres.url,
        # The load comes from one address, one account and one token.
        DATELINE_RATE_BURST_PER_ADDRESS="1000000",
        DATELINE_RATE_BURST_PER_ACCOUNT="1000000",
        DATELINE_RATE_BURST_PER_TOKEN="1000000",
    )
    code, output = await servers.dateline(tmp_path, env, "demo")
    assert code == 0, output
    code, output = await servers.dateline(
        tmp_path, env, "create-user", "--email", ADMIN[0], "--role", "admin", stdin=ADMIN[1] + "\n"
    )
    assert code == 0, output
    loop = asyncio.get_running_loop()

    async with servers.serving(tmp_path, env) as (base, _):
        access, api, preview = await setup(base)
        load = Load()
        slugs = [content.STORY_SLUG, "port-cities-raise-quays"]
        tasks = [
            asyncio.create_task(reader(base, load, "anonymous", {})),
            asyncio.create_task(reader(base, load, "anonymous", {})),
            asyncio.create_task(
                reader(base, load, "api token", {"authorization": f"Bearer {api}"})
            ),
            asyncio.create_task(
                reader(base, load, "preview link", {"authorization": f"Bearer {preview}"})
            ),
            *(asyncio.create_task(editor(base, load, access, slug)) for slug in slugs),
            asyncio.create_task(prober(base, load)),
            asyncio.create_task(uploader(base, load, access)),
        ]
        await asyncio.sleep(BEFORE_SECONDS)
        stopped_at = loop.time()
        await postgres.stop()
        await asyncio.sleep(OUTAGE_SECONDS)
        await postgres.start()
        back_at = loop.time()
        await asyncio.sleep(AFTER_SECONDS)
        load.stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 30)
    versions = await history(postgres.url)
    [log_path] = await asyncio.to_thread(lambda: list(tmp_path.glob("server-*.log")))
    log = await asyncio.to_thread(log_path.read_text)

    outcomes = Counter((a.kind, a.status, a.code, a.retry_after) for a in load.answers)
    during = [a for a in load.answers if stopped_at + 0.2 < a.at < back_at]
    first_back = {
        kind: min(
            (a.at for a in load.answers if a.kind == kind and a.at > back_at and a.status == 200),
            default=None,
        )
        for kind in {a.kind for a in load.answers}
    }
    print(f"answers: {dict(outcomes)}")
    print(
        f"served again after PostgreSQL, s: { {k: round(v - back_at, 3) for k, v in first_back.items() if v} }"
    )

    # Nothing but a clean 200 or a coded 503 with Retry-After, whoever asked.
    assert {(status, code, retry) for _, status, code, retry in outcomes} <= {
        (200, None, None),
        (503, "SERVICE_UNAVAILABLE", "1"),
    }
    # Everyone who needed the database met the outage, Bearer tokens included; the
    # homepage was still served from the cache.
    assert {a.kind for a in during if a.status == 503} == {
        "anonymous",
        "api token",
        "preview link",
        "account",
        "readyz",
        "upload",
    }
    assert {a.status for a in during if a.kind == "cached page"} == {200}
    # Served again within a second of PostgreSQL.
    assert all(v is not None and v - back_at < 1.0 for v in first_back.values()), first_back
    # The keep-alive connection of the API token's reader was never dropped.
    assert len({a.local_port for a in load.answers if a.kind == "api token"}) == 1
    # Every acknowledged write is in its article's history, as written.
    assert load.acknowledged
    for article_id, version, headline in load.acknowledged:
        assert versions[article_id].get(version) == headline
    # The log of the outage: a few lines a second, no traceback.
    assert "Traceback" not in log
    assert len(log.splitlines()) < 5 * (OUTAGE_SECONDS + BEFORE_SECONDS + AFTER_SECONDS), log[
        -3000:
    ]


async def test_a_transaction_whose_begin_fails_gives_its_connection_back(
    postgres: servers.PostgresServer,
) -> None:
    """models.transactions: PostgreSQL stops answering while the pool's one connection
    is open, and BEGIN times out. The pool must still have its connection afterwards:
    without the fix the next transaction waits for it forever."""
    pool = AsyncpgDBClient(
        connection_name="outage",
        host="127.0.0.1",
        port=postgres.port,
        user="postgres",
        password="",
        database="postgres",
        minsize=1,
        maxsize=1,
        command_timeout=0.5,
        timeout=1,
    )
    await pool.create_connection(with_db=True)
    try:
        postgres.pause()
        with pytest.raises(TimeoutError):
            async with pool._in_transaction():
                pass
        postgres.resume()

        async with asyncio.timeout(10), pool._in_transaction() as transaction:
            answer = await transaction.execute_query_dict("SELECT 1 AS one")
    finally:
        postgres.resume()
        await pool.close()

    assert answer == [{"one": 1}]
