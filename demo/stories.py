"""The rest of the demo newsroom: stories across the section tree, in three languages.

Every story, its people and its agency are invented for Dateline. Each published story
has a lead picture and three teasers (to stories loaded before it, or, for the first
ones, to pages of the invented agency's site); a few stories are still drafts, one is
scheduled and one held by an embargo, so that every state an editor meets is here.
"""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import models
from demo.compose import Draft, Picture, Teaser, compose

AGENCY = "Meridian Press"
AGENCY_SITE = "https://meridian-press.example"


@dataclass(frozen=True)
class Story:
    key: str  # the slug, and the name its translations and pictures go by
    section: str
    author: str
    tags: tuple[str, ...]
    headline: str
    standfirst: str
    paragraphs: tuple[str, str]
    caption: str
    photographer: str
    colours: tuple[str, str]
    day: int  # of November 2026


# Sections: slug -> parent slug, and the name in each language.
SECTIONS = {
    "world": (None, {"en": "World", "ru": "Мир", "fr": "Monde"}),
    "asia-pacific": (
        "world",
        {"en": "Asia & Pacific", "ru": "Азия и Тихий океан", "fr": "Asie-Pacifique"},
    ),
    "europe": ("world", {"en": "Europe", "ru": "Европа", "fr": "Europe"}),
    "business": (None, {"en": "Business", "ru": "Экономика", "fr": "Économie"}),
    "science": (None, {"en": "Science", "ru": "Наука", "fr": "Sciences"}),
    "sport": (None, {"en": "Sport", "ru": "Спорт", "fr": "Sport"}),
}

