from datetime import datetime
from typing import Self, cast

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

import models
import resolvers.articles
import resolvers.authors
import resolvers.body
import resolvers.captions
import resolvers.json_ld
import resolvers.ninjs
import resolvers.related_stories
import resolvers.revisions
import resolvers.sections
import resolvers.tags
from models import body as blocks
from resolvers.loaded import Maybe, then
from resolvers.pagination import Page
from schema import body
from schema.author import Author
from schema.body import BodyBlock
from schema.ids import Identified
from schema.info import Info
from schema.media import Caption
from schema.page_info import page_info_of
from schema.revision import RevisionConnection
from schema.section import Section
from schema.tag import Tag


@strawberry.type(description="A news story in one language.")
class Article(Identified):
    row: strawberry.Private[models.Article]
    slug: str
    headline: str
    standfirst: str
    locale: str
    first_published_at: datetime | None
    published_at: datetime | None
    embargoed_until: datetime | None = strawberry.field(
        description="Hidden from readers until then, whatever the status (setEmbargo)."
    )
    updated_at: datetime
    seo_title: str | None
    seo_description: str | None
    version: int

    @classmethod
    def from_row(cls, row: models.Article) -> Self:
        return cls(
            id=row.id,
            row=row,
            slug=row.slug,
            headline=row.headline,
            standfirst=row.standfirst,
            locale=row.locale,
            first_published_at=row.first_published_at,
            published_at=row.published_at,
            embargoed_until=row.embargoed_until,
            updated_at=row.updated_at,
            seo_title=row.seo_title or None,
            seo_description=row.seo_description or None,
            version=row.version,
        )

    # The relations below resolve at once when the page loaded them up front
    # (resolvers.relations), else through their loaders (resolvers.loaded).

    @strawberry.field(graphql_type=Section)
    def section(self, info: Info) -> Maybe[Section]:
        return then(resolvers.sections.of_article(info.context, self.row), Section.from_row)

    @strawberry.field(description="Bylines in order.", graphql_type=list[Author])
    def authors(self, info: Info) -> Maybe[list[Author]]:
        return then(
            resolvers.authors.of_article(info.context, self.row),
            lambda rows: [Author.from_row(row) for row in rows],
        )

    @strawberry.field(graphql_type=list[Tag])
    def tags(self, info: Info) -> Maybe[list[Tag]]:
        return then(
            resolvers.tags.of_article(info.context, self.row),
            lambda rows: [Tag.from_row(row) for row in rows],
        )

    @strawberry.field(
        description="The lead picture with this article's caption.", graphql_type=Caption | None
    )
    def lead_image(self, info: Info) -> Maybe[Caption | None]:
        return then(resolvers.captions.lead(info.context, self.row), Caption.maybe_from_row)

    @strawberry.field(
        description="Blocks in reading order; teasers sit where editors put them.",
        graphql_type=list[BodyBlock],
    )
    def body(self, info: Info) -> Maybe[list[BodyBlock]]:
        return then(
            resolvers.body.blocks(info.context, self.row),
            lambda items: [_block(item) for item in items],
        )

    @strawberry.field(
        description="The body's related-story teasers, in body order.",
        graphql_type=list["RelatedStory"],
    )
    def related_stories(self, info: Info) -> Maybe[list["RelatedStory"]]:
        return then(
            resolvers.body.related_stories(info.context, self.row),
            lambda items: [_teaser(item) for item in items],
        )

    @strawberry.field(description="The desk's internal note. Newsroom accounts only.")
    def editor_note(self, info: Info) -> str | None:
        return resolvers.articles.editor_note(info.context, self.row)

    @strawberry.field(description="Every write, newest first. Newsroom accounts only.")
    async def revisions(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> RevisionConnection | None:
        page = await resolvers.revisions.of_article(
            info.context, self.row, first=first, after=after
        )
        return RevisionConnection.from_page(page)

    @strawberry.field(
        description="The article on the public site (DATELINE_PUBLIC_URL); null when none "
        "is configured.",
        graphql_type=str | None,
    )
    def url(self, info: Info) -> Maybe[str | None]:
        return resolvers.articles.url(info.context, self.row)

    @strawberry.field(
        description="The article as schema.org NewsArticle JSON-LD, for the page's "
        "<script type=application/ld+json>: plain texts, bylines, publisher, and the lead "
        "picture at 16:9, 4:3 and 1:1 with its credit and rights."
    )
    async def json_ld(self, info: Info) -> JSON:
        return cast(JSON, await resolvers.json_ld.article(info.context, self.row))

    @strawberry.field(
        description="The article as an IPTC ninjs 3.1 item: body as HTML, bylines, section "
        "and tags as subjects, pictures with renditions and rights, language versions."
    )
    async def ninjs(self, info: Info) -> JSON:
        return cast(JSON, await resolvers.ninjs.item(info.context, self.row))

    @strawberry.field(
        description="The other published language versions of this story.",
        graphql_type=list["Article"],
    )
    def translations(self, info: Info) -> Maybe[list["Article"]]:
        return then(
            resolvers.articles.translations(info.context, self.row),
            lambda rows: [Article.from_row(row) for row in rows],
        )


@strawberry.type(description="A teaser inside an article's body for another story.")
class RelatedStory(Identified):
    """Its id names the teaser to moveRelatedStory and removeRelatedStory."""

    row: strawberry.Private[models.RelatedStory]
    url: str | None = strawberry.field(description="Set when the teaser points off-site.")
    position: int = strawberry.field(description="Index of the teaser's block in `body`.")

    @classmethod
    def from_row(cls, row: models.RelatedStory, position: int) -> Self:
        return cls(id=row.id, row=row, url=row.url, position=position)

    @strawberry.field(
        description="The teaser headline override, else the target's headline.", graphql_type=str
    )
    def headline(self, info: Info) -> Maybe[str]:
        return resolvers.related_stories.headline(info.context, self.row)

    @strawberry.field(
        description="The story teased; null for an off-site link.", graphql_type=Article | None
    )
    def article(self, info: Info) -> Maybe[Article | None]:
        return then(
            resolvers.related_stories.target(info.context, self.row),
            lambda row: Article.from_row(row) if row is not None else None,
        )

    @strawberry.field(
        description="The teaser's own picture and caption.", graphql_type=Caption | None
    )
    def image(self, info: Info) -> Maybe[Caption | None]:
        if self.row.caption_id is None:
            return None
        return then(
            resolvers.captions.by_id(info.context, self.row.caption_id), Caption.maybe_from_row
        )


@strawberry.type
class ArticleEdge:
    cursor: str
    node: Article


@strawberry.type
class ArticleConnection:
    page: strawberry.Private[Page[models.Article]]
    edges: list[ArticleEdge]
    page_info: relay.PageInfo

    @strawberry.field(
        description="Articles matching the filters, across all pages.", graphql_type=int
    )
    def total_count(self) -> Maybe[int]:
        return self.page.total.known()

    @classmethod
    def from_page(cls, page: Page[models.Article]) -> Self:
        edges = [
            ArticleEdge(cursor=page.cursor(row), node=Article.from_row(row)) for row in page.rows
        ]
        return cls(
            page=page,
            edges=edges,
            page_info=page_info_of(page),
        )


def _block(item: resolvers.body.Resolved) -> body.BodyBlock:
    block = item.block
    if isinstance(block, blocks.ImageBlock) and item.caption is not None:
        return body.ImageBlock(caption=Caption.from_row(item.caption))
    if isinstance(block, blocks.RelatedBlock):
        return body.RelatedStoryBlock(related_story=_teaser(item))
    if isinstance(block, blocks.Heading):
        return body.HeadingBlock(text=block.text, level=block.level)
    if isinstance(block, blocks.Quote):
        return body.QuoteBlock(text=block.text, attribution=block.attribution or None)
    if isinstance(block, blocks.Embed):
        return body.EmbedBlock(
            url=block.url, provider=block.provider or None, title=block.title or None
        )
    if isinstance(block, blocks.Paragraph):
        return body.ParagraphBlock(text=block.text)
    raise TypeError(f"unresolved body block {block!r}")


def _teaser(item: resolvers.body.Resolved) -> RelatedStory:
    if item.related_story is None:
        raise TypeError(f"body block {item.block!r} carries no teaser")
    return RelatedStory.from_row(item.related_story, item.position)
