from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay

import resolvers.account_edits
import resolvers.accounts
import resolvers.api_tokens
import resolvers.articles
import resolvers.audit
import resolvers.authors
import resolvers.images
import resolvers.related_stories
import resolvers.relations
import resolvers.revisions
import resolvers.search
import resolvers.sections
import resolvers.tags
import resolvers.trash
from resolvers.context import Context
from resolvers.errors import BadUserInput
from schema import article_filters, ids, selection
from schema.account import ApiToken, ApiTokenConnection, User, UserConnection
from schema.article import Article, ArticleConnection, RelatedStory
from schema.article_filters import ArticleOrder
from schema.audit import AuditLog
from schema.author import Author
from schema.info import Info
from schema.media import Image, ImageConnection
from schema.revision import Revision
from schema.search import SearchConnection
from schema.section import Section
from schema.tag import Tag
from schema.trash import Trash

# Global id type name -> (public lookup by row id, projection to the GraphQL type).
_NODES: dict[str, tuple[Callable[[Context, int], Awaitable[Any]], Callable[[Any], relay.Node]]] = {
    "Article": (resolvers.articles.by_id, Article.from_row),
    "Section": (resolvers.sections.by_id, Section.from_row),
    "Author": (resolvers.authors.public, Author.from_row),
    "Tag": (resolvers.tags.public, Tag.from_row),
    "Image": (resolvers.images.by_id, Image.from_row),
    "RelatedStory": (
        resolvers.related_stories.by_id,
        lambda item: RelatedStory.from_row(item.related_story, item.position),
    ),
    "Revision": (resolvers.revisions.by_id, Revision.from_row),
    "User": (resolvers.accounts.by_id, User.from_row),
    "ApiToken": (resolvers.api_tokens.by_id, ApiToken.from_row),
}