STORIES = (
    Story(
        "coastal-cities-share-flood-data",
        "world",
        "tomas-ruiz",
        ("climate",),
        "Forty coastal cities agree to share their flood data",
        "The pact covers tide, rain and drainage readings. The first exchange is due in March.",
        (
            "Mayors from five continents signed the agreement in Lisbon on Tuesday.",
            "Cities will publish their readings in one format, so that engineers can compare them.",
        ),
        "Mayors sign the flood data pact in Lisbon.",
        "Rui Costa",
        ("#a1c4fd", "#2c3e50"),
        1,
    ),
    Story(
        "tide-records-by-2030",
        "world",
        "lena-marsh",
        ("climate", "oceans"),
        "A UN panel asks every coastal state for tide records by 2030",
        "Gaps in the record make forecasts less certain, the panel says.",
        (
            "The panel counted 61 countries with no public tide series longer than ten years.",
            "It proposes a fund to help small states buy and run gauges.",
        ),
        "A tide gauge on a harbour wall.",
        "Ana Folau",
        ("#cfd9df", "#1e3c72"),
        2,
    ),
    Story(
        "bangladesh-hourly-monsoon-forecasts",
        "asia-pacific",
        "tomas-ruiz",
        ("climate",),
        "Bangladesh moves its monsoon forecasts to the hour",
        "Farmers get text messages before each storm band arrives.",
        (
            "The weather service now updates its forecast every hour from June to September.",
            "Officials say the messages reached 12 million phones in the first season.",
        ),
        "Rice fields under monsoon clouds near Sylhet.",
        "Priya Nair",
        ("#d4fc79", "#355c7d"),
        3,
    ),
    Story(
        "seoul-floating-neighbourhood",
        "asia-pacific",
        "tomas-ruiz",
        ("climate",),
        "Seoul opens its first floating neighbourhood on the Han",
        "Sixty homes rise and fall with the river. Residents moved in this week.",
        (
            "The homes sit on concrete pontoons anchored to piles in the riverbed.",
            "The city plans two more such districts if the first survives a flood season.",
        ),
        "Floating homes on the Han river in Seoul.",
        "Ken Sato",
        ("#89f7fe", "#34495e"),
        4,
    ),
    Story(
        "fiji-swimming-for-every-pupil",
        "asia-pacific",
        "lena-marsh",
        ("oceans",),
        "Fiji will teach every pupil to swim by 2028",
        "Lessons start in the villages with the most drownings.",
        (
            "The ministry of education is training 400 teachers as swimming instructors.",
            "Parents on outer islands asked for the lessons after a difficult cyclone season.",
        ),
        "A swimming lesson in a lagoon on Viti Levu.",
        "Ana Folau",
        ("#a8edea", "#16a085"),
        5,
    ),
    Story(
        "rotterdam-self-raising-barrier",
        "europe",
        "mirela-kovac",
        ("climate",),
        "Rotterdam tests a flood barrier that rises on its own",
        "Hollow walls float up as the water comes in. No power is needed.",
        (
            "Engineers built a 200-metre test section along an old harbour basin.",
            "If it passes two winters, the city will fit it along six kilometres of quays.",
        ),
        "The test section of the barrier in Rotterdam.",
        "Joost de Vries",
        ("#e0c3fc", "#2c3e50"),
        6,
    ),
    Story(
        "night-trains-vienna-baltic",
        "europe",
        "mirela-kovac",
        ("travel",),
        "Night trains return between Vienna and the Baltic",
        "The service runs three times a week. Tickets for December sold out.",
        (
            "The route links Vienna with Warsaw, Vilnius and Riga in one night.",
            "The operators say demand comes from travellers who have given up short flights.",
        ),
        "A night train at Vienna's main station.",
        "Joost de Vries",
        ("#fbc2eb", "#3b3b58"),
        7,
    ),
    Story(
        "venice-fewer-day-visitors",
        "europe",
        "mirela-kovac",
        ("travel",),
        "Venice counts fewer day visitors after its entry fee",
        "Numbers fell by a fifth on the busiest days. Hotels report no change.",
        (
            "The city charges day visitors five euros on 54 days of the year.",
            "Residents' groups say the fee is too low to change how people travel.",
        ),
        "Visitors on a bridge in Venice.",
        "Luca Bruni",
        ("#f6d365", "#2c3e50"),
        8,
    ),
    Story(
        "insurers-levy-low-lying-ports",
        "business",
        "daniel-okafor",
        ("shipping", "climate"),
        "Shipping insurers add a levy for low-lying ports",
        "The charge depends on how often a port closed for flooding in the last decade.",
        (
            "Three large insurers announced the levy on Monday; others are expected to follow.",
            "Port authorities say the money would be better spent on raising their quays.",
        ),
        "Containers stacked at a port.",
        "Ken Sato",
        ("#c9d6df", "#52616b"),
        9,
    ),
    Story(
        "nordic-battery-orders-double",
        "business",
        "daniel-okafor",
        ("energy",),
        "A Nordic battery maker doubles its orders",
        "Ferry operators account for most of the new contracts.",
        (
            "The company says it will hire 800 people at its plant in northern Sweden.",
            "Its shares rose nine per cent after the results were published.",
        ),
        "The battery plant in northern Sweden.",
        "Ingrid Lund",
        ("#e6e9f0", "#4b6cb7"),
        10,
    ),
    Story(
        "coffee-prices-fall-brazil",
        "business",
        "daniel-okafor",
        (),
        "Coffee prices fall as Brazil's harvest beats forecasts",
        "Arabica futures dropped to their lowest level in two years.",
        (
            "Growers in Minas Gerais had feared a second dry year; the rain came in time.",
            "Roasters say shoppers will not see lower prices before spring.",
        ),
        "Coffee cherries drying in the sun in Minas Gerais.",
        "Rui Costa",
        ("#fddb92", "#6f4e37"),
        11,
    ),
    Story(
        "singapore-port-electric-nights",
        "business",
        "daniel-okafor",
        ("shipping", "energy"),
        "Singapore's port runs on electricity alone at night",
        "Diesel cranes and trucks are switched off from ten in the evening.",
        (
            "The port authority says the change cuts night-time emissions by a third.",
            "Neighbouring districts have asked for the same rule during the day.",
        ),
        "Electric cranes at a Singapore terminal at night.",
        "Ken Sato",
        ("#30cfd0", "#330867"),
        12,
    ),
    Story(
        "deep-ocean-warming",
        "science",
        "hana-ishikawa",
        ("oceans", "science"),
        "Ocean buoys find warmer water two kilometres down",
        "The readings come from a new fleet of deep-diving floats.",
        (
            "The floats sink to 2,000 metres every ten days and report when they surface.",
            "Scientists say the warming at depth is small but steady.",
        ),
        "A deep-diving float is lowered into the sea.",
        "Ingrid Lund",
        ("#48c6ef", "#1e3c72"),
        13,
    ),
    Story(
        "svalbard-seed-bank-deposit",
        "science",
        "hana-ishikawa",
        ("science",),
        "The Svalbard seed vault takes in 30,000 new samples",
        "The largest deposit in five years includes rice varieties from the Pacific.",
        (
            "The samples arrived in sealed boxes and were stored at minus 18 degrees.",
            "Several came from island gene banks that fear for their own buildings.",
        ),
        "Boxes of seeds at the entrance to the vault.",
        "Ingrid Lund",
        ("#e0eafc", "#4b6cb7"),
        14,
    ),
    Story(
        "school-telescopes-map-comet",
        "science",
        "hana-ishikawa",
        ("science",),
        "Pupils' telescopes map a comet's tail",
        "Two hundred schools pooled their images into one picture.",
        (
            "Each school photographed the comet on the same three nights.",
            "Astronomers used the images to measure how fast the tail grew.",
        ),
        "A comet over a school observatory.",
        "Priya Nair",
        ("#141e30", "#243b55"),
        15,
    ),
    Story(
        "tuvalu-first-world-swimmer",
        "sport",
        "pita-taufa",
        ("oceans",),
        "Tuvalu sends its first swimmer to the world championships",
        "Seventeen-year-old Mele Tafa trained in a lagoon with no pool on the island.",
        (
            "She qualified in the 50 metres freestyle at the regional games in Samoa.",
            "Her coach says the lagoon's currents made her stronger than any pool could.",
        ),
        "Mele Tafa trains in the lagoon at Funafuti.",
        "Ana Folau",
        ("#a1ffce", "#0f9b8e"),
        16,
    ),
    Story(
        "reef-coast-marathon-sells-out",
        "sport",
        "pita-taufa",
        ("travel",),
        "A marathon along the reef coast sells out in a day",
        "Runners will pass three beaches and a rainforest before the finish.",
        (
            "Organisers capped the field at 4,000 to protect the coastal paths.",
            "Part of each entry fee goes to a reef restoration project.",
        ),
        "Runners on a coastal path in Queensland.",
        "Luca Bruni",
        ("#f5f7fa", "#16a085"),
        17,
    ),
    Story(
        "round-the-world-race-auckland",
        "sport",
        "pita-taufa",
        (),
        "The round-the-world sailing race adds a stop in Auckland",
        "The fleet will arrive in March after the Southern Ocean leg.",
        (
            "Auckland last hosted the race in 2018, when 400,000 people came to the harbour.",
            "The new stopover replaces one in Asia that could not guarantee a berth.",
        ),
        "Racing yachts in Auckland harbour.",
        "Luca Bruni",
        ("#8ec5fc", "#e0c3fc"),
        18,
    ),
)

