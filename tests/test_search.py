"""Search: published articles by their words, ranked, with escaped highlights."""

import base64
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from tortoise import connections

import models
from demo import content
from settings import Settings
from tests import factories
from tests.conftest import GraphQL
from tests.test_article_edits import bearer
from tests.test_cli import migrate_to
from tests.test_drafts import global_id
from tests.test_query_budget import _newsroom
from tests.test_response_cache import read

SEARCH = """query($q: String!, $first: Int!, $locale: String, $section: ID, $after: String) {
  search(query: $q, first: $first, locale: $locale, section: $section, after: $after) {
    totalCount
    edges { node { score highlight article { slug locale } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
FOUND = """query($q: String!, $locale: String) {
  search(query: $q, first: 10, locale: $locale) { edges { node { article { slug locale } } } }
}"""
UNPUBLISH = """mutation($id: ID!, $version: Int!) {
  unpublishArticle(id: $id, expectedVersion: $version) { __typename }
}"""


def postgres(settings: Settings) -> bool:
    return settings.database_url.startswith("postgres")


def found(body: dict[str, Any]) -> list[tuple[str, str]]:
    edges = body["data"]["search"]["edges"]
    return [(e["node"]["article"]["slug"], e["node"]["article"]["locale"]) for e in edges]


async def test_the_demo_story_is_found_by_a_body_word_in_english_and_russian(
    gql: GraphQL, demo: None, settings: Settings
) -> None:
    # The Russian body says "прибор" (a device); PostgreSQL's Russian stemming finds it
    # by the plural too. SQLite matches words as written.
    russian = "приборы" if postgres(settings) else "прибор"

    english = await gql(FOUND, q="suitcase", locale="en")
    translated = await gql(FOUND, q=russian, locale="ru")
    anywhere = await gql(FOUND, q=russian)

    assert found(english) == [(content.STORY_SLUG, "en")]
    assert found(translated) == [(content.STORY_SLUG, "ru")]
    assert found(anywhere) == [(content.STORY_SLUG, "ru")]


async def test_english_forms_and_operators_on_postgresql_words_as_written_on_sqlite(
    gql: GraphQL, demo: None, settings: Settings
) -> None:
    # The body says "report the sea level"; "reporting" is the same word to English.
    body = await gql(FOUND, q="gauges reporting", locale="en")
    written = await gql(FOUND, q="gauges report", locale="en")
    excluded = await gql(FOUND, q='"tide gauges" -suitcase', locale="en")
    only_exclusions = await gql(FOUND, q="-suitcase", locale="en")

    story = [(content.STORY_SLUG, "en")]
    assert found(written) == story
    if postgres(settings):
        assert found(body) == story
        assert found(excluded) == []
    else:  # FTS5 is given words only: no stemming, and "-" is no operator
        assert found(body) == []
        assert found(excluded) == story
    assert found(only_exclusions) == ([] if postgres(settings) else story)


async def test_a_whole_answer_ranks_escapes_and_marks(gql: GraphQL, settings: Settings) -> None:
    news = await factories.section(slug="news")
    tags = await factories.article(
        slug="tags",
        in_section=news,
        headline="The &lt;script&gt; tag &amp; <b>its</b> uses",
        blocks=["Browsers run a script tag at once."],
    )
    fonts = await factories.article(
        slug="fonts", in_section=news, headline="Fonts", blocks=["Script fonts are back."]
    )
    await factories.article(slug="draft", in_section=news, headline="Script", published_at=None)

    body = await gql(SEARCH, q="script", first=1)
    rest = await gql(
        SEARCH, q="script", first=5, after=body["data"]["search"]["pageInfo"]["endCursor"]
    )

    # PostgreSQL highlights a passage of headline, standfirst and body together; SQLite
    # the column that matched best. Scores are each database's own (ts_rank_cd; SQLite's
    # weighted count of matches).
    if postgres(settings):
        first_hit = "The &lt;<mark>script</mark>&gt; tag &amp; its uses Browsers run a <mark>script</mark> tag at once."
        scores = (1.2, 0.2)
        second_hit = "Fonts <mark>Script</mark> fonts are back."
    else:
        first_hit = "The &lt;<mark>script</mark>&gt; tag &amp; its uses"
        scores = (11.0, 1.0)  # the headline and the body; the body
        second_hit = "<mark>Script</mark> fonts are back."
    assert body == {
        "data": {
            "search": {
                "totalCount": 2,
                "edges": [
                    {
                        "node": {
                            "score": scores[0],
                            "highlight": first_hit,
                            "article": {"slug": "tags", "locale": "en"},
                        }
                    }
                ],
                # A keyset cursor: the order, the hit's score and its article's id.
                "pageInfo": {
                    "hasNextPage": True,
                    "endCursor": base64.urlsafe_b64encode(
                        orjson.dumps(["search", scores[0], tags.id])
                    ).decode(),
                },
            }
        },
        "extensions": {"cost": {"requested": 1, "limit": 10_000}, "sql": {"count": 2}},
    }
    assert rest["data"] == {
        "search": {
            "totalCount": 2,
            "edges": [
                {
                    "node": {
                        "score": scores[1],
                        "highlight": second_hit,
                        "article": {"slug": "fonts", "locale": "en"},
                    }
                }
            ],
            "pageInfo": {
                "hasNextPage": False,
                "endCursor": base64.urlsafe_b64encode(
                    orjson.dumps(["search", scores[1], fonts.id])
                ).decode(),
            },
        }
    }


async def test_drafts_are_never_found_and_unpublishing_removes_a_hit_at_once(
    client: httpx.AsyncClient, gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    story = await factories.article(slug="harbour", blocks=["The harbour wall holds."])
    await factories.article(slug="harbour-draft", blocks=["A harbour draft."], published_at=None)
    query = "query($q: String!) { search(query: $q, first: 10) { edges { node { article { slug } } } } }"

    before = await read(client, query, q="harbour")
    cached = await read(client, query, q="harbour")
    unpublished = await gql(
        UNPUBLISH, bearer=bearer(settings, editor), id=global_id("Article", story.id), version=1
    )
    after = await read(client, query, q="harbour")

    hit = {"search": {"edges": [{"node": {"article": {"slug": "harbour"}}}]}}
    assert unpublished["data"] == {"unpublishArticle": {"__typename": "Article"}}
    assert [(r.headers["x-cache"], r.json()["data"]) for r in (before, cached, after)] == [
        ("MISS", hit),
        ("HIT", hit),
        ("MISS", {"search": {"edges": []}}),
    ]
    assert "articles" in before.headers["surrogate-key"].split()
    assert f"a:{story.id}" in before.headers["surrogate-key"].split()


async def test_edits_bylines_and_tags_are_searchable_in_the_same_write(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    token = bearer(settings, editor)
    writer = await factories.author(name="Mele Tupou")
    label = await factories.tag(name="Fisheries")
    story = await factories.article(slug="catch", authors=[writer], tags=[label])

    by_name = await gql(FOUND, q="Tupou")
    by_tag = await gql(FOUND, q="fisheries")
    renamed = await gql(
        """mutation($id: ID!) { updateAuthor(id: $id, expectedVersion: 1,
             input: {name: "Mele Vake"}) { __typename } }""",
        bearer=token,
        id=global_id("Author", writer.id),
    )
    edited = await gql(
        """mutation($id: ID!) { updateArticle(id: $id, expectedVersion: 1,
             input: {headline: "Tuna quotas cut"}) { __typename } }""",
        bearer=token,
        id=global_id("Article", story.id),
    )
    old_name = await gql(FOUND, q="Tupou")
    new_name = await gql(FOUND, q="Vake")
    headline = await gql(FOUND, q="quotas")

    assert "errors" not in renamed
    assert "errors" not in edited
    assert found(by_name) == found(by_tag) == [("catch", "en")]
    assert found(old_name) == []
    assert found(new_name) == found(headline) == [("catch", "en")]


async def test_locale_and_section_narrow_the_hits(gql: GraphQL) -> None:
    news = await factories.section(slug="news")
    sport = await factories.section(slug="sport")
    await factories.article(slug="a", in_section=news, blocks=["Rowing news."])
    await factories.article(slug="b", in_section=sport, blocks=["Rowing results."])
    await factories.article(slug="c", in_section=news, locale="fr", blocks=["Rowing à Paris."])
    query = """query($section: ID, $locale: String) { search(query: "rowing", first: 10,
      section: $section, locale: $locale) { edges { node { article { slug } } } } }"""

    def slugs(body: dict[str, Any]) -> list[str]:
        return [e["node"]["article"]["slug"] for e in body["data"]["search"]["edges"]]

    everywhere = await gql(query)
    in_news = await gql(query, section=global_id("Section", news.id))
    in_news_en = await gql(query, section=global_id("Section", news.id), locale="en")
    not_a_section = await gql(query, section=global_id("Tag", news.id))

    assert sorted(slugs(everywhere)) == ["a", "b", "c"]
    assert slugs(in_news) == ["c", "a"]  # equal scores: the newer article first
    assert slugs(in_news_en) == ["a"]
    assert slugs(not_a_section) == []


EMPTY = {
    "search": {"totalCount": 0, "edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}
}


async def test_bad_queries_get_a_typed_answer_or_a_coded_error(gql: GraphQL) -> None:
    story = await factories.article(slug="tide", blocks=["King tide."])
    versions = [story.version]

    operators = await gql(SEARCH, q="&|!:*()", first=5)
    unbalanced = await gql(SEARCH, q='"king', first=5)
    control = await gql(SEARCH, q="king\x00\ue000tide", first=5)
    no_configuration = await gql(SEARCH, q="king", first=5, locale="ja")
    too_long = await gql(SEARCH, q="king " * 400, first=5)
    unknown_locale = await gql(SEARCH, q="king", first=5, locale="xx")
    too_many = await gql(SEARCH, q="king", first=1000)

    assert operators["data"] == EMPTY
    assert found(unbalanced) == found(control) == [("tide", "en")]
    assert no_configuration["data"] == EMPTY  # Japanese: a language of its own, searched
    for refused, message in (
        (too_long, "A search query is at most 500 characters, got 2000."),
        (unknown_locale, "Unknown locale 'xx'; known locales: ar, de, en, es, fr, ja, ru, zh."),
    ):
        assert refused["data"] is None
        assert [(e["message"], e["extensions"]) for e in refused["errors"]] == [
            (message, {"code": "BAD_USER_INPUT"})
        ]
    assert [(e["message"], e["extensions"]) for e in too_many["errors"]] == [
        (
            "`search(first: 1000)` is out of range: `first` must be from 1 to 100.",
            {"code": "CONNECTION_SIZE_OUT_OF_RANGE"},
        )
    ]
    # Nothing stored changed.
    assert [a.version for a in await models.Article.all()] == versions


async def test_a_japanese_story_is_found_by_its_words(gql: GraphQL) -> None:
    await factories.article(slug="kyoto", locale="ja", headline="京都 の 桜", blocks=["春 です。"])

    body = await gql(FOUND, q="京都", locale="ja")

    assert found(body) == [("kyoto", "ja")]


@pytest.mark.parametrize("first", [1, 20, 100])
async def test_a_search_page_runs_five_statements_whatever_its_size(
    gql: GraphQL, first: int
) -> None:
    await _newsroom(articles=104)
    query = """query($first: Int!) { search(query: "paragraph", first: $first) {
      totalCount
      edges { node { score highlight article { slug section { name } authors { name }
        leadImage { url } } } } } }"""

    body = await gql(query, first=first)

    assert "errors" not in body
    assert len(body["data"]["search"]["edges"]) == first
    assert body["data"]["search"]["totalCount"] == 104
    # hits (articles, scores, highlights), their count, sections, bylines, lead
    # captions with their pictures.
    assert body["extensions"]["sql"] == {"count": 5}


LIBRARY = "query($q: String) { images(search: $q, first: 20) { totalCount nodes { altText } } }"


async def test_the_picture_library_searches_the_same_index_captions_included(
    gql: GraphQL, settings: Settings
) -> None:
    editor = await factories.user(models.Role.EDITOR)
    token = bearer(settings, editor)
    reef = await factories.image(alt_text="Reef", description="Coral &amp; fish")
    wall = await factories.image(alt_text="Sea wall")
    story = await factories.article(lead=reef)
    await gql(  # the lead picture's caption mentions a place
        """mutation($id: ID!, $image: ID!) { setLeadImage(id: $id, expectedVersion: 1,
             image: {imageId: $image, caption: "Low tide at Funafuti"}) { __typename } }""",
        bearer=token,
        id=global_id("Article", story.id),
        image=global_id("Image", reef.id),
    )

    def alts(body: dict[str, Any]) -> list[str]:
        return [node["altText"] for node in body["data"]["images"]["nodes"]]

    by_caption = await gql(LIBRARY, bearer=token, q="funafuti")
    by_description = await gql(LIBRARY, bearer=token, q="fish coral")
    await gql(  # now the sea wall leads, with the caption
        """mutation($id: ID!, $image: ID!) { setLeadImage(id: $id, expectedVersion: 2,
             image: {imageId: $image, caption: "Low tide at Funafuti"}) { __typename } }""",
        bearer=token,
        id=global_id("Article", story.id),
        image=global_id("Image", wall.id),
    )
    moved = await gql(LIBRARY, bearer=token, q="funafuti")
    operators = await gql(LIBRARY, bearer=token, q="&|!:*()")
    everything = await gql(LIBRARY, bearer=token, q=None)
    too_long = await gql(LIBRARY, bearer=token, q="x" * 2000)

    assert alts(by_caption) == ["Reef"]
    assert alts(by_description) == ["Reef"]
    assert alts(moved) == ["Sea wall"]  # the reef's row lost the caption it no longer has
    assert operators["data"] == {"images": {"totalCount": 0, "nodes": []}}
    assert alts(everything) == ["Sea wall", "Reef"]
    assert [e["extensions"] for e in too_long["errors"]] == [{"code": "BAD_USER_INPUT"}]


async def test_trashing_hides_a_hit_and_purging_drops_its_row(
    gql: GraphQL, settings: Settings
) -> None:
    admin = await factories.user(models.Role.ADMIN)
    token = bearer(settings, admin)
    story = await factories.article(slug="dunes", blocks=["Dunes move."])
    article_id = global_id("Article", story.id)

    trashed = await gql(
        "mutation($id: ID!) { deleteArticle(id: $id, expectedVersion: 1) { __typename } }",
        bearer=token,
        id=article_id,
    )
    hidden = await gql(FOUND, q="dunes")
    purged = await gql(
        "mutation($id: ID!) { purgeArticle(id: $id, expectedVersion: 2) { __typename } }",
        bearer=token,
        id=article_id,
    )
    _, rows = await connections.get("default").execute_query("SELECT COUNT(*) FROM article_search")

    assert "errors" not in trashed
    assert "errors" not in purged
    assert found(hidden) == []
    assert rows[0][0] == 0  # SQLite's FTS5 table has no foreign key to cascade


def test_the_migration_indexes_what_a_newsroom_already_holds(tmp_path: Path) -> None:
    def migrate(*target: str) -> None:
        migrate_to(tmp_path, *target)

    migrate("models.0013_api_token_last_used")
    with closing(sqlite3.connect(tmp_path / "dateline.sqlite3")) as db, db:
        db.execute(
            "INSERT INTO section (slug, name, description, position, locale) "
            "VALUES ('world', 'World', '', 0, 'en')"
        )
        db.execute(
            "INSERT INTO author (slug, name, url, job_title, bio) VALUES ('a', 'Ana Lima', '', '', '')"
        )
        db.execute(
            "INSERT INTO article (slug, headline, standfirst, body, status, updated_at, "
            "created_at, locale, translation_group, seo_title, seo_description, editor_note, "
            "version, section_id) VALUES ('old', 'Old &amp; gold', '', "
            """'[{"type": "paragraph", "text": "Kept <em>whole</em>."}]', 'draft', """
            "'2026-01-01', '2026-01-01', 'en', 'x', '', '', '', 1, 1)"
        )
        db.execute("INSERT INTO article_author (article_id, author_id, position) VALUES (1, 1, 0)")
        db.execute(
            "INSERT INTO image (storage_key, width, height, mime_type, byte_size, alt_text, "
            "description, creator, credit_line, copyright_holder, usage_terms, focal_x, "
            "focal_y, copyright_notice, blurhash, dominant_color, version) VALUES "
            "('k.jpg', 10, 10, 'image/jpeg', 1, 'Gulls', '', '', '', '', '', 0.5, 0.5, '', '', '', 1)"
        )
        db.execute(
            "INSERT INTO caption (role, text, article_id, image_id) VALUES ('lead', 'At Nuku', 1, 1)"
        )
    migrate()

    with closing(sqlite3.connect(tmp_path / "dateline.sqlite3")) as db:
        articles = db.execute(
            "SELECT rowid, headline, body, names FROM article_search WHERE article_search MATCH 'lima'"
        ).fetchall()
        pictures = db.execute(
            "SELECT rowid, text FROM image_search WHERE image_search MATCH 'nuku'"
        ).fetchall()
    assert articles == [(1, "Old & gold", "Kept whole.", "Ana Lima")]
    assert pictures == [(1, "Gulls At Nuku")]


PAGED = """query($q: String!, $after: String) {
  search(query: $q, first: 2, after: $after) {
    edges { node { article { slug } } } pageInfo { hasNextPage endCursor }
  }
}"""


async def _walk(gql: GraphQL, query: str, between: Any = None) -> list[list[str]]:
    """Every page of a search, calling `between` after the first."""
    pages, after = [], None
    for _ in range(10):
        body = await gql(PAGED, q=query, after=after)
        pages.append([e["node"]["article"]["slug"] for e in body["data"]["search"]["edges"]])
        info = body["data"]["search"]["pageInfo"]
        if not info["hasNextPage"]:
            return pages
        after = info["endCursor"]
        if between is not None and len(pages) == 1:
            await between()
    raise AssertionError("more pages than stories")


async def test_search_pages_hold_every_hit_once_best_first(gql: GraphQL) -> None:
    news = await factories.section(slug="news")
    for n in range(5):  # the same text: tied scores, newest first
        await factories.article(slug=f"tide-{n}", in_section=news, blocks=["Tide gauges."])

    assert await _walk(gql, "tide") == [["tide-4", "tide-3"], ["tide-2", "tide-1"], ["tide-0"]]


async def test_a_story_published_between_search_pages_neither_shifts_nor_repeats_them(
    gql: GraphQL,
) -> None:
    news = await factories.section(slug="news")
    for n in range(4):
        await factories.article(slug=f"tide-{n}", in_section=news, blocks=["Tide gauges."])

    async def publish() -> None:
        await factories.article(slug="tide-new", in_section=news, blocks=["Tide gauges."])

    assert await _walk(gql, "tide", publish) == [["tide-3", "tide-2"], ["tide-1", "tide-0"]]
