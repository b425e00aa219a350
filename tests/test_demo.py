"""The demo newsroom a newcomer explores: enough of a desk to try every feature on."""

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import httpx
import pytest

import models
from tests import servers
from tests.conftest import GraphQL


async def test_the_demo_is_a_desk_in_three_languages(demo: None, gql: GraphQL) -> None:
    published = await models.Article.filter(status=models.ArticleStatus.PUBLISHED)
    articles = await models.Article.all()
    sections = {(s.slug, s.locale): s for s in await models.Section.all()}
    tree = await gql(
        """{ ru: section(slug: "asia-pacific", locale: "ru") { name parent { name }
               translations { locale } }
             world: section(slug: "world") { translations { locale } } }"""
    )
    shapes = {
        (a.slug, a.locale): (
            await models.Caption.filter(article_id=a.id, role=models.CaptionRole.LEAD).count(),
            await models.RelatedStory.filter(article_id=a.id).count(),
        )
        for a in published
    }

    assert len(articles) >= 30
    assert {a.locale for a in articles} == {"en", "ru", "fr"}
    assert {slug for slug, _ in sections} >= {
        "world",
        "asia-pacific",
        "europe",
        "business",
        "science",
        "sport",
    }
    assert sections["europe", "en"].parent_id == sections["world", "en"].id
    assert tree["data"] == {
        "ru": {
            "name": "Азия и Тихий океан",
            "parent": {"name": "Мир"},
            "translations": [{"locale": "en"}, {"locale": "fr"}],
        },
        "world": {"translations": [{"locale": "fr"}, {"locale": "ru"}]},
    }
    assert set(shapes.values()) == {(1, 3)}  # every published story: a lead and three teasers
    assert sum(a.status == models.ArticleStatus.DRAFT for a in articles) >= 2
    assert sum(a.status == models.ArticleStatus.SCHEDULED for a in articles) == 1
    assert sum(a.embargoed_until is not None for a in articles) == 1
    translated = [a for a in published if a.locale != "en"]
    assert len(translated) >= 8


@pytest.mark.parametrize("production", [False, True])
async def test_serve_demo_prints_an_editor_account_in_development_only(
    tmp_path: Path, production: bool
) -> None:
    env = servers.environment(
        **({"DATELINE_ENV": "production", "DATELINE_SECRET_KEY": "s" * 40} if production else {})
    )
    async with servers.serving(tmp_path, env, "--demo") as (base, _):
        [log] = await asyncio.to_thread(lambda: list(tmp_path.glob("server-*.log")))
        text = await asyncio.to_thread(log.read_text)
        lines = [line for line in text.splitlines() if line.startswith("demo editor:")]
        signed_in = None
        if lines:
            email, _, password = lines[0].removeprefix("demo editor: ").partition(", password ")
            async with httpx.AsyncClient(base_url=base, timeout=10) as client:
                answer = await client.post(
                    "/graphql",
                    json={
                        "query": "mutation($e: String!, $p: String!) { login(email: $e,"
                        " password: $p) { __typename ... on Session { user { role } } } }",
                        "variables": {"e": email, "p": password.split(" ")[0]},
                    },
                )
            signed_in = answer.json()["data"]["login"]

    with closing(sqlite3.connect(tmp_path / "dateline.sqlite3")) as db:
        accounts = db.execute("SELECT email FROM account").fetchall()
    if production:
        assert (lines, accounts) == ([], [])
    else:
        assert accounts == [("desk@dateline.example",)]
        assert signed_in == {"__typename": "Session", "user": {"role": "EDITOR"}}