# Language versions of some stories: key -> headline, standfirst, paragraphs.
TRANSLATIONS: dict[str, dict[str, tuple[str, str, tuple[str, str]]]] = {
    "ru": {
        "coastal-cities-share-flood-data": (
            "Сорок прибрежных городов договорились обмениваться данными о наводнениях",
            "Соглашение касается приливов, осадков и работы ливнёвок. Первый обмен — в марте.",
            (
                "Мэры с пяти континентов подписали соглашение во вторник в Лиссабоне.",
                "Города будут публиковать данные в едином формате, чтобы инженеры могли их сравнивать.",
            ),
        ),
        "rotterdam-self-raising-barrier": (
            "В Роттердаме испытывают дамбу, которая поднимается сама",
            "Полые стенки всплывают вместе с водой. Электричество не нужно.",
            (
                "Инженеры построили 200-метровый участок вдоль старой гавани.",
                "Если он выдержит две зимы, город поставит такие стенки на шести километрах набережных.",
            ),
        ),
        "deep-ocean-warming": (
            "Буи нашли более тёплую воду на глубине двух километров",
            "Данные пришли от нового флота глубоководных поплавков.",
            (
                "Поплавки опускаются на 2000 метров каждые десять дней и передают данные, всплыв.",
                "Учёные говорят, что потепление на глубине небольшое, но устойчивое.",
            ),
        ),
        "tuvalu-first-world-swimmer": (
            "Тувалу впервые отправляет пловчиху на чемпионат мира",
            "Семнадцатилетняя Меле Тафа тренировалась в лагуне: бассейна на острове нет.",
            (
                "Она отобралась на 50 метров вольным стилем на региональных играх в Самоа.",
                "Тренер говорит, что течения лагуны сделали её сильнее, чем любой бассейн.",
            ),
        ),
    },
    "fr": {
        "coastal-cities-share-flood-data": (
            "Quarante villes côtières vont partager leurs données sur les crues",
            "L'accord porte sur les marées, la pluie et les réseaux d'évacuation. Premier échange en mars.",
            (
                "Des maires de cinq continents ont signé l'accord mardi à Lisbonne.",
                "Les villes publieront leurs relevés dans un format commun, pour que les ingénieurs les comparent.",
            ),
        ),
        "rotterdam-self-raising-barrier": (
            "Rotterdam teste une digue qui se lève toute seule",
            "Des parois creuses montent avec l'eau. Aucune énergie n'est nécessaire.",
            (
                "Les ingénieurs ont construit une section d'essai de 200 mètres le long d'un ancien bassin.",
                "Si elle tient deux hivers, la ville en équipera six kilomètres de quais.",
            ),
        ),
        "venice-fewer-day-visitors": (
            "Venise compte moins de visiteurs d'un jour depuis son droit d'entrée",
            "La fréquentation a baissé d'un cinquième les jours les plus chargés.",
            (
                "La ville fait payer cinq euros aux visiteurs d'un jour, 54 jours par an.",
                "Des associations d'habitants jugent la somme trop faible pour changer les habitudes.",
            ),
        ),
        "deep-ocean-warming": (
            "Des bouées trouvent une eau plus chaude à deux kilomètres de profondeur",
            "Les mesures viennent d'une nouvelle flotte de flotteurs plongeurs.",
            (
                "Les flotteurs descendent à 2 000 mètres tous les dix jours et transmettent en surface.",
                "Les chercheurs parlent d'un réchauffement faible mais continu.",
            ),
        ),
    },
}

