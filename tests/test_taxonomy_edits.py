"""Sections, authors, tags and images' metadata: editors write them, nothing in use is deleted."""

import asyncio
import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest

import models
from resolvers import edits
from settings import Settings
from tests import factories
from tests.conftest import GraphQL
from tests.storage import stored
from tests.test_article_edits import bearer
from tests.test_drafts import global_id

PROBLEM = "... on Problem { message code fields }"
SECTION = f"""{{ __typename ... on Section {{ slug name description position locale
  parent {{ slug }} }} {PROBLEM} }}"""
AUTHOR = f"{{ __typename ... on Author {{ name slug url jobTitle bio }} {PROBLEM} }}"
TAG = f"{{ __typename ... on Tag {{ name slug }} {PROBLEM} }}"
IMAGE = f"""{{ __typename ... on Image {{ altText creator credit copyrightHolder copyrightYear
  usageTerms focalPoint {{ x y }} dateTaken creditLine }} {PROBLEM} }}"""


def create(kind: str, fields: str) -> str:
    return f"mutation($i: Create{kind}Input!) {{ create{kind}(input: $i) {fields} }}"


# `$v` defaults to 1, the version every record starts at; a second write sends `v`.
def update(kind: str, fields: str) -> str:
    return (
        f"mutation($id: ID!, $v: Int! = 1, $i: Update{kind}Input!) "
        f"{{ update{kind}(id: $id, expectedVersion: $v, input: $i) {fields} }}"
    )


def delete(kind: str) -> str:
    return f"""mutation($id: ID!, $v: Int! = 1) {{ delete{kind}(id: $id, expectedVersion: $v) {{ __typename
      ... on Deleted{kind} {{ id }} ... on InUseError {{ usages articleIds }} {PROBLEM} }} }}"""


@pytest.fixture
async def editor(settings: Settings) -> str:
    return bearer(settings, await factories.user(models.Role.EDITOR))


def _invalid(message: str, *fields: str) -> dict[str, Any]:
    return {
        "__typename": "ValidationError",
        "message": message,
        "code": "VALIDATION_FAILED",
        "fields": list(fields),
    }


async def test_sections_round_trip(gql: GraphQL, editor: str) -> None:
    world = await gql(
        create("Section", SECTION),
        bearer=editor,
        i={
            "name": "World",
            "slug": "world",
            "description": "News <script>x()</script><em>all</em>",
        },
    )
    world_id = global_id("Section", 1)
    asia = await gql(
        create("Section", SECTION),
        bearer=editor,
        i={"name": "Asia & Pacific", "slug": "asia", "parentId": world_id, "position": 2},
    )
    renamed = await gql(
        update("Section", SECTION), bearer=editor, id=global_id("Section", 2), i={"name": "Asia"}
    )
    moved_up = await gql(
        update("Section", SECTION),
        bearer=editor,
        id=global_id("Section", 2),
        v=2,
        i={"parentId": None},
    )
    deleted = await gql(delete("Section"), bearer=editor, id=world_id)

    assert world["data"]["createSection"] == {
        "__typename": "Section",
        "slug": "world",
        "name": "World",
        "description": "News <em>all</em>",
        "position": 0,
        "locale": "en",
        "parent": None,
    }
    assert asia["data"]["createSection"] == {
        "__typename": "Section",
        "slug": "asia",
        "name": "Asia & Pacific",
        "description": "",
        "position": 2,
        "locale": "en",
        "parent": {"slug": "world"},
    }
    assert renamed["data"]["updateSection"] == {
        **asia["data"]["createSection"],
        "name": "Asia",
    }
    assert moved_up["data"]["updateSection"] == {**renamed["data"]["updateSection"], "parent": None}
    assert deleted["data"]["deleteSection"] == {"__typename": "DeletedSection", "id": world_id}
    assert [row.slug for row in await models.Section.all()] == ["asia"]


