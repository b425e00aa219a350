from typing import Self

import strawberry
from strawberry import relay

import resolvers.search
from resolvers.loaded import Maybe
from resolvers.pagination import Page
from schema.article import Article
from schema.page_info import page_info_of


@strawberry.type(description="A published article that matches a search, and where.")
class SearchHit:
    article: Article
    score: float = strawberry.field(
        description="How well the article matches: higher is better; comparable only "
        "within one answer."
    )
    highlight: str = strawberry.field(
        description="Escaped HTML: a passage of the article's text with each match in "
        "<mark>…</mark>."
    )

    @classmethod
    def from_hit(cls, hit: resolvers.search.Hit) -> Self:
        return cls(article=Article.from_row(hit.article), score=hit.score, highlight=hit.highlight)


@strawberry.type
class SearchEdge:
    cursor: str
    node: SearchHit


@strawberry.type
class SearchConnection:
    page: strawberry.Private[Page[resolvers.search.Hit]]
    edges: list[SearchEdge]
    page_info: relay.PageInfo

    @strawberry.field(description="Hits across all pages.", graphql_type=int)
    def total_count(self) -> Maybe[int]:
        return self.page.total.known()

    @classmethod
    def from_page(cls, page: Page[resolvers.search.Hit]) -> Self:
        edges = [
            SearchEdge(cursor=page.cursor(hit), node=SearchHit.from_hit(hit)) for hit in page.rows
        ]
        return cls(page=page, edges=edges, page_info=page_info_of(page))