AUTHORS = {
    "mirela-kovac": ("Mirela Kovač", "Europe correspondent"),
    "daniel-okafor": ("Daniel Okafor", "Business editor"),
    "hana-ishikawa": ("Hana Ishikawa", "Science writer"),
    "pita-taufa": ("Pita Taufa", "Sport reporter"),
}
TAGS = {"shipping": "Shipping", "energy": "Energy", "science": "Science", "travel": "Travel"}

Image = Callable[..., Awaitable[models.Image]]


@dataclass(frozen=True)
class Loaded:
    sections: dict[tuple[str, str], models.Section]  # (slug, locale)
    stories: dict[tuple[str, str], models.Article]  # (key, locale): published ones


async def sections(
    existing: dict[tuple[str, str], models.Section],
) -> dict[tuple[str, str], models.Section]:
    """The section tree in every language, parents first, each slug's versions linked;
    `existing` holds those already made (their group is kept)."""
    made = dict(existing)
    for position, (slug, (parent, names)) in enumerate(SECTIONS.items()):
        group = (
            next(
                (
                    made[slug, locale].translation_group
                    for locale in names
                    if (slug, locale) in made and made[slug, locale].translation_group is not None
                ),
                None,
            )
            or uuid.uuid4()
        )
        for locale, name in names.items():
            row = made.get((slug, locale))
            if row is None:
                row = await models.Section.create(
                    slug=slug,
                    name=name,
                    position=position,
                    locale=locale,
                    parent=made[parent, locale] if parent is not None else None,
                    translation_group=group,
                )
            else:
                row.translation_group = group
                row.parent = made[parent, locale] if parent is not None else None
                await row.save(update_fields=["translation_group", "parent_id"])
            made[slug, locale] = row
    return made


def _teasers(earlier: list[models.Article], picture: models.Image, caption: str) -> list[Teaser]:
    """Three teasers: the three stories loaded last in the same language, or the agency's
    pages while there are fewer."""
    targets = earlier[-3:]
    teasers = [Teaser(after_block=1, target=target) for target in targets]
    for n in range(3 - len(targets)):
        teasers.append(
            Teaser(
                after_block=1,
                url=f"{AGENCY_SITE}/coverage/{n + 1}",
                headline=("More from Meridian Press", "The week in pictures", "Explainers")[n],
                picture=Picture(picture, caption) if n == 0 else None,
            )
        )
    return teasers


