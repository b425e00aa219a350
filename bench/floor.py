"""S1, the "REST floor": the homepage and article page without GraphQL.

Runs the statements the GraphQL resolvers run, through the app's own loaders and its
relations loaded up front (resolvers.loaders, resolvers.relations), builds the same
`{"data": ...}` document by hand and encodes it with orjson. The difference to S2 is
the price of GraphQL itself. Picture URLs come from the app's own functions
(resolvers/images.py), so both pay the same for signing.

    GET /homepage?first=20     GET /article?slug=seed-10

With BENCH_SQL_COUNT=1 each response carries `X-SQL-Count` (debug only: counting turns
on Tortoise's query log). Served as Dateline is: `python -m workers bench.floor:app --factory`.
"""

import os
from collections.abc import AsyncIterator, Awaitable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from strawberry import relay
from tortoise.contrib.starlette import RegisterTortoise

import models
from media.policy import signing_key
from models import body as blocks
from observability import sql
from resolvers import articles, images, reads, relations, statements
from resolvers.context import Context
from resolvers.images import credit_line
from resolvers.loaders import Loaders
from resolvers.pagination import Window
from resolvers.surrogates import Shown
from resolvers.visibility import Visibility
from settings import Settings

Json = dict[str, Any]


@dataclass(frozen=True)
class _Media:
    url: str
    signing_key: str


@dataclass(frozen=True)
class _UrlContext:
    """All that resolvers.images.url and src_set read of a Context."""

    media: _Media


