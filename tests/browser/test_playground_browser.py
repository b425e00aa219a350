"""GraphiQL in a real Chromium against `dateline serve --demo`, with nothing beyond loopback.

Proves what the unit tests cannot: the vendored scripts run under our Content-Security-
Policy, an editor signs in through the playground's own panel (no token pasted anywhere),
the panel's token rides on every request and is renewed before it expires, the editing
tabs take a story with two bylines, a tag and a Russian version from draft to published,
and a reader then sees it all.
"""

import json
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.async_api import ConsoleMessage, Page, Request, Route, async_playwright, expect

from playground import tabs
from tests import desk
from tests.servers import environment, serving

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

# An init script runs before any page script, so it sees every violation from the start.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""
ACTIVE_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"


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


class Playground:
    """An editor at the page: picks a tab, fills its Variables, runs one of its operations."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.sent: list[Request] = []
        page.on("request", self._record)
        self.titles = ["ArticlePage", "Me", "Ids", "SetLeadImage", "SetBylines", "Draft", "Publish"]
        self.documents = dict(zip(self.titles, (tab["query"] for tab in tabs()), strict=True))

    @staticmethod
    def operation(request: Request) -> str | None:
        """The operation a request runs: its operationName, or its document's only one."""
        body = json.loads(request.post_data or "{}")
        names = re.findall(r"^(?:query|mutation) (\w+)", body.get("query", ""), re.M)
        name: str | None = body.get("operationName") or (names[0] if len(names) == 1 else None)
        return name

    def _record(self, request: Request) -> None:
        if request.method == "POST" and urlsplit(request.url).path == "/graphql":
            self.sent.append(request)

    async def open(self, title: str, variables: dict[str, Any] | None = None) -> None:
        # By place: GraphiQL renames a tab after the operation last run in it.
        tab = self.page.locator(".graphiql-tab").nth(self.titles.index(title))
        await tab.click()
        await expect(tab).to_have_class(re.compile(r"\bgraphiql-tab-active\b"))
        # A person's pause: GraphiQL re-binds Ctrl-Enter to the new tab's operation a few
        # renders after the switch, and a keypress before that runs the old tab's choice.
        # Nothing on the page shows when it is done; a person's next key comes far later.
        await self.page.wait_for_timeout(500)
        if variables is not None:
            await self.page.get_by_role("button", name="Variables").click()
            await self.page.locator(ACTIVE_EDITOR).evaluate(
                "(editor, text) => editor.CodeMirror.setValue(text)", json.dumps(variables)
            )

    async def run(self, title: str, operation: str) -> dict[str, Any]:
        """Runs `operation` of the tab's document; the data the page received."""
        lines = self.documents[title].splitlines()
        header = re.compile(rf"^(query|mutation) {operation}\b")
        inside = 1 + next(number for number, line in enumerate(lines) if header.match(line))
        # The cursor into the operation, as a click there would (CodeMirror draws only the
        # lines in view), then Ctrl-Enter: GraphiQL runs the operation under the cursor.
        await self.page.locator(".graphiql-query-editor .CodeMirror").evaluate(
            "(editor, line) => { editor.CodeMirror.focus(); "
            "editor.CodeMirror.setCursor({line, ch: 0}); }",
            inside,
        )
        async with self.page.expect_response(
            lambda response: (
                response.request.method == "POST"
                and urlsplit(response.url).path == "/graphql"
                and self.operation(response.request) == operation
            )
        ) as answered:
            await self.page.keyboard.press("Control+Enter")
        response = await answered.value
        assert response.status == 200, await response.text()
        body: dict[str, Any] = await response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    async def shown(self) -> Any:
        """The response pane's whole text (it draws only the lines in view)."""
        return json.loads(
            await self.page.locator(".graphiql-response .CodeMirror").evaluate(
                "(editor) => editor.CodeMirror.getValue()"
            )
        )

    async def authorization(self, operation: str) -> str | None:
        request = next(r for r in reversed(self.sent) if self.operation(r) == operation)
        return await request.header_value("authorization")