async def load(
    image: Image,
    made: dict[tuple[str, str], models.Section],
    authors: dict[str, models.Author],
    tags: dict[str, models.Tag],
    now: datetime,
) -> Loaded:
    for slug, (name, job) in AUTHORS.items():
        authors[slug] = await models.Author.create(name=name, slug=slug, job_title=job)
    for slug, name in TAGS.items():
        tags[slug] = await models.Tag.create(name=name, slug=slug)
    stories: dict[tuple[str, str], models.Article] = {}
    earlier: dict[str, list[models.Article]] = {"en": [], "ru": [], "fr": []}
    for story in STORIES:
        picture = await image(
            story.key,
            1200,
            800,
            story.colours,
            alt_text=story.caption.rstrip("."),
            creator=story.photographer,
            credit_line=AGENCY,
            copyright_holder=AGENCY,
            copyright_year=2026,
        )
        group = uuid.uuid4()
        versions = {"en": (story.headline, story.standfirst, story.paragraphs)}
        versions |= {
            locale: texts[story.key] for locale, texts in TRANSLATIONS.items() if story.key in texts
        }
        for locale, (headline, standfirst, paragraphs) in versions.items():
            article = await compose(
                Draft(
                    section=made[story.section, locale],
                    slug=story.key,
                    locale=locale,
                    headline=headline,
                    standfirst=standfirst,
                    blocks=paragraphs,
                    lead=Picture(picture, story.caption),
                    teasers=_teasers(earlier[locale], picture, story.caption),
                    authors=[authors[story.author]],
                    tags=[tags[tag] for tag in story.tags],
                    translation_group=group,
                    published_at=datetime(2026, 11, story.day, 7, 0, tzinfo=UTC),
                )
            )
            stories[story.key, locale] = article
            earlier[locale].append(article)
    await _unfinished(made, authors, stories, now)
    return Loaded(made, stories)


async def _unfinished(
    made: dict[tuple[str, str], models.Section],
    authors: dict[str, models.Author],
    stories: dict[tuple[str, str], models.Article],
    now: datetime,
) -> None:
    """What an editor finds on the desk: two drafts, one scheduled, one under embargo."""
    world, science = made["world", "en"], made["science", "en"]
    for slug, headline, section in (
        ("relocation-funding-talks", "Pacific ministers meet on relocation funding", world),
        (
            "interview-tide-gauge-engineer",
            "Interview: the engineer behind the tide gauges",
            science,
        ),
    ):
        await compose(
            Draft(
                section=section,
                slug=slug,
                headline=headline,
                blocks=("To be written up after the call.",),
                authors=[authors["lena-marsh"]],
            )
        )
    scheduled = await compose(
        Draft(
            section=world,
            slug="king-tide-season-opens",
            headline="The king tide season opens: what to expect",
            standfirst="Forecasters publish their calendar of the highest tides.",
            blocks=("The highest tides of the season are expected in late January.",),
            authors=[authors["lena-marsh"]],
        )
    )
    await models.Article.filter(id=scheduled.id).update(
        status=models.ArticleStatus.SCHEDULED, published_at=now + timedelta(days=14)
    )
    # Out, but held: a finished page like the others, shown the moment the embargo lifts.
    deep = await models.Caption.get(
        article_id=stories["deep-ocean-warming", "en"].id, role=models.CaptionRole.LEAD
    ).prefetch_related("image")
    science_stories = ("deep-ocean-warming", "svalbard-seed-bank-deposit", "tide-records-by-2030")
    held = await compose(
        Draft(
            lead=Picture(deep.image, "A deep-diving float is lowered into the sea."),
            teasers=[Teaser(after_block=1, target=stories[key, "en"]) for key in science_stories],
            section=science,
            slug="sea-level-report-embargoed",
            headline="Sea-level report: the rise is speeding up",
            standfirst="The report is under embargo until its release at the climate summit.",
            blocks=("Embargoed: not for publication before the release.",),
            authors=[authors["hana-ishikawa"]],
            published_at=now - timedelta(hours=1),
        )
    )
    await models.Article.filter(id=held.id).update(embargoed_until=now + timedelta(days=7))