async def test_authors_round_trip(gql: GraphQL, editor: str) -> None:
    made = await gql(
        create("Author", AUTHOR),
        bearer=editor,
        i={
            "name": "Ana <b>Lima</b>",
            "slug": "ana-lima",
            "url": "https://example.org/ana",
            "bio": "Covers <i>ports</i>.<img src=x onerror=alert(1)>",
        },
    )
    changed = await gql(
        update("Author", AUTHOR),
        bearer=editor,
        id=global_id("Author", 1),
        i={"jobTitle": "Port reporter", "url": ""},
    )
    deleted = await gql(delete("Author"), bearer=editor, id=global_id("Author", 1), v=2)

    assert made["data"]["createAuthor"] == {
        "__typename": "Author",
        "name": "Ana Lima",
        "slug": "ana-lima",
        "url": "https://example.org/ana",
        "jobTitle": None,
        "bio": "Covers <i>ports</i>.",
    }
    assert changed["data"]["updateAuthor"] == {
        **made["data"]["createAuthor"],
        "url": None,
        "jobTitle": "Port reporter",
    }
    assert deleted["data"]["deleteAuthor"] == {
        "__typename": "DeletedAuthor",
        "id": global_id("Author", 1),
    }
    assert await models.Author.all().count() == 0


async def test_tags_round_trip(gql: GraphQL, editor: str) -> None:
    made = await gql(create("Tag", TAG), bearer=editor, i={"name": "Climate", "slug": "climate"})
    changed = await gql(
        update("Tag", TAG), bearer=editor, id=global_id("Tag", 1), i={"slug": "climate-change"}
    )
    deleted = await gql(delete("Tag"), bearer=editor, id=global_id("Tag", 1), v=2)

    assert made["data"]["createTag"] == {"__typename": "Tag", "name": "Climate", "slug": "climate"}
    assert changed["data"]["updateTag"] == {
        "__typename": "Tag",
        "name": "Climate",
        "slug": "climate-change",
    }
    assert deleted["data"]["deleteTag"] == {"__typename": "DeletedTag", "id": global_id("Tag", 1)}
    assert await models.Tag.all().count() == 0


async def test_images_metadata_update_and_delete(gql: GraphQL, editor: str) -> None:
    image = await factories.image()

    changed = await gql(
        update("Image", IMAGE),
        bearer=editor,
        id=global_id("Image", image.id),
        i={
            "altText": "Boats <script>x</script>at dawn",
            "copyrightYear": None,
            "focalPoint": {"x": 0.25, "y": 1},
            "dateTaken": "2025-06-01T06:30:00+02:00",
            "usageTerms": "Editorial use only",
        },
    )
    deleted = await gql(delete("Image"), bearer=editor, id=global_id("Image", image.id), v=2)

    assert changed["data"]["updateImage"] == {
        "__typename": "Image",
        "altText": "Boats at dawn",
        "creator": "Ed Photographer",
        "credit": "Agency",
        "copyrightHolder": "Agency",
        "copyrightYear": None,
        "usageTerms": "Editorial use only",
        "focalPoint": {"x": 0.25, "y": 1.0},
        "dateTaken": "2025-06-01T04:30:00+00:00",
        "creditLine": "© Agency / Ed Photographer",
    }
    assert deleted["data"]["deleteImage"] == {
        "__typename": "DeletedImage",
        "id": global_id("Image", image.id),
    }
    assert await models.Image.all().count() == 0


async def test_nothing_in_use_is_deleted(gql: GraphQL, editor: str) -> None:
    section = await factories.section()
    await factories.section(parent=section)
    author = await factories.author()
    tag = await factories.tag()
    image = await factories.image()
    trashed = await factories.article(
        in_section=section, lead=image, authors=[author], tags=[tag], published_at=None
    )
    trashed.deleted_at = datetime.now(UTC)
    await trashed.save()
    live = await factories.article(in_section=section, lead=image, authors=[author])
    before = await stored()

    answers = {
        kind: (await gql(delete(kind), bearer=editor, id=global_id(kind, row.id)))["data"]
        for kind, row in (("Section", section), ("Author", author), ("Tag", tag), ("Image", image))
    }

    def in_use(
        usages: int, users: str, noun: str, articles: tuple[int, ...] = ()
    ) -> dict[str, Any]:
        listed = f" (articles {', '.join(map(str, articles))})" if articles else ""
        return {
            f"delete{noun.title()}": {
                "__typename": "InUseError",
                "usages": usages,
                "articleIds": [global_id("Article", i) for i in articles],
                "message": f"Not deleted: {usages} {users}{listed} still use this {noun}.",
                "code": "IN_USE",
                "fields": ["id"],
            }
        }

    assert answers == {
        "Section": in_use(3, "articles or sections", "section"),
        "Author": in_use(2, "bylines", "author"),
        "Tag": in_use(1, "articles", "tag"),
        # A picture names the articles showing it, the trashed one included.
        "Image": in_use(2, "captions", "image", (trashed.id, live.id)),
    }
    assert await stored() == before


