"""The demo newsroom: one article page with the shape of a real agency story, and around
it the rest of a desk (demo.stories): a section tree in three languages, some thirty
stories, drafts, a scheduled and an embargoed one.

The stories, their people and their agency are invented for Dateline.
"""

import secrets
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import models
from auth import passwords
from demo import pictures, stories
from demo.compose import Draft, Picture, Teaser, compose
from media.probe import probe
from resolvers import accounts, search_index

STORY_SLUG = "tide-gauges-pacific-atolls"


async def _image(
    media_root: Path, key: str, width: int, height: int, colours: tuple[str, str], **rights: Any
) -> models.Image:
    storage_key = f"demo/{key}.jpg"  # readable keys: the demo's pictures are known by name
    data = pictures.draw(width, height, *colours)
    pictures.store(media_root, storage_key, data)
    # The placeholders an upload would get, from the same code.
    probed = probe(data, max_bytes=len(data), max_pixels=width * height)
    image = await models.Image.create(
        storage_key=storage_key,
        width=width,
        height=height,
        mime_type="image/jpeg",
        byte_size=len(data),
        blurhash=probed.blurhash,
        dominant_color=probed.dominant_color,
        **rights,
    )
    await search_index.rewrite_pictures([image.id])  # as an upload indexes it
    return image


DEMO_EDITOR = "desk@dateline.example"


async def editor_account() -> tuple[str, str]:
    """The demo's editor account, with a new password each time it is asked for (printed
    by `dateline serve --demo` in development, never in production): nobody can sign in
    with a password written down in this repository."""
    password = secrets.token_urlsafe(12)
    user = await models.User.filter(email=DEMO_EDITOR).first()
    if user is None:
        await accounts.create_user(
            email=DEMO_EDITOR, display_name="Demo Desk", password=password, role=models.Role.EDITOR
        )
    else:
        user.password_hash = passwords.hash_password(password)
        user.is_active = True
        await user.save(update_fields=["password_hash", "is_active"])
    return DEMO_EDITOR, password


