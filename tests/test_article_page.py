from demo import content
from settings import Settings
from tests.conftest import GraphQL
from tests.documents import document


async def test_demo_article_page_has_credit_caption_and_three_teasers_in_place(
    gql: GraphQL,
    demo: None,
) -> None:
    body = await gql(document("article_page"), slug=content.STORY_SLUG)

    assert "errors" not in body
    assert body["data"]["article"] == {
        "headline": "Pacific atolls install tide gauges as king tides reach homes more often",
        "standfirst": (
            "Three island nations are placing automatic tide gauges on their lowest atolls. "
            "Officials say the readings will decide where families move first."
        ),
        "locale": "en",
        "section": {
            "name": "Asia & Pacific",
            "description": (
                "News and analysis from China, Japan, the Koreas, India and Pakistan, "
                "Southeast Asia and Oceania."
            ),
            "parent": {"name": "World"},
        },
        "authors": [
            {"name": "Lena Marsh", "jobTitle": "Pacific correspondent"},
            {"name": "Tomas Ruiz", "jobTitle": "Asia editor"},
        ],
        "tags": [{"slug": "climate"}, {"slug": "oceans"}],
        "leadImage": {
            "text": (
                "Children walk along a coral-block sea wall at low tide on Funafuti, Tuvalu, "
                "on February 14, 2021."
            ),
            "credit": "© Meridian Press 2021 / Ana Folau",
            "alt": "Children walk along a coral-block sea wall at low tide",
            "image": {
                "width": 1600,
                "height": 900,
                "creditLine": "© Meridian Press 2021 / Ana Folau",
                "focalPoint": {"x": 0.42, "y": 0.55},
            },
        },
        "body": [
            {
                "__typename": "ParagraphBlock",
                "text": (
                    "The gauges, each the size of a suitcase, report the sea level every six "
                    "minutes to a shared regional service, according to the programme's "
                    "organisers."
                ),
            },
            {
                "__typename": "RelatedStoryBlock",
                "relatedStory": {
                    "position": 1,
                    "headline": "Port cities across East Asia raise their quays by half a metre",
                    "article": {"slug": "port-cities-raise-quays"},
                    "image": {
                        "text": "Container cranes in Kobe, Japan, on May 3, 2019.",
                        "credit": "© Meridian Press 2019 / Ken Sato",
                        "image": {"creditLine": "© Meridian Press 2019 / Ken Sato"},
                    },
                },
            },
            {
                "__typename": "QuoteBlock",
                "text": "We used to learn about a king tide when the water came through the door.",
                "attribution": "Sione Tala, a community leader on Nukulaelae",
            },
            {
                "__typename": "ParagraphBlock",
                "text": (
                    "Sea levels around the atolls have risen by about 15 centimetres since 1993, "
                    "the regional climate office says. The Northern Wire agency reports that "
                    "insurers have begun asking for the readings."
                ),
            },
            {
                "__typename": "RelatedStoryBlock",
                "relatedStory": {
                    "position": 4,
                    "headline": "Mangroves come back on Java's coast",
                    "article": {"slug": "mangroves-return-to-java-coast"},
                    "image": {
                        "text": "Planting near Demak, Indonesia, on March 9, 2022.",
                        "credit": "© Lotus Images 2022 / Priya Nair",
                        "image": {"creditLine": "© Lotus Images 2022 / Priya Nair"},
                    },
                },
            },
            {
                "__typename": "ParagraphBlock",
                "text": (
                    "The first 40 gauges were paid for by a development fund; the next 60 "
                    "depend on a pledge that has yet to be signed."
                ),
            },
            {
                "__typename": "RelatedStoryBlock",
                "relatedStory": {
                    "position": 6,
                    "headline": "Warning sirens tested across the islands",
                    "article": {"slug": "sirens-tested-across-the-islands"},
                    "image": {
                        "text": "A warning sign.",
                        "credit": "© Meridian Press 2018",
                        "image": {"creditLine": "© Meridian Press 2018"},
                    },
                },
            },
            {
                "__typename": "ParagraphBlock",
                "text": "Engineers plan to publish the data openly, so that schools can follow the tides.",
            },
        ],
        "translations": [
            {
                "locale": "ru",
                "slug": "tide-gauges-pacific-atolls",
                "headline": (
                    "На тихоокеанских атоллах ставят мареографы: приливы всё чаще доходят до домов"
                ),
            }
        ],
    }


async def test_russian_version_links_back_and_its_section_is_a_translation(
    gql: GraphQL, demo: None
) -> None:
    body = await gql(
        """query($slug: String!) {
          article(slug: $slug, locale: "ru") {
            locale
            section { name translations { locale name } }
            translations { locale headline }
          }
        }""",
        slug=content.STORY_SLUG,
    )

    assert body["data"] == {
        "article": {
            "locale": "ru",
            "section": {
                "name": "Азия и Тихий океан",
                "translations": [
                    {"locale": "en", "name": "Asia & Pacific"},
                    {"locale": "fr", "name": "Asie-Pacifique"},
                ],
            },
            "translations": [
                {
                    "locale": "en",
                    "headline": (
                        "Pacific atolls install tide gauges as king tides reach homes more often"
                    ),
                }
            ],
        }
    }


async def test_loading_the_demo_twice_changes_nothing(gql: GraphQL, settings: Settings) -> None:
    assert await content.load(settings.media_root) is True

    assert await content.load(settings.media_root) is False

    body = await gql("{ articles(first: 100) { totalCount } sections { slug } }")
    # In English, once: the four stories of the first demo and eighteen more (the
    # embargoed one is not out yet).
    assert body["data"] == {
        "articles": {"totalCount": 22},
        "sections": [
            {"slug": "world"},
            {"slug": "asia-pacific"},
            {"slug": "europe"},
            {"slug": "business"},
            {"slug": "science"},
            {"slug": "sport"},
        ],
    }