@pytest.mark.parametrize(
    ("document", "variables", "expected"),
    [
        (
            create("Section", SECTION),
            {"i": {"name": "x" * 201, "slug": "Bad Slug", "description": "d" * 10_001}},
            _invalid(
                "Check description: at most 10000 characters; name: at most 200 characters; "
                "slug: lowercase words joined by hyphens, at most 100 characters.",
                "input.description",
                "input.name",
                "input.slug",
            ),
        ),
        (
            create("Section", SECTION),
            {"i": {"name": "<script>x</script>", "slug": "taken"}},
            _invalid("Check name: required; slug: taken in en.", "input.name", "input.slug"),
        ),
        (
            create("Section", SECTION),
            {"i": {"name": "N", "slug": "n", "parentId": global_id("Section", 99)}},
            _invalid("Check parentId: no such section.", "input.parentId"),
        ),
        (
            create("Section", SECTION),
            {"i": {"name": "N", "slug": "n", "parentId": global_id("Tag", 1)}},
            _invalid("Check parentId: no such section.", "input.parentId"),
        ),
        (
            update("Section", SECTION),
            {"id": global_id("Section", 1), "i": {"parentId": global_id("Section", 2)}},
            _invalid("Check parentId: a section cannot be its own ancestor.", "input.parentId"),
        ),
        (
            update("Section", SECTION),
            {"id": global_id("Section", 1), "i": {"parentId": global_id("Section", 1)}},
            _invalid("Check parentId: a section cannot be its own ancestor.", "input.parentId"),
        ),
        (
            update("Section", SECTION),
            {"id": global_id("Section", 2), "i": {"slug": "taken", "name": ""}},
            _invalid("Check name: required; slug: taken in en.", "input.name", "input.slug"),
        ),
        (
            create("Author", AUTHOR),
            {"i": {"name": "A", "slug": "ana", "url": "http://example.org", "jobTitle": "j" * 201}},
            _invalid(
                "Check jobTitle: at most 200 characters; slug: taken; url: an https:// address.",
                "input.jobTitle",
                "input.slug",
                "input.url",
            ),
        ),
        (
            update("Author", AUTHOR),
            {"id": global_id("Author", 1), "i": {"url": "https://a.example/x y"}},
            _invalid("Check url: an https:// address.", "input.url"),
        ),
        (
            create("Tag", TAG),
            {"i": {"name": "t" * 101, "slug": "-tag"}},
            _invalid(
                "Check name: at most 100 characters; "
                "slug: lowercase words joined by hyphens, at most 100 characters.",
                "input.name",
                "input.slug",
            ),
        ),
        (
            update("Tag", TAG),
            {"id": global_id("Tag", 2), "i": {"slug": "news"}},
            _invalid("Check slug: taken.", "input.slug"),
        ),
        (
            update("Image", IMAGE),
            {
                "id": global_id("Image", 1),
                "i": {
                    "focalPoint": {"x": 1.5, "y": 0},
                    "copyrightYear": 1700,
                    "dateTaken": "2025-01-01T00:00:00",
                    "creator": "c" * 201,
                },
            },
            _invalid(
                "Check copyrightYear: from 1826 to this year; creator: at most 200 characters; "
                "dateTaken: with a time zone offset; focalPoint: x and y from 0 to 1.",
                "input.copyrightYear",
                "input.creator",
                "input.dateTaken",
                "input.focalPoint",
            ),
        ),
        (
            update("Tag", TAG),
            {"id": global_id("Tag", 99), "i": {"name": "N"}},
            {
                "__typename": "NotFoundError",
                "message": "No tag 99.",
                "code": "NOT_FOUND",
                "fields": ["id"],
            },
        ),
        (
            delete("Section"),
            {"id": global_id("Article", 1)},
            {
                "__typename": "NotFoundError",
                "message": "No section 0.",
                "code": "NOT_FOUND",
                "fields": ["id"],
            },
        ),
    ],
)
async def test_bad_input_is_a_typed_problem_and_changes_nothing(
    gql: GraphQL, editor: str, document: str, variables: dict[str, Any], expected: Any
) -> None:
    top = await factories.section(slug="taken")
    await factories.section(parent=top)
    await factories.author(slug="ana")
    await factories.tag(slug="news")
    await factories.tag()
    await factories.image()
    before = await stored()

    body = await gql(document, bearer=editor, **variables)
    body.pop("extensions")  # the SQL count, in debug mode

    assert body == {"data": {next(iter(body["data"])): expected}}
    assert await stored() == before


