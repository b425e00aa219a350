from datetime import datetime
from typing import Self

import strawberry
from strawberry import relay

import models
import resolvers.articles
import resolvers.authors
import resolvers.body
import resolvers.captions
import resolvers.related_stories
import resolvers.revisions
import resolvers.sections
import resolvers.tags
from models import body as blocks
from resolvers.pagination import Page, cursor
from schema import body
from schema.author import Author
from schema.info import Info
from schema.media import Caption
from schema.page_info import page_info_of
from schema.revision import RevisionConnection
from schema.section import Section
from schema.tag import Tag


@strawberry.type(description="A news story in one language.")
class Article(relay.Node):
    id: relay.NodeID[int]
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

    @strawberry.field
    async def section(self, info: Info) -> Section:
        row = await resolvers.sections.by_id(info.context, self.row.section_id)
        if row is None:  # the foreign key is RESTRICT: an article never outlives its section
            raise LookupError(f"article {self.row.id} has no section {self.row.section_id}")
        return Section.from_row(row)

    @strawberry.field(description="Bylines in order.")
    async def authors(self, info: Info) -> list[Author]:
        return [
            Author.from_row(row)
            for row in await resolvers.authors.of_article(info.context, self.row)
        ]

    @strawberry.field
    async def tags(self, info: Info) -> list[Tag]:
        return [
            Tag.from_row(row) for row in await resolvers.tags.of_article(info.context, self.row)
        ]

    @strawberry.field(description="The lead picture with this article's caption.")
    async def lead_image(self, info: Info) -> Caption | None:
        row = await resolvers.captions.lead(info.context, self.row)
        return Caption.from_row(row) if row is not None else None

    @strawberry.field(description="Blocks in reading order; teasers sit where editors put them.")
    async def body(self, info: Info) -> list[body.BodyBlock]:
        return [_block(item) for item in await resolvers.body.blocks(info.context, self.row)]

    @strawberry.field(description="The body's related-story teasers, in body order.")
    async def related_stories(self, info: Info) -> list["RelatedStory"]:
        items = await resolvers.body.related_stories(info.context, self.row)
        return [_teaser(item) for item in items]

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

    @strawberry.field(description="The other published language versions of this story.")
    async def translations(self, info: Info) -> list["Article"]:
        rows = await resolvers.articles.translations(info.context, self.row)
        return [Article.from_row(row) for row in rows]


@strawberry.type(description="A teaser inside an article's body for another story.")
class RelatedStory:
    row: strawberry.Private[models.RelatedStory]
    id: strawberry.ID = strawberry.field(
        description="Names the teaser to moveRelatedStory and removeRelatedStory."
    )
    url: str | None = strawberry.field(description="Set when the teaser points off-site.")
    position: int = strawberry.field(description="Index of the teaser's block in `body`.")

    @classmethod
    def from_row(cls, row: models.RelatedStory, position: int) -> Self:
        global_id = relay.GlobalID("RelatedStory", str(row.id))
        return cls(row=row, id=strawberry.ID(str(global_id)), url=row.url, position=position)

    @strawberry.field(description="The teaser headline override, else the target's headline.")
    async def headline(self, info: Info) -> str:
        return await resolvers.related_stories.headline(info.context, self.row)

    @strawberry.field(description="The story teased; null for an off-site link.")
    async def article(self, info: Info) -> Article | None:
        row = await resolvers.related_stories.target(info.context, self.row)
        return Article.from_row(row) if row is not None else None

    @strawberry.field(description="The teaser's own picture and caption.")
    async def image(self, info: Info) -> Caption | None:
        if self.row.caption_id is None:
            return None
        row = await resolvers.captions.by_id(info.context, self.row.caption_id)
        return Caption.from_row(row) if row is not None else None


@strawberry.type
class ArticleEdge:
    cursor: str
    node: Article


@strawberry.type
class ArticleConnection:
    page: strawberry.Private[Page[models.Article]]
    edges: list[ArticleEdge]
    page_info: relay.PageInfo

    @strawberry.field(description="Articles matching the filters, across all pages.")
    async def total_count(self) -> int:
        return await self.page.total()

    @classmethod
    def from_page(cls, page: Page[models.Article]) -> Self:
        edges = [
            ArticleEdge(cursor=cursor(page.start + index), node=Article.from_row(row))
            for index, row in enumerate(page.rows)
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
