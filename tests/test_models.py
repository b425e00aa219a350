import pytest
from tortoise.exceptions import IntegrityError, ValidationError

import models
from resolvers import reads, statements
from resolvers.images import credit_line
from resolvers.visibility import DRAFTS
from tests import factories


async def test_deleting_an_image_in_use_is_refused_and_nothing_is_lost() -> None:
    picture = await factories.image()
    article = await factories.article(lead=picture)

    with pytest.raises(IntegrityError):
        await picture.delete()

    assert await models.Image.filter(id=picture.id).exists()
    assert await models.Caption.filter(article_id=article.id, image_id=picture.id).count() == 1


async def test_deleting_an_unused_image_works() -> None:
    picture = await factories.image()

    await picture.delete()

    assert not await models.Image.filter(id=picture.id).exists()


@pytest.mark.parametrize(
    "body",
    [
        [{"type": "marquee", "text": "no such block"}],
        [{"type": "paragraph", "text": ""}],
        [{"type": "heading", "text": "Too deep", "level": 9}],
        [{"type": "embed", "url": "javascript:alert(1)"}],
        [{"type": "paragraph", "text": "x", "style": "extra keys are refused"}],
        {"type": "paragraph", "text": "not a list"},
    ],
)
async def test_invalid_body_is_refused_on_write(body: object) -> None:
    article = await factories.article(blocks=["Kept."])

    article.body = body  # type: ignore[assignment]  # deliberately not a list of blocks
    with pytest.raises(ValidationError):
        await article.save()

    stored = await models.Article.get(id=article.id)
    assert stored.body == [{"type": "paragraph", "text": "Kept."}]


@pytest.mark.parametrize(
    ("rights", "line"),
    [
        (
            {"copyright_holder": "AFP", "copyright_year": 2023, "creator": "Ed Jones"},
            "© AFP 2023 / Ed Jones",
        ),
        (
            {
                "copyright_holder": "",
                "credit_line": "AFP",
                "copyright_year": 2023,
                "creator": "Ed Jones",
            },
            "© AFP 2023 / Ed Jones",
        ),
        (
            {"copyright_holder": "AFP", "copyright_year": None, "creator": "Ed Jones"},
            "© AFP / Ed Jones",
        ),
        ({"copyright_holder": "AFP", "copyright_year": 2023, "creator": ""}, "© AFP 2023"),
        (
            {
                "copyright_holder": "",
                "credit_line": "",
                "copyright_year": None,
                "creator": "Ed Jones",
            },
            "Ed Jones",
        ),
        ({"copyright_holder": "", "credit_line": "", "copyright_year": None, "creator": ""}, None),
    ],
)
def test_credit_line_degrades_when_parts_are_missing(
    rights: dict[str, object], line: str | None
) -> None:
    defaults: dict[str, object] = {"credit_line": "", "copyright_holder": "", "creator": ""}
    image = models.Image(**{**defaults, **rights})

    assert credit_line(image) == line


async def test_a_body_the_read_path_loads_is_decoded_on_first_use_and_saves_as_usual() -> None:
    """models.Article.body: the read path hands it over undecoded (resolvers.statements)."""
    article = await factories.article(slug="lazy")
    found = await reads.ARTICLES.rows(DRAFTS, ids=[article.id], now=None, draft_ids=[])
    row = statements.one(models.Article, found[0], "a")
    assert row is not None
    assert models.UNDECODED_BODY in row.__dict__

    assert row.body == article.body
    assert models.UNDECODED_BODY not in row.__dict__

    row.body = [{"type": "paragraph", "text": "Rewritten."}]
    await row.save()
    assert (await models.Article.get(id=article.id)).body == [
        {"type": "paragraph", "text": "Rewritten."}
    ]