async def test_an_editor_signs_in_on_the_panel_and_publishes_a_story_in_two_languages(
    server: str,
) -> None:
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
            context = await browser.new_context(viewport={"width": 1400, "height": 900})
            await context.route("**/*", loopback_only)
            await context.add_init_script(RECORD_CSP_VIOLATIONS)
            page = await context.new_page()
            # The page's timers run on a clock the test moves, to see the token renewed.
            await page.clock.install()

            def record_console(message: ConsoleMessage) -> None:
                if message.type == "error":
                    console_errors.append(message.text)

            page.on("console", record_console)
            page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
            desk_ = Playground(page)

            response = await page.goto(f"{server}/graphql")
            assert response is not None
            assert (response.status, response.headers["content-type"]) == (
                200,
                "text/html; charset=utf-8",
            )
            # GraphiQL rendered: the example, then one tab per step of the editing workflow.
            await expect(page.locator(".graphiql-execute-button")).to_be_visible(timeout=30_000)
            await expect(page.locator(".graphiql-tab-button")).to_have_text(desk_.titles)

            # Signed out, Me is null.
            await desk_.open("Me")
            signed_out = await desk_.run("Me", "Me")

            # Sign in on the panel.
            await page.get_by_role("button", name="Show Sign in").click()
            await page.get_by_label("Email").fill(EDITOR[0])
            await page.get_by_label("Password").fill(EDITOR[1])
            await page.get_by_role("button", name="Sign in", exact=True).click()
            await expect(page.locator(".dateline-signed-in-as")).to_have_text(
                f"desk ({EDITOR[0]}), editor"
            )
            me = await desk_.run("Me", "Me")
            first_token = await desk_.authorization("Me")

            # Step 2: the ids, then the draft.
            await desk_.open("Ids")
            ids = await desk_.run("Ids", "Ids")
            authors = [ids["authors"][2], ids["authors"][0]]
            image_id = ids["article"]["leadImage"]["image"]["id"]
            await desk_.open("Ids", {"sectionId": ids["section"]["id"]})
            draft = (await desk_.run("Ids", "CreateDraft"))["createArticle"]
            article_id = draft["id"]

            # Step 3: the lead picture and the body.
            body_variables = {
                "id": article_id,
                "version": 1,
                "imageId": image_id,
                "storyId": ids["article"]["id"],
            }
            await desk_.open("SetLeadImage", body_variables)
            lead = (await desk_.run("SetLeadImage", "SetLeadImage"))["setLeadImage"]
            await desk_.open("SetLeadImage", body_variables | {"version": 2})
            body = (await desk_.run("SetLeadImage", "SetBody"))["setArticleBody"]

            # The access token is renewed a minute before it runs out (after 14 of 15 minutes).
            async with page.expect_response(
                lambda response: "PlaygroundRefresh" in (response.request.post_data or "")
            ) as renewal:
                await page.clock.fast_forward("14:01")
            assert (await renewal.value).status == 200
            await expect(page.locator(".dateline-signed-in-as")).to_be_visible()
            await desk_.open("Me")
            renewed_me = await desk_.run("Me", "Me")
            second_token = await desk_.authorization("Me")

            # Step 4: two bylines, a tag, the Russian version and its picture.
            bylines_variables = {
                "id": article_id,
                "version": 3,
                "authorIds": [author["id"] for author in authors],
                "tagIds": [ids["tags"][2]["id"]],
                "russianSectionId": ids["russianSection"]["id"],
                "imageId": image_id,
            }
            await desk_.open("SetBylines", bylines_variables)
            bylines = (await desk_.run("SetBylines", "SetBylines"))["setArticleAuthors"]
            await desk_.open("SetBylines", bylines_variables | {"version": 4})
            tagged = (await desk_.run("SetBylines", "SetTags"))["setArticleTags"]
            russian = (await desk_.run("SetBylines", "Translate"))["createArticle"]
            await desk_.open("SetBylines", bylines_variables | {"translationId": russian["id"]})
            picture = (await desk_.run("SetBylines", "TranslationPicture"))["setLeadImage"]

            # Step 5: the preview, signed in.
            await desk_.open("Draft")
            preview = (await desk_.run("Draft", "Draft"))["article"]

            # Step 6: publish both, sign out, and read the story as the public does.
            await desk_.open("Publish", {"id": article_id, "version": 5})
            published = (await desk_.run("Publish", "Publish"))["publishArticle"]
            await desk_.open("Publish", {"id": russian["id"], "version": 2})
            russian_published = (await desk_.run("Publish", "Publish"))["publishArticle"]
            await page.get_by_role("button", name="Sign out").click()
            await expect(page.get_by_label("Email")).to_be_visible()
            public = await desk_.run("Publish", "Public")
            public_shown = (await desk_.shown())["data"]
            public_authorization = await desk_.authorization("Public")

            # The Explorer builds queries from the schema: its root fields are listed.
            await page.get_by_role("button", name="Show GraphiQL Explorer").click()
            await expect(page.locator(".graphiql-explorer-root")).to_contain_text("articles")

            stored = await page.evaluate("() => JSON.stringify(window.localStorage)")
            violations = await page.evaluate("() => window.__cspViolations")
        finally:
            await browser.close()

    headline = "Sea levels around the islands rose faster this decade"
    russian_headline = "Уровень моря у островов за десятилетие рос быстрее"
    names = [{"name": author["name"]} for author in authors]
    assert signed_out == {"me": None}
    assert me == renewed_me == {"me": {"email": EDITOR[0], "displayName": "desk", "role": "EDITOR"}}
    # Two different access tokens, both sent as Bearer: the first, and the renewed one.
    assert [token.split(" ")[0] for token in (first_token or "", second_token or "")] == [
        "Bearer",
        "Bearer",
    ]
    assert first_token != second_token
    assert draft == {
        "__typename": "Article",
        "id": article_id,
        "slug": "sea-level-report",
        "version": 1,
    }
    assert (lead["version"], body["version"]) == (2, 3)
    assert bylines == {"__typename": "Article", "version": 4, "authors": names}
    assert tagged == {"__typename": "Article", "version": 5, "tags": [{"name": "Oceans"}]}
    assert russian == {
        "__typename": "Article",
        "id": russian["id"],
        "locale": "ru",
        "version": 1,
        "translations": [{"locale": "en", "headline": headline}],
    }
    assert picture["version"] == 2
    assert (preview["headline"], preview["authors"]) == (headline, names)
    assert (published["version"], russian_published["version"]) == (6, 3)
    assert (
        public
        == public_shown
        == {
            "article": {
                "headline": headline,
                "publishedAt": published["publishedAt"],
                "authors": names,
                "tags": [{"name": "Oceans"}],
                "translations": [{"locale": "ru", "headline": russian_headline}],
            }
        }
    )
    assert public_authorization is None
    for token in (first_token or "", second_token or ""):
        assert token.removeprefix("Bearer ") not in stored
    assert off_host == []
    assert violations == []
    assert console_errors == []
