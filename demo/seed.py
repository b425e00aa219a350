"""Synthetic bulk content for benchmarks: article pages of realistic size and shape."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import models
from demo import pictures
from demo.compose import Draft, Picture, Teaser, compose
from resolvers import search_index

_WORDS = [
    "harbour",
    "council",
    "tide",
    "report",
    "minister",
    "coast",
    "island",
    "rainfall",
    "market",
    "election",
    "village",
    "survey",
    "fishing",
    "energy",
    "school",
    "border",
    "river",
    "bridge",
    "festival",
    "station",
]


def _text(seed: int, length: int) -> str:
    words: list[str] = []
    index = seed
    while sum(len(word) + 1 for word in words) < length:
        words.append(_WORDS[index % len(_WORDS)])
        index = index * 7 + 3
    return " ".join(words)[:length].rstrip().capitalize() + "."


async def seed(count: int, media_root: Path, now: datetime | None = None) -> int:
    """Adds `count` published articles, a minute apart counting back from `now` (default:
    the real time): `seed-0` is the newest. Each teases the three published just before
    it, so every page a frontend shows first (the newest) has all three; only the three
    oldest have fewer, for lack of older stories."""
    section, _ = await models.Section.get_or_create(
        slug="seed", locale="en", defaults={"name": "Seeded", "position": 99}
    )
    author, _ = await models.Author.get_or_create(slug="seed-desk", defaults={"name": "Seed Desk"})
    data = pictures.draw(1600, 900, "#a1c4fd", "#30475e")
    pictures.store(media_root, "seed/picture.jpg", data)
    image = await models.Image.create(
        storage_key="seed/picture.jpg",
        width=1600,
        height=900,
        mime_type="image/jpeg",
        byte_size=len(data),
        alt_text="A harbour at dawn",
        creator="Seed Photographer",
        credit_line="Seed Agency",
        copyright_holder="Seed Agency",
        copyright_year=2024,
    )
    await search_index.rewrite_pictures([image.id])  # as an upload indexes it
    start = await models.Article.filter(section=section).count()
    now = now or datetime.now(UTC)
    recent: list[models.Article] = []  # the older ones, written first: teasers need targets
    for number in reversed(range(start, start + count)):
        teasers = [
            Teaser(after_block=2 * k + 1, target=target, picture=Picture(image, _text(k, 60)))
            for k, target in enumerate(recent[-3:])
        ]
        article = await compose(
            Draft(
                section=section,
                slug=f"seed-{number}",
                headline=_text(number, 70),
                standfirst=_text(number + 1, 250),
                blocks=[_text(number + p, 400) for p in range(6)],
                lead=Picture(image, _text(number + 2, 120)),
                teasers=teasers,
                authors=[author],
                published_at=now - timedelta(minutes=number + 1),
            )
        )
        recent.append(article)
    return count