async def load(media_root: Path, now: datetime | None = None) -> bool:
    """Loads the demo newsroom once, its pictures under `media_root`; False if already there.
    `now` places the scheduled and the embargoed story (two weeks and a week ahead)."""
    if await models.Article.filter(slug=STORY_SLUG, locale="en").exists():
        return False

    world = await models.Section.create(slug="world", name="World", position=0)
    sections_group = uuid.uuid4()
    asia = await models.Section.create(
        slug="asia-pacific",
        name="Asia & Pacific",
        description=(
            "News and analysis from China, Japan, the Koreas, India and Pakistan, "
            "Southeast Asia and Oceania."
        ),
        parent=world,
        position=1,
        translation_group=sections_group,
    )
    asia_ru = await models.Section.create(
        slug="asia-pacific",
        name="Азия и Тихий океан",
        description=(
            "Новости и аналитика из Китая, Японии, Кореи, Индии и Пакистана, "
            "Юго-Восточной Азии и Океании."
        ),
        position=1,
        locale="ru",
        translation_group=sections_group,
    )

    reporter = await models.Author.create(
        name="Lena Marsh",
        slug="lena-marsh",
        job_title="Pacific correspondent",
        bio="Covers climate and the island states of the Pacific from Suva.",
    )
    editor = await models.Author.create(
        name="Tomas Ruiz", slug="tomas-ruiz", job_title="Asia editor"
    )
    climate = await models.Tag.create(name="Climate", slug="climate")
    oceans = await models.Tag.create(name="Oceans", slug="oceans")

    async def image(
        key: str, width: int, height: int, colours: tuple[str, str], **rights: Any
    ) -> models.Image:
        return await _image(media_root, key, width, height, colours, **rights)

    made = await stories.sections(
        {("world", "en"): world, ("asia-pacific", "en"): asia, ("asia-pacific", "ru"): asia_ru}
    )
    desk = await stories.load(
        image,
        made,
        {"lena-marsh": reporter, "tomas-ruiz": editor},
        {"climate": climate, "oceans": oceans},
        now or datetime.now(UTC),
    )

    def teasers(*keys: str) -> list[Teaser]:
        return [Teaser(after_block=1, target=desk.stories[key, "en"]) for key in keys]

    lead = await _image(
        media_root,
        "atoll-seawall",
        colours=("#8ec5fc", "#1f6f8b"),
        width=1600,
        height=900,
        alt_text="Children walk along a coral-block sea wall at low tide",
        creator="Ana Folau",
        credit_line="Meridian Press",
        copyright_holder="Meridian Press",
        copyright_year=2021,
        usage_terms="Editorial use only",
        focal_x=0.42,
        focal_y=0.55,
        date_taken=datetime(2021, 2, 14, 6, 30, tzinfo=UTC),
    )
    harbour = await _image(
        media_root,
        "harbour-cranes",
        colours=("#c9d6df", "#52616b"),
        width=1200,
        height=800,
        alt_text="Cranes over a container harbour",
        creator="Ken Sato",
        credit_line="Meridian Press",
        copyright_holder="Meridian Press",
        copyright_year=2019,
    )
    mangroves = await _image(
        media_root,
        "mangrove-planting",
        colours=("#d4fc79", "#2a7b5b"),
        width=1200,
        height=800,
        alt_text="Volunteers plant mangroves",
        creator="Priya Nair",
        credit_line="Lotus Images",
        copyright_holder="Lotus Images",
        copyright_year=2022,
    )
    sign = await _image(
        media_root,
        "evacuation-sign",
        colours=("#fddb92", "#355c7d"),
        width=800,
        height=800,
        alt_text="A tsunami evacuation route sign",
        credit_line="Meridian Press",
        copyright_holder="Meridian Press",
        copyright_year=2018,
    )

    published = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    port = await compose(
        Draft(
            section=asia,
            slug="port-cities-raise-quays",
            authors=[editor],
            tags=[climate],
            headline="Port cities across East Asia raise their quays by half a metre",
            standfirst="Harbour authorities are rebuilding berths higher. Shippers pay part of the bill.",
            blocks=["Engineers say the work will take a decade."],
            lead=Picture(harbour, "Cranes at a container terminal in Kobe, Japan, on May 3, 2019."),
            teasers=teasers(
                "insurers-levy-low-lying-ports",
                "singapore-port-electric-nights",
                "rotterdam-self-raising-barrier",
            ),
            published_at=published.replace(day=18),
        )
    )
    mangrove_story = await compose(
        Draft(
            section=asia,
            slug="mangroves-return-to-java-coast",
            authors=[reporter],
            tags=[oceans],
            headline="Mangroves return to a stretch of Java's northern coast",
            standfirst="Villagers replanted four kilometres of shoreline. Fish catches are recovering.",
            blocks=["The project began after floods in 2020."],
            lead=Picture(
                mangroves, "Volunteers plant seedlings near Demak, Indonesia, on March 9, 2022."
            ),
            teasers=teasers(
                "bangladesh-hourly-monsoon-forecasts",
                "fiji-swimming-for-every-pupil",
                "svalbard-seed-bank-deposit",
            ),
            published_at=published.replace(day=17),
        )
    )
    warning = await compose(
        Draft(
            section=asia,
            slug="sirens-tested-across-the-islands",
            authors=[reporter],
            tags=[oceans],
            headline="Warning sirens tested across the islands",
            standfirst="The annual drill reached every inhabited island for the first time.",
            blocks=["Officials called the test a success."],
            lead=Picture(sign, "An evacuation route sign."),
            teasers=teasers(
                "tide-records-by-2030",
                "coastal-cities-share-flood-data",
                "seoul-floating-neighbourhood",
            ),
            published_at=published.replace(day=16),
        )
    )

    story_group = uuid.uuid4()
    await compose(
        Draft(
            section=asia,
            slug=STORY_SLUG,
            authors=[reporter, editor],
            tags=[climate, oceans],
            headline="Pacific atolls install tide gauges as king tides reach homes more often",
            standfirst=(
                "Three island nations are placing automatic tide gauges on their lowest atolls. "
                "Officials say the readings will decide where families move first."
            ),
            lead=Picture(
                lead,
                "Children walk along a coral-block sea wall at low tide on Funafuti, Tuvalu, "
                "on February 14, 2021.",
            ),
            blocks=[
                "The gauges, each the size of a suitcase, report the sea level every six minutes "
                "to a shared regional service, according to the programme's organisers.",
                {
                    "type": "quote",
                    "text": "We used to learn about a king tide when the water came through the door.",
                    "attribution": "Sione Tala, a community leader on Nukulaelae",
                },
                "Sea levels around the atolls have risen by about 15 centimetres since 1993, the "
                "regional climate office says. The Northern Wire agency reports that insurers "
                "have begun asking for the readings.",
                "The first 40 gauges were paid for by a development fund; the next 60 depend on a "
                "pledge that has yet to be signed.",
                "Engineers plan to publish the data openly, so that schools can follow the tides.",
            ],
            teasers=[
                Teaser(
                    after_block=1,
                    target=port,
                    picture=Picture(harbour, "Container cranes in Kobe, Japan, on May 3, 2019."),
                ),
                Teaser(
                    after_block=3,
                    target=mangrove_story,
                    headline="Mangroves come back on Java's coast",
                    picture=Picture(mangroves, "Planting near Demak, Indonesia, on March 9, 2022."),
                ),
                Teaser(after_block=4, target=warning, picture=Picture(sign, "A warning sign.")),
            ],
            translation_group=story_group,
            published_at=published,
            seo_title="Tide gauges on Pacific atolls",
            seo_description="Island nations measure king tides to plan where families move.",
        )
    )
    await compose(
        Draft(
            section=asia_ru,
            slug=STORY_SLUG,
            locale="ru",
            authors=[reporter],
            tags=[climate],
            headline="На тихоокеанских атоллах ставят мареографы: приливы всё чаще доходят до домов",
            standfirst=(
                "Три островных государства устанавливают автоматические мареографы. "
                "По их данным решат, какие семьи переселять первыми."
            ),
            lead=Picture(
                lead,
                "Дети идут по волнолому из кораллового камня во время отлива, Фунафути, Тувалу, "
                "14 февраля 2021 года.",
            ),
            blocks=["Каждый прибор передаёт уровень моря каждые шесть минут."],
            teasers=[
                Teaser(after_block=1, target=desk.stories[key, "ru"])
                for key in (
                    "coastal-cities-share-flood-data",
                    "rotterdam-self-raising-barrier",
                    "deep-ocean-warming",
                )
            ],
            translation_group=story_group,
            published_at=published,
        )
    )
    return True
