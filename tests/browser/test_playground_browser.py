"""GraphiQL in a real Chromium against `dateline serve --demo`, with nothing beyond loopback.

Proves what the unit tests cannot: the pinned scripts run under our Content-Security-Policy,
an editor signed in with `dateline create-user` and `login` sends a real bearer token,
the page needs no other origin, and its run button reaches the real GraphQL endpoint.
"""

import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.async_api import ConsoleMessage, Route, async_playwright, expect

from tests import desk
from tests.servers import environment, serving

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_QUERY = REPO / "playground" / "example.graphql"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EDITOR = desk.EDITOR
LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { ... on Session { accessToken } }
}"""

# An init script runs before any page script, so it sees every violation from the start.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture(autouse=True)
def empty_database() -> None:
    """Overrides the suite's: the server below has its own database."""


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[str]:
    """`dateline serve --demo` in an empty directory, its defaults (a SQLite file there),
    and an editor made the way a newsroom makes its first one; yields its base URL."""
    env = environment()
    await desk.add_editor(tmp_path, env)
    async with serving(tmp_path, env, "--demo") as (base, _):
        yield base


def chromium() -> str:
    path = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if path is None:
        pytest.fail("install Debian's chromium package: apt-get install chromium")
    return path


async def test_graphiql_runs_the_example_query_offline_under_the_policy(server: str) -> None:
    async with httpx.AsyncClient(base_url=server) as client:
        signin = await client.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"email": EDITOR[0], "password": EDITOR[1]}},
        )
    token = f"Bearer {signin.json()['data']['login']['accessToken']}"
    off_host: list[str] = []
    console_errors: list[str] = []

    async def loopback_only(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            await route.continue_()
        else:
            off_host.append(route.request.url)
            await route.abort()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            context = await browser.new_context()
            await context.route("**/*", loopback_only)
            await context.add_init_script(RECORD_CSP_VIOLATIONS)
            page = await context.new_page()

            def record_console(message: ConsoleMessage) -> None:
                if message.type == "error":
                    console_errors.append(message.text)

            page.on("console", record_console)
            page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))

            response = await page.goto(f"{server}/graphql")
            assert response is not None
            assert response.status == 200
            assert response.headers["content-type"] == "text/html; charset=utf-8"

            # GraphiQL rendered, on the example query, with the headers editor on offer.
            execute = page.locator(".graphiql-execute-button")
            await expect(execute).to_be_visible(timeout=30_000)
            first_line = next(line for line in EXAMPLE_QUERY.read_text().splitlines() if line)
            await expect(page.locator(".graphiql-query-editor")).to_contain_text(first_line)
            # Beside it, one tab per step of the editing workflow, in order.
            await expect(page.locator(".graphiql-tab")).to_have_count(6)
            await expect(page.locator(".graphiql-tab").nth(1)).to_contain_text("Login")
            await expect(page.locator(".graphiql-tab").nth(5)).to_contain_text("Publish")
            await page.get_by_role("button", name="Headers").click()
            await page.locator(
                ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"
            ).evaluate(
                "(editor, token) => editor.CodeMirror.setValue("
                "JSON.stringify({Authorization: token}))",
                token,
            )

            async with page.expect_request(
                lambda request: (
                    request.method == "POST"
                    and urlsplit(request.url).path == "/graphql"
                    and "ArticlePage" in (request.post_data or "")
                )
            ) as sent:
                await execute.click()
            result_pane = page.locator(".graphiql-response .result-window")
            await expect(result_pane).to_contain_text('"data"', timeout=30_000)
            # The pane draws only the lines in view; the whole text is in its CodeMirror.
            shown = await result_pane.locator(".CodeMirror").evaluate(
                "(editor) => editor.CodeMirror.getValue()"
            )
            stored = await page.evaluate("() => JSON.stringify(window.localStorage)")
            violations = await page.evaluate("() => window.__cspViolations")
        finally:
            await browser.close()

    result: dict[str, Any] = json.loads(shown)
    assert "errors" not in result, result
    assert result["data"], result
    assert None not in result["data"].values(), result
    assert (await sent.value).headers.get("authorization") == token
    assert token not in stored, "the headers editor must not persist an editor's token"
    assert off_host == []
    assert violations == []
    assert console_errors == []
