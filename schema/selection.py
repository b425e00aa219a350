"""What a GraphQL selection asks of articles, for loading it up front (resolvers.relations).

Fields are found by name wherever the document puts them: under aliases (several aliases
of one field merge), inside fragments and inline fragments. A directive is not evaluated:
a field that `@skip` may leave out is loaded anyway, which costs a statement, not a wrong
answer.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from graphql import FieldNode
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

import models
import resolvers.relations
from resolvers.pagination import Page
from resolvers.relations import Needs
from schema.info import Info

T = TypeVar("T")
# Per field of a document: its nodes (kept, so that their ids stay theirs) and what it needs.
_worked_out: dict[tuple[Any, ...], tuple[tuple[FieldNode, ...], Any]] = {}
_KEPT = 1024

Fields = dict[str, list[Selection]]


def fields(selections: Iterable[Selection]) -> Fields:
    """The selected fields by name, each with all of its sub-selections merged."""
    found: Fields = {}
    for selection in selections:
        if isinstance(selection, SelectedField):
            found.setdefault(selection.name, []).extend(selection.selections)
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            for name, children in fields(selection.selections).items():
                found.setdefault(name, []).extend(children)
    return found


def under(selections: Iterable[Selection], *path: str) -> list[Selection]:
    """The sub-selections at `path` (field names), e.g. edges then node."""
    found = list(selections)
    for name in path:
        found = fields(found).get(name, [])
    return found


def article_needs(selections: Iterable[Selection]) -> Needs:
    """What an Article selection shows beyond the article's own columns."""
    asked = fields(selections)
    section = fields(asked.get("section", []))
    teased = [
        *under(asked.get("relatedStories", []), "article"),
        *under(asked.get("body", []), "relatedStory", "article"),
    ]
    return Needs(
        section="section" in asked,
        section_parent="parent" in section,
        bylines="authors" in asked,
        tags="tags" in asked,
        lead="leadImage" in asked,
        teasers="relatedStories" in asked or "body" in asked,
        body_captions="body" in asked,
        targets=article_needs(teased) if teased else None,
        translations=article_needs(asked["translations"]) if "translations" in asked else None,
    )


def connection_needs(selections: Iterable[Selection]) -> tuple[Needs, bool]:
    """What an ArticleConnection selection shows of its articles, and whether it counts them."""
    asked = fields(selections)
    nodes = [*under(asked.get("edges", []), "node"), *asked.get("nodes", [])]
    return article_needs(nodes), "totalCount" in asked


def article_field(selected: list[Selection]) -> Needs:
    """What an `article` field's selection shows of its article."""
    return article_needs(under(selected, "article"))


def articles_field(selected: list[Selection]) -> tuple[Needs, bool]:
    """What an `articles` field's selection shows of its articles, and whether it counts."""
    return connection_needs(under(selected, "articles"))


def search_field(selected: list[Selection]) -> tuple[Needs, bool]:
    """What a `search` field's selection shows of its hits' articles, and whether it counts."""
    asked = fields(under(selected, "search"))
    articles = under(asked.get("edges", []), "node", "article")
    return article_needs(articles), "totalCount" in asked


def once(info: Info, work_out: Callable[[list[Selection]], T]) -> T:
    """`work_out(info.selected_fields)`, once per field of a document. What a selection
    asks depends on the document alone (arguments and directives play no part), documents
    are parsed once per process (schema.extensions.DocumentCache), and frontends send the
    same few all day: converting the selection anew cost a few percent of a page."""
    nodes = tuple(info._raw_info.field_nodes)
    key = (work_out, *map(id, nodes))
    found = _worked_out.get(key)
    if found is not None and all(a is b for a, b in zip(found[0], nodes, strict=True)):
        value: T = found[1]
        return value
    value = work_out(info.selected_fields)
    if len(_worked_out) >= _KEPT:
        _worked_out.clear()
    _worked_out[key] = (nodes, value)
    return value


async def load_page(
    info: Info,
    work_out: Callable[[list[Selection]], tuple[Needs, bool]],
    page: Page[Any],
    rows: Sequence[models.Article],
) -> None:
    """Loads what a connection's selection shows of its page's articles (`rows`), with
    the page's total counted beside them when the selection asks for it."""
    needs, counted = once(info, work_out)
    counts = [page.total()] if counted else []
    await resolvers.relations.load(info.context.loaders, rows, needs, also=counts)
