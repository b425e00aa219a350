"""importNinjs: an agency's ninjs item becomes a draft, and exports back as it came."""

import asyncio
import copy
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

import models
from settings import Settings
from tests import factories
from tests.conftest import GraphQL, client_of, variant
from tests.storage import stored
from tests.test_drafts import global_id
from tests.test_ninjs import NINJS, problems

IMPORT = """mutation($item: JSON!, $section: ID!, $version: Int) {
  importNinjs(item: $item, sectionId: $section, expectedVersion: $version) {
    __typename
    ... on NinjsImport { outcome article { id version headline ninjs } }
    ... on ConflictError { currentVersion }
    ... on Problem { message code fields }
  }
}"""
EXAMPLES = sorted(path.name for path in (NINJS / "examples").glob("*.json"))
# Swedish is not among the suite's locales; TT's example needs it.
# Fields the item lacked that Dateline knows of the draft: when Dateline made it, its
# slug and language, the section (subjects), the author (people), the lead picture of a
# picture item (associations).
ADDED = {
    "ap_image.json": ["associations", "representationType"],
    "dpa_text.json": [
        "firstCreated",
        "people",
        "representationType",
        "slugline",
        "subjects",
        "type",
    ],
    "imageEncodedRights.json": [
        "associations",
        "firstCreated",
        "language",
        "people",
        "pubStatus",
        "representationType",
        "slugline",
        "subjects",
    ],
    "ninjsExSimpleText_3.json": [
        "firstCreated",
        "language",
        "people",
        "pubStatus",
        "representationType",
        "slugline",
        "subjects",
    ],
    "tt_text_image_3.json": ["firstCreated"],
}
LOCALES = ["en", "ru", "fr", "de", "es", "ar", "zh", "ja", "sv"]


def example(name: str) -> dict[str, Any]:
    item: dict[str, Any] = json.loads((NINJS / "examples" / name).read_text())
    return item


@pytest.fixture
async def desk(client: httpx.AsyncClient, settings: Settings) -> AsyncIterator[GraphQL]:
    """The API of a newsroom that also publishes in Swedish."""
    async with client_of(variant(settings, locales=LOCALES)) as swedish:
        yield GraphQL(swedish)


async def editor(gql: GraphQL) -> str:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    return await gql.sign_in("desk@newsroom.test", factories.PASSWORD)


async def imported(gql: GraphQL, bearer: str, item: Any, section: int, **more: Any) -> Any:
    answer = await gql(
        IMPORT, bearer=bearer, item=item, section=global_id("Section", section), **more
    )
    assert "errors" not in answer, answer
    return answer["data"]["importNinjs"]


def differences(original: dict[str, Any], exported: dict[str, Any]) -> dict[str, Any]:
    """Each field of the original the export does not give back, with both values."""
    return {
        key: (value, exported.get(key))
        for key, value in original.items()
        if exported.get(key) != value
    }


@pytest.mark.parametrize("name", EXAMPLES)
async def test_every_example_imports_and_exports_back_every_field(desk: GraphQL, name: str) -> None:
    bearer = await editor(desk)
    section = await factories.section(slug="wires")
    item = example(name)

    result = await imported(desk, bearer, item, section.id)

    assert (result["__typename"], result["outcome"]) == ("NinjsImport", "CREATED")
    exported = result["article"]["ninjs"]
    assert differences(item, exported) == {}
    assert problems(exported) == []
    # What the export adds is Dateline's own, about the draft it now is.
    assert sorted(key for key in exported if key not in item) == ADDED[name]


