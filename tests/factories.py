"""Rows for tests, with defaults; override what a test is about, by keyword."""

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import count
from typing import Any

import models
from auth import tokens
from demo.compose import Draft, Picture, Teaser, compose
from resolvers import search_index
from resolvers.accounts import create_user

_serial = count(1)
PUBLISHED = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


async def section(**fields: Any) -> models.Section:
    n = next(_serial)
    return await models.Section.create(**{"slug": f"section-{n}", "name": f"Section {n}", **fields})


async def author(**fields: Any) -> models.Author:
    n = next(_serial)
    return await models.Author.create(**{"slug": f"author-{n}", "name": f"Author {n}", **fields})


async def tag(**fields: Any) -> models.Tag:
    n = next(_serial)
    return await models.Tag.create(**{"slug": f"tag-{n}", "name": f"Tag {n}", **fields})


async def image(**fields: Any) -> models.Image:
    n = next(_serial)
    defaults: dict[str, Any] = {
        "storage_key": f"test/{n}.jpg",
        "width": 1200,
        "height": 800,
        "mime_type": "image/jpeg",
        "byte_size": 1000,
        "alt_text": f"Alt {n}",
        "creator": "Ed Photographer",
        "credit_line": "Agency",
        "copyright_holder": "Agency",
        "copyright_year": 2024,
    }
    made = await models.Image.create(**{**defaults, **fields})
    await search_index.rewrite_pictures([made.id])  # as an upload indexes it
    return made


async def article(
    *,
    in_section: models.Section | None = None,
    lead: models.Image | None = None,
    teasers: Sequence[models.Article] = (),
    teaser_picture: models.Image | None = None,
    **fields: Any,
) -> models.Article:
    """A published article (pass published_at=None for a draft) with a lead picture,
    which its teasers show too unless `teaser_picture` is given."""
    n = next(_serial)
    picture = lead or await image()
    draft = Draft(
        section=in_section or await section(),
        slug=fields.pop("slug", f"article-{n}"),
        headline=fields.pop("headline", f"Headline {n}"),
        blocks=fields.pop("blocks", ["First paragraph.", "Second paragraph."]),
        lead=Picture(picture, f"Caption {n}"),
        teasers=[
            Teaser(
                after_block=1,
                target=target,
                picture=Picture(teaser_picture or picture, f"Teaser {n}.{i}"),
            )
            for i, target in enumerate(teasers)
        ],
        published_at=fields.pop("published_at", PUBLISHED),
        **fields,
    )
    return await compose(draft)


PASSWORD = "correct horse battery staple"


async def user(role: models.Role = models.Role.EDITOR, **fields: Any) -> models.User:
    n = next(_serial)
    return await create_user(
        email=fields.pop("email", f"editor{n}@newsroom.test"),
        display_name=fields.pop("display_name", f"Editor {n}"),
        password=fields.pop("password", PASSWORD),
        role=role,
    )


async def api_token(*scopes: str) -> str:
    """A live API token's secret."""
    secret = tokens.new_secret(tokens.API_TOKEN_PREFIX)
    await models.ApiToken.create(
        name=f"token {next(_serial)}", token_hash=tokens.digest(secret), scopes=list(scopes)
    )
    return secret