@strawberry.type
class Query:
    @strawberry.field(
        description="Any object by its global id, where this request may see it (null "
        "otherwise): published content for readers; revisions for newsroom accounts; an "
        "account for itself and admins; API tokens for admins."
    )
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        type_name, row_id = ids.decode(id)
        if row_id is None or type_name not in _NODES:
            return None
        lookup, project = _NODES[type_name]
        row = await lookup(info.context, row_id)
        return project(row) if row is not None else None

    @strawberry.field(description="A published article by global id, or by slug and locale.")
    async def article(
        self,
        info: Info,
        slug: str | None = None,
        id: strawberry.ID | None = None,
        locale: str | None = None,
    ) -> Article | None:
        if (slug is None) == (id is None):
            raise BadUserInput("Give exactly one of `slug` or `id`.")
        if id is not None:
            type_name, row_id = ids.decode(id)
            row = None
            if type_name == "Article" and row_id is not None:
                row = await resolvers.articles.by_id(info.context, row_id, locale)
        else:
            row = await resolvers.articles.by_slug(info.context, str(slug), locale)
        if row is None:
            return None
        needs = selection.once(info, selection.article_field)
        await resolvers.relations.load(info.context.loaders, [row], needs)
        return Article.from_row(row)

    @strawberry.field(
        description="Published articles (default locale unless given), newest first unless told."
    )
    async def articles(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        section: Annotated[str | None, strawberry.argument(description="Section slug.")] = None,
        tag: Annotated[str | None, strawberry.argument(description="Tag slug.")] = None,
        author: Annotated[str | None, strawberry.argument(description="Author slug.")] = None,
        locale: str | None = None,
        published_after: Annotated[datetime | None, article_filters.PUBLISHED_AFTER] = None,
        published_before: Annotated[datetime | None, article_filters.PUBLISHED_BEFORE] = None,
        include_subsections: Annotated[bool, article_filters.INCLUDE_SUBSECTIONS] = True,
        order_by: Annotated[ArticleOrder, article_filters.ORDER_BY] = ArticleOrder.PUBLISHED_DESC,
    ) -> ArticleConnection:
        page = await resolvers.articles.page(
            info.context,
            locale=locale,
            section=section,
            tag=tag,
            author=author,
            narrowed=article_filters.filters(
                published_after, published_before, include_subsections, order_by
            ),
            first=first,
            after=after,
            last=last,
            before=before,
        )
        await selection.load_page(info, selection.articles_field, page, page.rows)
        return ArticleConnection.from_page(page)

    @strawberry.field(
        description="Published articles matching `query`, best first: words in the "
        "headline, standfirst, body, bylines or tags, in any of their forms where the "
        "locale's language is known. Quotes make a phrase, `or` an alternative, `-word` "
        "an exclusion (PostgreSQL; SQLite matches every word as written). At most 500 "
        "characters."
    )
    async def search(
        self,
        info: Info,
        query: str,
        *,
        locale: Annotated[
            str | None, strawberry.argument(description="Only articles in this locale.")
        ] = None,
        section: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only articles in this section.")
        ] = None,
        first: int,
        after: str | None = None,
    ) -> SearchConnection:
        section_id = None
        if section is not None:
            section_id = ids.row_id(section, "Section") or 0
        page = await resolvers.search.page(
            info.context,
            query=query,
            locale=locale,
            section_id=section_id,
            first=first,
            after=after,
        )
        articles = [hit.article for hit in page.rows]
        await selection.load_page(info, selection.search_field, page, articles)
        return SearchConnection.from_page(page)

    @strawberry.field
    async def section(self, info: Info, slug: str, locale: str | None = None) -> Section | None:
        row = await resolvers.sections.by_slug(info.context, slug, locale)
        if row is None:
            return None
        asked = selection.fields(selection.under(info.selected_fields, "section"))
        await resolvers.sections.load(
            info.context, [row], parents="parent" in asked, translations="translations" in asked
        )
        return Section.from_row(row)

    @strawberry.field(description="Sections in one locale, in menu order.")
    async def sections(self, info: Info, locale: str | None = None) -> list[Section]:
        return [
            Section.from_row(row)
            for row in await resolvers.sections.listed(info.context, locale=locale)
        ]

    @strawberry.field
    async def authors(self, info: Info) -> list[Author]:
        return [Author.from_row(row) for row in await resolvers.authors.listed(info.context)]

    @strawberry.field
    async def tags(self, info: Info) -> list[Tag]:
        return [Tag.from_row(row) for row in await resolvers.tags.listed(info.context)]

    @strawberry.field(description="A picture used by a published article.")
    async def image(self, info: Info, id: strawberry.ID) -> Image | None:
        type_name, row_id = ids.decode(id)
        if type_name != "Image" or row_id is None:
            return None
        row = await resolvers.images.by_id(info.context, row_id)
        return Image.from_row(row) if row is not None else None

    @strawberry.field(
        description="The picture library, newest first; `search` finds the words of alt "
        "text, description, captions, creator and credit (as `Query.search` reads a "
        "query). Newsroom accounts only."
    )
    async def images(
        self,
        info: Info,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> ImageConnection | None:
        page = await resolvers.images.search(info.context, text=search, first=first, after=after)
        return ImageConnection.from_page(page)

    @strawberry.field(description="The signed-in editor; null for anyone else.")
    def me(self, info: Info) -> User | None:
        user = info.context.viewer.user
        return User.from_row(user) if user is not None else None

    @strawberry.field(description="Every newsroom account, by email. Admins only.")
    async def users(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> UserConnection | None:
        page = await resolvers.account_edits.listed(info.context, first=first, after=after)
        return UserConnection.from_page(page)

    @strawberry.field(description="API tokens, newest first, revoked ones too. Admins only.")
    async def api_tokens(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> ApiTokenConnection | None:
        page = await resolvers.api_tokens.listed(info.context, first=first, after=after)
        return ApiTokenConnection.from_page(page)

    @strawberry.field(description="Deleted articles, newest first. Editors and admins only.")
    async def trash(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Trash | None:
        return Trash.from_page(await resolvers.trash.listed(info.context, first=first, after=after))

    @strawberry.field(description="Every mutation, newest first. Admins only.")
    async def audit_log(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> AuditLog | None:
        page = await resolvers.audit.entries(info.context, first=first, after=after)
        return AuditLog.from_page(page)