async def test_a_text_item_with_a_picture_becomes_a_whole_draft(desk: GraphQL) -> None:
    bearer = await editor(desk)
    section = await factories.section(slug="inrikes")
    query = """query($id: ID!) { article(id: $id) {
      slug locale headline standfirst authors { name slug } tags { name slug }
      leadImage { text credit alt url(width: 1200) small: url(width: 300)
                  image { width height mimeType byteSize creator srcSet url } }
      body { __typename ... on ParagraphBlock { text } ... on QuoteBlock { text }
             ... on HeadingBlock { text level } }
    } }"""

    result = await imported(desk, bearer, example("tt_text_image_3.json"), section.id)
    answer = await desk(query, bearer=bearer, id=result["article"]["id"])

    tt = "https://beta.tt.se/media/text/210526-militarovning-a0f2d045/a001_"
    thumbnail = "https://thumbnail.tt.se/media/text/210526-militarovning-a0f2d045/a001_"
    body = [
        (block["__typename"], block["text"][:40]) for block in answer["data"]["article"].pop("body")
    ]
    assert answer["data"] == {
        "article": {
            "slug": "militarovning",
            "locale": "sv",
            "headline": "Militärövning i jätteformat hålls 2023",
            "standfirst": "",
            "authors": [],
            "tags": [
                {
                    "name": "Krig, konflikter och oroligheter",
                    "slug": "krig-konflikter-och-oroligheter",
                }
            ],
            "leadImage": {
                "text": "En stor internationell försvarsövning planeras 2023 med fokus på "
                "södra Sverige och Gotland. Arkivbild från militärövningen Aurora 17.",
                "credit": "Karl Melander/TT",
                "alt": "",
                "url": f"{tt}WatermarkPreview.jpg",
                "small": f"{thumbnail}NormalThumbnail.jpg",
                "image": {
                    "width": 4724,
                    "height": 3149,
                    "mimeType": "image/jpeg",
                    "byteSize": 10326191,
                    "creator": "Karl Melander/TT",
                    "srcSet": f"{thumbnail}NormalThumbnail.jpg 256w, "
                    f"{tt}WatermarkPreview.jpg 1024w, {tt}NormalHires.jpg 4724w",
                    "url": f"{tt}NormalHires.jpg",
                },
            },
        }
    }
    # The headline's h1 is the headline; the picture's figure is the lead picture.
    assert body == [
        ("ParagraphBlock", "FörsvarTT"),
        ("ParagraphBlock", "Pandemin satte stopp för den stora inter"),
        ("QuoteBlock", "Aurora 2023 kommer att genomföras ungefä"),
        ("ParagraphBlock", "Aurora 20 skulle omfatta 25 000 deltagar"),
        ("QuoteBlock", "Precis som den gången har vi inlett en d"),
    ]


