"""The playground's editing tabs, run in order against the demo newsroom as an editor would."""

import json
from typing import Any

import httpx

import models
from playground import tabs
from tests import factories


class Editor:
    """Runs one named operation of a workflow tab, with the tab's variables and overrides."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.headers: dict[str, str] = {}
        steps = tabs()[1:]
        self.tabs = {tab["query"].splitlines()[0]: tab for tab in steps}
        assert list(self.tabs) == [
            "# Editing, step 1 of 5: sign in.",
            "# Editing, step 2 of 5: create a draft (sign in first, step 1).",
            "# Editing, step 3 of 5: the lead picture with its caption, then the body with a",
            "# Editing, step 4 of 5: preview.",
            "# Editing, step 5 of 5: publish (editors and admins).",
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

    login = await editor.run(1, "Login", email="desk@paper.example", password=factories.PASSWORD)
    editor.headers = {"Authorization": f"Bearer {login['login']['accessToken']}"}
    me = await editor.run(1, "Me")
    ids = await editor.run(2, "Ids")
    section_id = ids["section"]["id"]
    story_id = ids["article"]["id"]
    image_id = ids["article"]["leadImage"]["image"]["id"]
    draft = await editor.run(2, "CreateDraft", sectionId=section_id)
    article_id = draft["createArticle"]["id"]
    lead = await editor.run(3, "SetLeadImage", id=article_id, imageId=image_id)
    body = await editor.run(
        3, "SetBody", id=article_id, version=2, imageId=image_id, storyId=story_id
    )
    added = await editor.run(3, "AddRelatedStory", id=article_id, version=3)
    preview = await editor.run(4, "Draft")
    link = await editor.run(4, "PreviewLink", id=article_id)
    editor.headers = {"Authorization": f"Bearer {link['createPreviewToken']['token']}"}
    through_link = await editor.run(4, "Draft")
    editor.headers = {}
    public_before = await editor.run(5, "Public")
    editor.headers = {"Authorization": f"Bearer {login['login']['accessToken']}"}
    published = await editor.run(5, "Publish", id=article_id)
    editor.headers = {}
    public_after = await editor.run(5, "Public")

    port_cities = "Port cities across East Asia raise their quays by half a metre"
    credit = "© Meridian Press 2019 / Ken Sato"
    caption = "A tide gauge on the quay at Funafuti, Tuvalu."
    headline = "Sea levels around the islands rose faster this decade"
    assert login["login"]["user"] == {"email": "desk@paper.example", "role": "EDITOR"}
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
    page = {
        "article": {
            "headline": headline,
            "version": 4,
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
        "publishArticle": {"__typename": "Article", "version": 5, "publishedAt": at}
    }
    assert public_after == {"article": {"headline": headline, "publishedAt": at}}
