"""Article.ninjs: each article as an IPTC ninjs 3.1 item, valid against the published schema."""

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import models
from tests import factories
from tests.conftest import GraphQL
from tests.test_drafts import global_id

NINJS = Path(__file__).parent / "data" / "ninjs"
# IPTC's schema as the app ships it (importNinjs checks items against it): one copy.
SCHEMA = json.loads(
    (Path(__file__).parent.parent / "resolvers" / "data" / "ninjs-schema_3.1.json").read_text()
)
# The schema's places[].geoJSON refers to GeoJSON's own schema, which is not shipped: offline,
# any object stands in for it (Dateline writes no places).
GEOJSON = "https://geojson.org/schema/GeoJSON.json"
REGISTRY: Registry[Any] = Registry().with_resource(
    GEOJSON, Resource.from_contents({"type": "object"}, default_specification=DRAFT202012)
)
VALIDATOR = Draft202012Validator(SCHEMA, registry=REGISTRY)
SIGNED = re.compile(r"^http://test/media/[^?]+\?s=[A-Za-z0-9_-]+$")
ITEM = "query($id: ID!) { article(id: $id) { ninjs } }"


def problems(item: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(item)
    ]


def test_the_shipped_examples_are_valid_ninjs_so_the_validator_is_the_right_one() -> None:
    examples = sorted((NINJS / "examples").glob("*.json"))

    assert [path.name for path in examples] == [
        "ap_image.json",
        "dpa_text.json",
        "imageEncodedRights.json",
        "ninjsExSimpleText_3.json",
        "tt_text_image_3.json",
    ]
    assert {path.name: problems(json.loads(path.read_text())) for path in examples} == {
        path.name: [] for path in examples
    }
    assert problems({"type": "text"}) == [": 'uri' is a required property"]