class Floor:
    def __init__(self, settings: Settings) -> None:
        self.locale = settings.default_locale
        secret = settings.secret_key.get_secret_value()
        media = _Media(url=settings.media_url.rstrip("/"), signing_key=signing_key(secret))
        self.urls = cast(Context, _UrlContext(media))

    # The statements: the app's own, through its loaders, for an anonymous reader.

    def _loaders(self) -> tuple[Loaders, Visibility]:
        visibility = Visibility(datetime.now(UTC))
        return Loaders(visibility, Shown()), visibility

    @staticmethod
    async def _captions(
        loaders: Loaders, rows: Iterable[models.Article]
    ) -> dict[int, models.Caption]:
        """The body's pictures' captions (those the teasers brought are loaded already)."""
        wanted = sorted(
            {
                block.caption_id
                for row in rows
                for block in blocks.read_body(row.body)
                if isinstance(block, blocks.ImageBlock)
            }
        )
        found = await loaders.caption_by_id.load_many(wanted)
        return {row.id: row for row in found if row is not None}

    @staticmethod
    async def _teasers(loaders: Loaders, row: models.Article) -> dict[int, models.RelatedStory]:
        return {t.id: t for t in await loaders.related_stories_by_article_id.load(row.id)}

    # The documents.

    async def homepage(self, first: int) -> Json:
        loaders, visibility = self._loaders()
        listed = articles.listing(visibility, self.locale)
        rows = await listed.rows(loaders, Window(None, None, first + 1))
        page = rows[:first]
        total = await listed.count()
        needs = relations.Needs(
            section=True, bylines=True, lead=True, teasers=True, targets=relations.Needs()
        )
        await relations.load(loaders, page, needs)
        edges = []
        for row in page:
            lead = await loaders.lead_caption_by_article_id.load(row.id)
            section = await loaders.section_by_id.load(row.section_id)
            assert section is not None
            body = self._body(row, await self._teasers(loaders, row), {})
            node = {
                "id": str(relay.GlobalID("Article", str(row.id))),
                "slug": row.slug,
                "headline": row.headline,
                "standfirst": row.standfirst,
                "publishedAt": row.published_at.isoformat() if row.published_at else None,
                "section": {"name": section.name, "slug": section.slug},
                "authors": [
                    {"name": a.name} for a in await loaders.authors_by_article_id.load(row.id)
                ],
                "leadImage": self._lead_card(lead) if lead else None,
                "relatedStories": [
                    self._teaser_card(position, story)
                    for position, story in body
                    if isinstance(story, models.RelatedStory)
                ],
            }
            edges.append({"node": node})
        return {
            "data": {
                "articles": {
                    "totalCount": total,
                    "pageInfo": {
                        "hasNextPage": len(rows) > first,
                        "endCursor": listed.order.cursor(page[-1]) if page else None,
                    },
                    "edges": edges,
                }
            }
        }

    async def article_page(self, slug: str) -> Json:
        loaders, visibility = self._loaders()
        found = await reads.BY_SLUG.rows(
            visibility.variant, locale=self.locale, slug=slug, **visibility.values()
        )
        row = statements.one(models.Article, found[0], "a") if found else None
        loaders.joined_sections(found)
        if row is None:
            alias = await models.SlugAlias.filter(slug=slug, locale=self.locale).first()
            if alias is not None:
                row = await loaders.article_by_id.load(alias.article_id)
        if row is None:
            return {"data": {"article": None}}
        needs = relations.Needs(
            section=True,
            section_parent=True,
            bylines=True,
            tags=True,
            lead=True,
            teasers=True,
            body_captions=True,
            targets=relations.Needs(),
            translations=relations.Needs(),
        )
        await relations.load(loaders, [row], needs)
        section = await loaders.section_by_id.load(row.section_id)
        assert section is not None
        parent = (
            await loaders.section_by_id.load(section.parent_id)
            if section.parent_id is not None
            else None
        )
        authors = await loaders.authors_by_article_id.load(row.id)
        tags = await loaders.tags_by_article_id.load(row.id)
        lead = await loaders.lead_caption_by_article_id.load(row.id)
        versions = await loaders.articles_by_translation_group.load(row.translation_group)
        captions = await self._captions(loaders, [row])
        teasers = await self._teasers(loaders, row)
        body = [
            self._block(position, item) for position, item in self._body(row, teasers, captions)
        ]
        article = {
            "headline": row.headline,
            "standfirst": row.standfirst,
            "locale": row.locale,
            "section": {
                "name": section.name,
                "description": section.description,
                "parent": {"name": parent.name} if parent else None,
            },
            "authors": [{"name": a.name, "jobTitle": a.job_title or None} for a in authors],
            "tags": [{"slug": t.slug} for t in tags],
            "leadImage": self._lead_figure(lead) if lead else None,
            "body": body,
            "translations": [
                {"locale": t.locale, "slug": t.slug, "headline": t.headline}
                for t in versions
                if t.id != row.id
            ],
        }
        return {"data": {"article": article}}

    # The projections, field for field as the documents ask.

    @staticmethod
    def _body(
        row: models.Article,
        teasers: dict[int, models.RelatedStory],
        captions: dict[int, models.Caption],
    ) -> list[tuple[int, blocks.Block | models.Caption | models.RelatedStory]]:
        """Blocks with their references, as resolvers.body.blocks leaves them."""
        resolved: list[tuple[int, blocks.Block | models.Caption | models.RelatedStory]] = []
        for block in blocks.read_body(row.body):
            here = len(resolved)
            if isinstance(block, blocks.ImageBlock):
                caption = captions.get(block.caption_id)
                if caption is not None and caption.article_id == row.id:
                    resolved.append((here, caption))
            elif isinstance(block, blocks.RelatedBlock):
                if block.related_story_id in teasers:
                    resolved.append((here, teasers[block.related_story_id]))
            else:
                resolved.append((here, block))
        return resolved

    @staticmethod
    def _credit(caption: models.Caption) -> str | None:
        return caption.credit_override or credit_line(caption.image)

    def _lead_card(self, caption: models.Caption) -> Json:
        image = caption.image
        return {
            "text": caption.text,
            "credit": self._credit(caption),
            "alt": caption.alt_override or image.alt_text,
            "url": images.url(
                self.urls, image, images.Request(width=640, format="auto", crop=caption.crop)
            ),
            "srcSet": images.src_set(
                self.urls, image, images.Request(format="auto", crop=caption.crop)
            ),
            "image": {
                "id": str(relay.GlobalID("Image", str(image.id))),
                "width": image.width,
                "height": image.height,
                "creditLine": credit_line(image),
                "blurhash": image.blurhash or None,
                "dominantColor": image.dominant_color or None,
            },
        }

    def _teaser_card(self, position: int, story: models.RelatedStory) -> Json:
        caption = story.caption
        return {
            "position": position,
            "headline": self._headline(story),
            "article": {"slug": story.target.slug} if story.target is not None else None,
            "image": {
                "text": caption.text,
                "credit": self._credit(caption),
                "url": images.url(
                    self.urls, caption.image, images.Request(width=320, crop=caption.crop)
                ),
                "image": {
                    "id": str(relay.GlobalID("Image", str(caption.image.id))),
                    "creditLine": credit_line(caption.image),
                },
            }
            if caption is not None
            else None,
        }

    @staticmethod
    def _headline(story: models.RelatedStory) -> str:
        if story.headline_override:
            return story.headline_override
        return story.target.headline if story.target is not None else ""

    def _lead_figure(self, caption: models.Caption) -> Json:
        image = caption.image
        return {
            "text": caption.text,
            "credit": self._credit(caption),
            "alt": caption.alt_override or image.alt_text,
            "image": {
                "width": image.width,
                "height": image.height,
                "creditLine": credit_line(image),
                "focalPoint": {"x": image.focal_x, "y": image.focal_y},
            },
        }

    def _block(
        self, position: int, item: blocks.Block | models.Caption | models.RelatedStory
    ) -> Json:
        if isinstance(item, models.Caption):
            caption = {"text": item.text, "credit": self._credit(item)}
            return {"__typename": "ImageBlock", "caption": caption}
        if isinstance(item, models.RelatedStory):
            story = item.caption
            teaser = {
                "position": position,
                "headline": self._headline(item),
                "article": {"slug": item.target.slug} if item.target is not None else None,
                "image": {
                    "text": story.text,
                    "credit": self._credit(story),
                    "image": {"creditLine": credit_line(story.image)},
                }
                if story is not None
                else None,
            }
            return {"__typename": "RelatedStoryBlock", "relatedStory": teaser}
        if isinstance(item, blocks.Paragraph):
            return {"__typename": "ParagraphBlock", "text": item.text}
        if isinstance(item, blocks.Heading):
            return {"__typename": "HeadingBlock", "text": item.text, "level": item.level}
        if isinstance(item, blocks.Quote):
            return {
                "__typename": "QuoteBlock",
                "text": item.text,
                "attribution": item.attribution or None,
            }
        if isinstance(item, blocks.Embed):
            return {"__typename": "EmbedBlock", "url": item.url}
        raise TypeError(f"unresolved body block {item!r}")


def app() -> Starlette:
    settings = Settings()
    floor = Floor(settings)
    counting = os.environ.get("BENCH_SQL_COUNT") == "1"
    if counting:
        sql.install()

    async def respond(document: Awaitable[Json]) -> Response:
        if not counting:
            return Response(orjson.dumps(await document), media_type="application/json")
        with sql.counting() as count:
            body = orjson.dumps(await document)
        return Response(body, media_type="application/json", headers={"x-sql-count": str(count[0])})

    async def homepage(request: Request) -> Response:
        return await respond(floor.homepage(int(request.query_params.get("first", "20"))))

    async def article(request: Request) -> Response:
        return await respond(floor.article_page(request.query_params["slug"]))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(app, config=settings.tortoise_config()):
            yield

    return Starlette(
        routes=[
            Route("/healthz", lambda request: PlainTextResponse("ok")),
            Route("/homepage", homepage),
            Route("/article", article),
        ],
        lifespan=lifespan,
    )
