"""The playground's editing tabs, run in order against the demo newsroom as an editor would."""

import json
from typing import Any

import httpx

import models
from playground import tabs
from tests import factories
from tests.test_drafts import global_id

LOGIN = """mutation($email: String!, $password: String!) {
  login(email: $email, password: $password) { ... on Session { accessToken } }
}"""
SIGN_IN = {"email": "desk@paper.example", "password": factories.PASSWORD}


class Editor:
    """Runs one named operation of a workflow tab, with the tab's variables and overrides."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.headers: dict[str, str] = {}
        steps = tabs()[1:]
        self.tabs = {tab["query"].splitlines()[0]: tab for tab in steps}
        assert list(self.tabs) == [
            "# Editing, step 1 of 6: sign in.",
            "# Editing, step 2 of 6: create a draft (sign in first, step 1).",
            "# Editing, step 3 of 6: the lead picture with its caption, then the body with a",
            "# Editing, step 4 of 6: bylines, tags and the Russian version.",
            "# Editing, step 5 of 6: preview.",
            "# Editing, step 6 of 6: publish (editors and admins).",
        ]

    async def run(self, step: int, operation: str, **overrides: Any) -> dict[str, Any]:
        tab = list(self.tabs.values())[step - 1]
        variables = {**json.loads(tab["variables"] or "{}"), **overrides}
        response = await self.client.post(
            "/graphql",
            json={"query": tab["query"], "operationName": operation, "variables": variables},
            headers=self.headers,
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data


async def test_the_editing_tabs_take_a_draft_from_sign_in_to_published(
    client: httpx.AsyncClient, demo: None
) -> None:
    await factories.user(models.Role.EDITOR, email="desk@paper.example", display_name="Night desk")
    editor = Editor(client)

    # The playground's sign-in panel sends this login; its token goes into every request.
    login = await client.post("/graphql", json={"query": LOGIN, "variables": SIGN_IN})
    token = login.json()["data"]["login"]["accessToken"]
    signed_out = await editor.run(1, "Me")
    editor.headers = {"Authorization": f"Bearer {token}"}
    me = await editor.run(1, "Me")
    ids = await editor.run(2, "Ids")
    section_id = ids["section"]["id"]
    story_id = ids["article"]["id"]
    image_id = ids["article"]["leadImage"]["image"]["id"]
    authors = [ids["authors"][2], ids["authors"][0]]
    tag = ids["tags"][2]
    draft = await editor.run(2, "CreateDraft", sectionId=section_id)
    article_id = draft["createArticle"]["id"]
    lead = await editor.run(3, "SetLeadImage", id=article_id, imageId=image_id)
    body = await editor.run(
        3, "SetBody", id=article_id, version=2, imageId=image_id, storyId=story_id
    )
    added = await editor.run(3, "AddRelatedStory", id=article_id, version=3)
    bylines = await editor.run(
        4, "SetBylines", id=article_id, authorIds=[author["id"] for author in authors]
    )
    tagged = await editor.run(4, "SetTags", id=article_id, version=5, tagIds=[tag["id"]])
    russian = await editor.run(
        4, "Translate", id=article_id, russianSectionId=ids["russianSection"]["id"]
    )
    translation_id = russian["createArticle"]["id"]
    russian_picture = await editor.run(
        4, "TranslationPicture", translationId=translation_id, imageId=image_id
    )
    preview = await editor.run(5, "Draft")
    link = await editor.run(5, "PreviewLink", id=article_id)
    editor.headers = {"Authorization": f"Bearer {link['createPreviewToken']['token']}"}
    through_link = await editor.run(5, "Draft")
    editor.headers = {}
    public_before = await editor.run(6, "Public")
    editor.headers = {"Authorization": f"Bearer {token}"}
    published = await editor.run(6, "Publish", id=article_id)
    published_russian = await editor.run(6, "Publish", id=translation_id, version=2)
    editor.headers = {}
    public_after = await editor.run(6, "Public")

    port_cities = "Port cities across East Asia raise their quays by half a metre"
    credit = "© Meridian Press 2019 / Ken Sato"
    caption = "A tide gauge on the quay at Funafuti, Tuvalu."
    headline = "Sea levels around the islands rose faster this decade"
    assert signed_out == {"me": None}
    assert me == {
        "me": {"email": "desk@paper.example", "displayName": "Night desk", "role": "EDITOR"}
    }
    assert ids == {
        "section": {"id": section_id, "name": "Asia & Pacific"},
        "article": {
            "id": story_id,
            "headline": port_cities,
            "leadImage": {"image": {"id": image_id, "creditLine": credit}},
        },
        "authors": [
            {"id": global_id("Author", author.id), "name": author.name}
            for author in await models.Author.all().order_by("name")
        ],
        "tags": [
            {"id": global_id("Tag", tag.id), "name": tag.name}
            for tag in await models.Tag.all().order_by("name")
        ],
        "russianSection": {
            "id": global_id(
                "Section", (await models.Section.get(slug="asia-pacific", locale="ru")).id
            ),
            "name": "Азия и Тихий океан",
        },
    }
    assert draft["createArticle"] == {
        "__typename": "Article",
        "id": article_id,
        "slug": "sea-level-report",
        "version": 1,
    }
    assert lead["setLeadImage"] == {
        "__typename": "Article",
        "version": 2,
        "leadImage": {"text": caption, "credit": credit},
    }
    assert body["setArticleBody"] == {
        "__typename": "Article",
        "version": 3,
        "body": [
            {"__typename": "ParagraphBlock"},
            {"__typename": "RelatedStoryBlock"},
            {"__typename": "ParagraphBlock"},
        ],
    }
    stories = added["addRelatedStory"]["relatedStories"]
    assert added["addRelatedStory"] == {
        "__typename": "Article",
        "version": 4,
        "relatedStories": [
            {"id": stories[0]["id"], "position": 1, "headline": port_cities},
            {"id": stories[1]["id"], "position": 3, "headline": "Tide tables for the region"},
        ],
    }
    names = [{"name": author["name"]} for author in authors]
    assert bylines["setArticleAuthors"] == {
        "__typename": "Article",
        "version": 5,
        "authors": names,
    }
    assert tagged["setArticleTags"] == {
        "__typename": "Article",
        "version": 6,
        "tags": [{"name": "Oceans"}],
    }
    russian_headline = "Уровень моря у островов за десятилетие рос быстрее"
    assert russian["createArticle"] == {
        "__typename": "Article",
        "id": translation_id,
        "locale": "ru",
        "version": 1,
        "translations": [{"locale": "en", "headline": headline}],
    }
    assert russian_picture["setLeadImage"] == {
        "__typename": "Article",
        "version": 2,
        "leadImage": {"text": "Мареограф на причале в Фунафути, Тувалу.", "credit": credit},
    }
    page = {
        "article": {
            "headline": headline,
            "version": 6,
            "authors": names,
            "leadImage": {"text": caption, "credit": credit},
            "body": [
                {
                    "__typename": "ParagraphBlock",
                    "text": "Tide gauges on twelve atolls recorded the rise.",
                },
                {
                    "__typename": "RelatedStoryBlock",
                    "relatedStory": {
                        "position": 1,
                        "headline": port_cities,
                        "image": {"text": "Quays raised in Busan.", "credit": credit},
                    },
                },
                {"__typename": "ParagraphBlock", "text": "Officials welcomed the data."},
                {
                    "__typename": "RelatedStoryBlock",
                    "relatedStory": {
                        "position": 3,
                        "headline": "Tide tables for the region",
                        "image": None,
                    },
                },
            ],
        }
    }
    assert (preview, through_link) == (page, page)
    assert public_before == {"article": None}
    at = published["publishArticle"]["publishedAt"]
    assert published == {
        "publishArticle": {"__typename": "Article", "version": 7, "publishedAt": at}
    }
    russian_at = published_russian["publishArticle"]["publishedAt"]
    assert published_russian == {
        "publishArticle": {"__typename": "Article", "version": 3, "publishedAt": russian_at}
    }
    assert public_after == {
        "article": {
            "headline": headline,
            "publishedAt": at,
            "authors": names,
            "tags": [{"name": "Oceans"}],
            "translations": [{"locale": "ru", "headline": russian_headline}],
        }
    }