async def test_a_slug_is_unique_per_locale_only(gql: GraphQL, editor: str) -> None:
    await factories.section(slug="world", locale="en")

    made = await gql(
        create("Section", SECTION),
        bearer=editor,
        i={"name": "Monde", "slug": "world", "locale": "fr"},
    )
    moved = await gql(
        update("Section", SECTION), bearer=editor, id=global_id("Section", 2), i={"locale": "en"}
    )

    assert made["data"]["createSection"]["locale"] == "fr"
    assert moved["data"]["updateSection"] == _invalid("Check slug: taken in en.", "input.slug")


async def test_an_unknown_locale_is_bad_user_input(gql: GraphQL, editor: str) -> None:
    body = await gql(
        create("Section", SECTION), bearer=editor, i={"name": "N", "slug": "n", "locale": "xx"}
    )

    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert await models.Section.all().count() == 0


async def test_writers_are_refused_before_any_lookup(gql: GraphQL, settings: Settings) -> None:
    writer = bearer(settings, await factories.user(models.Role.WRITER))

    answers = [
        (await gql(delete("Section"), bearer=writer, id=global_id("Section", 99)))["data"],
        (await gql(delete("Image"), id=global_id("Image", 99)))["data"],
    ]

    forbidden = {
        "__typename": "ForbiddenError",
        "message": "Only editors and admins edit sections, authors, tags and images.",
        "code": "FORBIDDEN",
        "fields": [],
    }
    assert answers == [{"deleteSection": forbidden}, {"deleteImage": forbidden}]


async def test_a_slug_taken_between_check_and_write_is_still_a_validation_error(
    gql: GraphQL, editor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await factories.tag(slug="news")
    before = await stored()

    async def raced(*args: Any, **kwargs: Any) -> None:
        """The check finds the slug free: the other write commits just after it."""

    monkeypatch.setattr(edits.Form, "slug_free", raced)
    body = await gql(create("Tag", TAG), bearer=editor, i={"name": "News", "slug": "news"})

    assert body["data"]["createTag"] == _invalid(
        "Check slug: just taken by someone else.", "input.slug"
    )
    assert await stored() == before


@pytest.mark.parametrize(
    ("kind", "make", "change"),
    [
        ("Section", factories.section, {"name": "By {n}"}),
        ("Author", factories.author, {"name": "By {n}"}),
        ("Tag", factories.tag, {"name": "By {n}"}),
        ("Image", factories.image, {"altText": "By {n}"}),
    ],
)
async def test_concurrent_edits_from_one_version_let_exactly_one_win(
    gql: GraphQL, editor: str, kind: str, make: Any, change: dict[str, str]
) -> None:
    row = await make()
    edit = update(
        kind,
        f"{{ __typename ... on {kind} {{ version }} ... on ConflictError {{ currentVersion }} }}",
    )

    answers = await asyncio.gather(
        *(
            gql(
                edit,
                bearer=editor,
                id=global_id(kind, row.id),
                v=1,
                i={name: value.format(n=n) for name, value in change.items()},
            )
            for n in range(5)
        )
    )

    results = Counter(
        json.dumps(answer["data"][f"update{kind}"], sort_keys=True) for answer in answers
    )
    winner = json.dumps({"__typename": kind, "version": 2}, sort_keys=True)
    lost = json.dumps({"__typename": "ConflictError", "currentVersion": 2}, sort_keys=True)
    assert results == {winner: 1, lost: 4}
    assert (await type(row).get(id=row.id)).version == 2