async def test_the_same_item_twice_changes_nothing(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("dpa_text.json")
    first = await imported(gql, bearer, item, section.id)
    before = await stored()

    again = await imported(gql, bearer, copy.deepcopy(item), section.id)

    assert again["outcome"] == "UNCHANGED"
    assert again["article"] == first["article"]
    assert await stored() == before


async def test_a_newer_version_updates_the_draft(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("dpa_text.json")
    first = await imported(gql, bearer, item, section.id)
    newer = {
        **item,
        "version": "3",
        "headlines": [{"role": "main", "value": "Faktencheck: Zwayer hatte recht"}],
    }

    result = await imported(gql, bearer, newer, section.id)

    assert result["outcome"] == "UPDATED"
    assert result["article"]["id"] == first["article"]["id"]
    assert (result["article"]["version"], result["article"]["headline"]) == (
        2,
        "Faktencheck: Zwayer hatte recht",
    )
    assert differences(newer, result["article"]["ninjs"]) == {}
    assert await models.Article.all().count() == 1
    older = await imported(gql, bearer, item, section.id)
    assert older == {
        "__typename": "ValidationError",
        "message": "/version: older than version '3', imported already.",
        "code": "VALIDATION_FAILED",
        "fields": ["/version"],
    }


async def test_a_newer_version_of_a_published_article_needs_its_version(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("dpa_text.json")
    first = await imported(gql, bearer, item, section.id)
    await models.Article.filter(id=1).update(status=models.ArticleStatus.PUBLISHED)
    newer = {**item, "version": "3"}
    before = await stored()

    refused = await imported(gql, bearer, newer, section.id)
    stale = await imported(gql, bearer, newer, section.id, version=7)

    assert refused == {
        "__typename": "ConflictError",
        "currentVersion": 1,
        "message": "The article is published: send expectedVersion (it is at 1) to import a new "
        "version into it.",
        "code": "CONFLICT",
        "fields": [],
    }
    assert (stale["__typename"], stale["currentVersion"]) == ("ConflictError", 1)
    assert await stored() == before
    done = await imported(gql, bearer, newer, section.id, version=1)
    assert (done["outcome"], done["article"]["id"], done["article"]["version"]) == (
        "UPDATED",
        first["article"]["id"],
        2,
    )


async def test_an_edit_after_the_import_shows_in_the_export_and_nothing_else_moves(
    gql: GraphQL,
) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("ninjsExSimpleText_3.json")
    first = await imported(gql, bearer, item, section.id)
    edit = """mutation($id: ID!) { updateArticle(id: $id, expectedVersion: 1,
      input: {headline: "Schettino trial opens"}) { __typename } }"""

    await gql(edit, bearer=bearer, id=first["article"]["id"])
    answer = await gql(
        "query($id: ID!) { article(id: $id) { ninjs } }", bearer=bearer, id=first["article"]["id"]
    )

    exported = answer["data"]["article"]["ninjs"]
    changed = differences(item, exported)
    assert sorted(changed) == ["headlines", "versionCreated"]
    assert exported["headlines"] == [
        {"role": "main", "contentType": "text/html", "value": "Schettino trial opens"}
    ]
    assert (exported["uri"], exported["bodies"]) == (item["uri"], item["bodies"])
    assert problems(exported) == []


async def test_invalid_ninjs_is_named_by_json_pointer_and_writes_nothing(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("tt_text_image_3.json")
    item["associations"][0]["renditions"][1]["width"] = "wide"
    item["urgency"] = "soon"
    del item["uri"]
    before = await stored()

    result = await imported(gql, bearer, item, section.id)

    assert result == {
        "__typename": "ValidationError",
        "message": "Not a ninjs item Dateline can import: /: 'uri' is a required property; "
        "/associations/0/renditions/1/width: 'wide' is not of type 'integer'; "
        "/urgency: 'soon' is not of type 'integer'.",
        "code": "VALIDATION_FAILED",
        "fields": ["", "/associations/0/renditions/1/width", "/urgency"],
    }
    assert await stored() == before


@pytest.mark.parametrize(
    ("change", "fields", "message"),
    [
        (
            {"by": ", ".join(f"Reporter {n}" for n in range(10_000))},
            ["/by"],
            "/by: at most 50 names, not 10000",
        ),
        (
            {"bodies": [{"contentType": "text/html", "value": "<p>" + "x" * 3_000_000 + "</p>"}]},
            ["/bodies/0/value"],
            "/bodies/0/value: at most 1000000 characters, not 3000007",
        ),
        (
            {"subjects": [{"name": f"s{n}"} for n in range(501)]},
            ["/subjects"],
            "/subjects: at most 500 items, not 501",
        ),
        (
            {"language": "sv"},
            ["/language"],
            "/language: 'sv' is not one of this newsroom's locales (ar, de, en, es, fr, ja, ru, zh)",
        ),
        ({"headlines": []}, ["/headlines"], "/headlines: Dateline needs a headline"),
        (
            {"embargoedUntil": "0001-01-01T00:00:00+01:00"},
            ["/embargoedUntil"],
            "/embargoedUntil: a date from 1800 to 9998",
        ),
        (
            {"embargoedUntil": "tomorrow"},
            ["/embargoedUntil"],
            "/embargoedUntil: a date-time such as 2024-05-01T12:00:00Z",
        ),
    ],
)
async def test_bad_items_are_refused_with_a_pointer_and_write_nothing(
    gql: GraphQL, change: dict[str, Any], fields: list[str], message: str
) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = {**example("dpa_text.json"), **change}
    before = await stored()

    result = await imported(gql, bearer, item, section.id)

    assert result["__typename"] == "ValidationError"
    assert (result["code"], result["fields"]) == ("VALIDATION_FAILED", fields)
    assert message in result["message"]
    assert await stored() == before


async def test_a_body_too_big_for_any_request_is_a_coded_refusal(
    client: httpx.AsyncClient, gql: GraphQL
) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = {
        **example("dpa_text.json"),
        "bodies": [{"contentType": "text/html", "value": "<p>" + "x" * 5_000_000}],
    }
    before = await stored()

    response = await client.post(
        "/graphql",
        json={
            "query": IMPORT,
            "variables": {"item": item, "section": global_id("Section", section.id)},
        },
        headers={"authorization": f"Bearer {bearer}"},
    )

    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert await stored() == before


@pytest.mark.parametrize("role", [None, models.Role.WRITER])
async def test_only_editors_import(gql: GraphQL, role: models.Role | None) -> None:
    section = await factories.section(slug="wires")
    bearer = None
    if role is not None:
        await factories.user(role, email="w@newsroom.test")
        bearer = await gql.sign_in("w@newsroom.test", factories.PASSWORD)
    before = await stored()

    answer = await gql(
        IMPORT,
        bearer=bearer,
        item=example("dpa_text.json"),
        section=global_id("Section", section.id),
    )

    assert answer["data"] == {
        "importNinjs": {
            "__typename": "ForbiddenError",
            "message": "Only editors and admins import agency items.",
            "code": "FORBIDDEN",
            "fields": [],
        }
    }
    assert await stored() == before


async def test_a_remote_picture_is_the_largest_rendition_that_fits(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    query = """query($id: ID!) { article(id: $id) { leadImage { image {
      whole: url wide: url(width: 1000) tall: url(width: 1000, height: 300)
      tiny: url(width: 50) set: srcSet(widths: [100, 600]) } } } }"""

    result = await imported(gql, bearer, example("ap_image.json"), section.id)
    answer = await gql(query, bearer=bearer, id=result["article"]["id"])

    renditions = {r["name"]: r["href"] for r in example("ap_image.json")["renditions"]}
    assert answer["data"]["article"]["leadImage"]["image"] == {
        "whole": renditions["main"],
        "wide": renditions["preview"],
        "tall": renditions["thumbnail"],
        "tiny": renditions["thumbnail"],
        "set": f"{renditions['thumbnail']} 125w, {renditions['preview']} 512w",
    }


async def test_the_same_agency_picture_is_one_image_and_every_import_is_audited(
    desk: GraphQL,
) -> None:
    bearer = await editor(desk)
    section = await factories.section(slug="wires")
    item = example("tt_text_image_3.json")
    other = {**copy.deepcopy(item), "uri": "http://tt.se/media/text/other"}

    first = await imported(desk, bearer, item, section.id)
    second = await imported(desk, bearer, other, section.id)

    assert [image.source_uri for image in await models.Image.all()] == [
        "http://tt.se/media/image/sdlk2sirkPaauM"
    ]
    assert [row.slug for row in await models.Article.all().order_by("id")] == [
        "militarovning",
        "militarovning-2",
    ]
    entries = (
        await models.AuditEntry.all().order_by("id").values_list("action", "target", "outcome")
    )
    assert entries[-2:] == [
        ("importNinjs", first["article"]["id"], "NinjsImport"),
        ("importNinjs", second["article"]["id"], "NinjsImport"),
    ]


async def test_markup_the_blocks_cannot_hold_is_flattened_and_exported_as_it_came(
    gql: GraphQL,
) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    value = (
        '<div class="story"><h2>Results</h2><table><tr><td>Dortmund</td><td>2</td></tr></table>'
        "<ul><li>One <b>bold</b> point</li></ul><script>alert(1)</script>"
        "<blockquote><p>Quoted.</p><footer>Favre</footer></blockquote> loose text</div>"
    )
    item = {
        "uri": "urn:test:markup",
        "headlines": [{"role": "main", "value": "Derby"}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": value}],
    }
    query = """query($id: ID!) { article(id: $id) { ninjs body { __typename
      ... on ParagraphBlock { text } ... on HeadingBlock { text level }
      ... on QuoteBlock { text attribution } } } }"""

    result = await imported(gql, bearer, item, section.id)
    answer = await gql(query, bearer=bearer, id=result["article"]["id"])

    article = answer["data"]["article"]
    assert article["body"] == [
        {"__typename": "HeadingBlock", "text": "Results", "level": 2},
        {"__typename": "ParagraphBlock", "text": "Dortmund"},
        {"__typename": "ParagraphBlock", "text": "2"},
        {"__typename": "ParagraphBlock", "text": "One <b>bold</b> point"},
        {"__typename": "QuoteBlock", "text": "Quoted.", "attribution": "Favre"},
        {"__typename": "ParagraphBlock", "text": "loose text"},
    ]
    assert article["ninjs"]["bodies"] == item["bodies"]


async def test_a_caption_too_long_is_named_where_it_is(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("tt_text_image_3.json")
    item["language"] = "en"
    item["associations"][0]["descriptions"][0]["value"] = "x" * 1001

    result = await imported(gql, bearer, item, section.id)

    assert (result["__typename"], result["fields"]) == (
        "ValidationError",
        ["/associations/0/descriptions/0/value"],
    )


async def test_the_agencys_note_is_the_desks_and_never_reaches_readers(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("ap_image.json")
    result = await imported(gql, bearer, item, section.id)
    await models.Article.filter(id=1).update(
        status=models.ArticleStatus.PUBLISHED, published_at=datetime.now(UTC)
    )
    query = "query($id: ID!) { article(id: $id) { editorNote ninjs } }"

    desk = await gql(query, bearer=bearer, id=result["article"]["id"])
    readers = await gql(
        "query($id: ID!) { article(id: $id) { ninjs } }", id=result["article"]["id"]
    )

    assert desk["data"]["article"]["editorNote"] == "TURKEY OUT  NOV. 11, 2019 FILE PHOTO"
    assert differences(item, desk["data"]["article"]["ninjs"]) == {}
    # Published, the item is as it came for readers too, but for the note.
    assert differences(item, readers["data"]["article"]["ninjs"]) == {
        "edNote": (item["edNote"], None)
    }


async def test_problems_come_in_document_order_and_at_most_twenty(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    nameless = {"href": "https://x.test/p.jpg", "width": 10, "height": 10}
    item = {
        "uri": "urn:test:many",
        "associations": [
            {"name": f"p{n}", "uri": f"urn:p:{n}", "renditions": [nameless]} for n in range(30)
        ],
    }

    result = await imported(gql, bearer, item, section.id)

    assert result["fields"] == [f"/associations/{n}/renditions/0" for n in range(20)]
    assert result["message"].endswith("'name' is a required property (and more).")


async def test_a_newer_version_with_pictures_rewrites_them_in_place(desk: GraphQL) -> None:
    bearer = await editor(desk)
    section = await factories.section(slug="inrikes")
    item = example("tt_text_image_3.json")
    await imported(desk, bearer, item, section.id)
    newer = copy.deepcopy(item)
    newer["version"] = "2"
    newer["associations"][0]["by"] = "Karl Melander/TT NYHETSBYRÅN"

    result = await imported(desk, bearer, newer, section.id)

    assert (result["outcome"], result["article"]["version"]) == ("UPDATED", 2)
    assert differences(newer, result["article"]["ninjs"]) == {}
    images = await models.Image.all()
    assert [(image.id, image.creator, image.version) for image in images] == [
        (1, "Karl Melander/TT NYHETSBYRÅN", 2)
    ]
    assert await models.Caption.all().count() == 1
    assert [row.message for row in await models.Revision.all().order_by("id")] == [
        "imported from ninjs",
        "imported ninjs version 2",
    ]


async def test_an_item_whose_article_is_in_the_trash_is_refused(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("dpa_text.json")
    await imported(gql, bearer, item, section.id)
    await models.Article.filter(id=1).update(deleted_at=datetime.now(UTC))
    before = await stored()

    result = await imported(gql, bearer, {**item, "version": "3"}, section.id)

    assert result == {
        "__typename": "ValidationError",
        "message": "/uri: this item's article is in the trash; restore or purge it first.",
        "code": "VALIDATION_FAILED",
        "fields": ["/uri"],
    }
    assert await stored() == before


async def test_a_regional_language_is_the_newsrooms_locale(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = {**example("dpa_text.json"), "language": "de-AT"}

    result = await imported(gql, bearer, item, section.id)

    article = await models.Article.get(id=1)
    assert (result["outcome"], article.locale) == ("CREATED", "de")
    assert result["article"]["ninjs"]["language"] == "de-AT"


async def test_the_same_item_delivered_twice_at_once_is_one_article(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("dpa_text.json")

    results = await asyncio.gather(*(imported(gql, bearer, item, section.id) for _ in range(3)))

    assert sorted(result["outcome"] for result in results) == [
        "CREATED",
        "UNCHANGED",
        "UNCHANGED",
    ]
    assert len({result["article"]["id"] for result in results}) == 1
    assert await models.Article.all().count() == 1
    assert await models.Author.all().count() == 2


async def test_a_newer_version_keeps_the_desks_own_note(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("ap_image.json")
    await imported(gql, bearer, item, section.id)
    await imported(gql, bearer, {**item, "version": "1", "edNote": "CORRECTS date"}, section.id)
    assert [row.editor_note for row in await models.Article.all()] == ["CORRECTS date"]
    note = "Legal: check the name before publishing"
    await models.Article.filter(id=1).update(editor_note=note)

    await imported(gql, bearer, {**item, "version": "2", "edNote": "ADDS byline"}, section.id)

    assert [row.editor_note for row in await models.Article.all()] == [note]


async def test_versions_that_are_no_numbers_are_ordered_by_their_moment(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = {**example("dpa_text.json"), "version": "r-a"}  # versionCreated 14:02:28 UTC
    await imported(gql, bearer, item, section.id)
    later = {**item, "version": "r-b", "versionCreated": "2019-05-10T15:00:00Z"}
    earlier = {**item, "version": "r-c", "versionCreated": "2019-05-10T15:00:00+02:00"}

    assert (await imported(gql, bearer, later, section.id))["outcome"] == "UPDATED"
    assert (await imported(gql, bearer, earlier, section.id))["fields"] == ["/version"]


async def test_an_item_without_a_version_is_the_same_while_its_moment_is(gql: GraphQL) -> None:
    bearer = await editor(gql)
    section = await factories.section(slug="wires")
    item = example("ninjsExSimpleText_3.json")  # no version; versionCreated 10:37
    await imported(gql, bearer, item, section.id)
    later = {**item, "versionCreated": "2013-07-09T11:00:00Z", "by": "Paulo Santalucia"}

    again = await imported(gql, bearer, copy.deepcopy(item), section.id)
    updated = await imported(gql, bearer, later, section.id)

    assert (again["outcome"], updated["outcome"]) == ("UNCHANGED", "UPDATED")
    assert differences(later, updated["article"]["ninjs"]) == {}
    assert "version" not in updated["article"]["ninjs"]