async def test_every_demo_article_is_a_valid_ninjs_item(demo: None, gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    editor = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    rows = await models.Article.all().order_by("id")

    items = {}
    for row in rows:
        answer = await gql(ITEM, bearer=editor, id=global_id("Article", row.id))
        assert "errors" not in answer, answer
        items[row.id] = answer["data"]["article"]["ninjs"]

    assert len(items) == 35
    assert {row_id: problems(item) for row_id, item in items.items()} == {
        row_id: [] for row_id in items
    }
    published = [row.id for row in rows if row.status == models.ArticleStatus.PUBLISHED]
    assert {items[row_id]["pubStatus"] for row_id in published} == {"usable"}
    assert all(items[row_id]["bodies"][0]["contentType"] == "text/html" for row_id in published)


async def test_an_article_becomes_a_whole_ninjs_item(gql: GraphQL) -> None:
    section = await factories.section(slug="asia-pacific", name="Asia & Pacific")
    lena = await factories.author(name="Lena Marsh", slug="lena-marsh", url="https://x.test/lena")
    tomas = await factories.author(name="Tomas Ruiz", slug="tomas-ruiz")
    oceans = await factories.tag(name="Oceans", slug="oceans")
    picture = await factories.image(
        width=1600,
        height=900,
        alt_text="A tide gauge on a quay",
        creator="Ken Sato",
        copyright_holder="Meridian Press",
        copyright_year=2019,
        copyright_notice="© Meridian Press 2019",
        usage_terms="Editorial use only",
    )
    story = await factories.article(
        in_section=section,
        lead=picture,
        slug="tide-gauges",
        headline="Tide gauges <em>rise</em>",
        standfirst="A survey of twelve atolls",
        blocks=["First paragraph.", "Second paragraph."],
        authors=[tomas, lena],
        tags=[oceans],
    )
    russian = await factories.article(
        in_section=section,
        slug="tide-gauges",
        locale="ru",
        headline="Мареографы",
        translation_group=story.translation_group,
    )

    answer = await gql(ITEM, id=global_id("Article", story.id))

    item = answer["data"]["article"]["ninjs"]
    renditions = item["associations"][0]["renditions"]
    assert [(r["name"], r["width"], r["height"]) for r in renditions] == [
        ("w320", 320, 180),
        ("w640", 640, 360),
        ("w1280", 1280, 720),
        ("w1600", 1600, 900),
    ]
    assert all(SIGNED.match(r["href"]) for r in renditions), renditions
    story = await models.Article.get(id=story.id)
    assert item == {
        "uri": f"urn:dateline:article:{story.id}",
        "type": "text",
        "representationType": "full",
        "version": "1",
        "firstCreated": story.created_at.isoformat(),
        "versionCreated": story.updated_at.isoformat(),
        "pubStatus": "usable",
        "language": "en",
        "slugline": "tide-gauges",
        "headlines": [
            {"role": "main", "contentType": "text/html", "value": "Tide gauges <em>rise</em>"}
        ],
        "descriptions": [
            {"role": "summary", "contentType": "text/html", "value": "A survey of twelve atolls"}
        ],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "charCount": len("<p>First paragraph.</p>\n<p>Second paragraph.</p>"),
                "value": "<p>First paragraph.</p>\n<p>Second paragraph.</p>",
            }
        ],
        "by": "Tomas Ruiz and Lena Marsh",
        "people": [
            {"name": "Tomas Ruiz", "rel": "author", "literal": "tomas-ruiz"},
            {
                "name": "Lena Marsh",
                "rel": "author",
                "literal": "lena-marsh",
                "uri": "https://x.test/lena",
            },
        ],
        "subjects": [
            {"name": "Asia & Pacific", "rel": "section", "literal": "asia-pacific"},
            {"name": "Oceans", "rel": "tag", "literal": "oceans"},
        ],
        "associations": [
            {
                "name": "lead",
                "rel": "leadImage",
                "uri": f"urn:dateline:image:{picture.id}",
                "type": "picture",
                "representationType": "partial",
                "by": "© Meridian Press 2019 / Ken Sato",
                "copyrightHolder": "Meridian Press",
                "copyrightNotice": "© Meridian Press 2019",
                "usageTerms": "Editorial use only",
                "descriptions": [
                    {
                        "role": "caption",
                        "contentType": "text/html",
                        "value": item["associations"][0]["descriptions"][0]["value"],
                    },
                    {"role": "alt", "value": "A tide gauge on a quay"},
                ],
                "people": [{"name": "Ken Sato", "rel": "photographer"}],
                "renditions": renditions,
            },
            {
                "name": "translation-ru",
                "rel": "translation",
                "uri": f"urn:dateline:article:{russian.id}",
                "type": "text",
                "language": "ru",
                "headlines": [{"role": "main", "contentType": "text/html", "value": "Мареографы"}],
            },
        ],
    }
    assert item["associations"][0]["descriptions"][0]["value"].startswith("Caption ")
    assert problems(item) == []


async def test_a_draft_is_withheld_and_its_editor_note_never_leaves(gql: GraphQL) -> None:
    await factories.user(models.Role.EDITOR, email="desk@newsroom.test")
    editor = await gql.sign_in("desk@newsroom.test", factories.PASSWORD)
    draft = await factories.article(published_at=None)
    await models.Article.filter(id=draft.id).update(editor_note="Legal: hold for lawyer")

    public = await gql(ITEM, id=global_id("Article", draft.id))
    desk = await gql(ITEM, bearer=editor, id=global_id("Article", draft.id))

    assert public["data"] == {"article": None}
    item = desk["data"]["article"]["ninjs"]
    assert item["pubStatus"] == "withheld"
    assert "Legal" not in json.dumps(item)
    assert problems(item) == []


@pytest.mark.parametrize("first", [1, 10])
async def test_a_list_of_items_costs_the_same_statements_whatever_its_length(
    demo: None, gql: GraphQL, first: int
) -> None:
    few = await gql("{ articles(first: 1) { edges { node { ninjs } } } }")
    many = await gql(f"{{ articles(first: {first}) {{ edges {{ node {{ ninjs }} }} }} }}")

    assert len(many["data"]["articles"]["edges"]) == first
    assert many["extensions"]["sql"] == few["extensions"]["sql"]
