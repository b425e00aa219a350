"""importNinjs: an agency's ninjs item as a draft, kept whole so that it exports as it came."""

from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

import resolvers.ninjs_imports as imports
from schema import ids
from schema.article import Article
from schema.info import Info
from schema.problems import ConflictError, ForbiddenError, NotFoundError, ValidationError


@strawberry.enum(description="What importing the item did.")
class NinjsImportOutcome(Enum):
    CREATED = "created"
    UPDATED = strawberry.enum_value(
        "updated", description="A newer version of an item imported before: a new version."
    )
    UNCHANGED = strawberry.enum_value(
        "unchanged", description="The same uri and version again: nothing was written."
    )


@strawberry.type(description="The article an agency item is, and what the import did.")
class NinjsImport:
    # The article's global id, for the audit entry (schema.mutation names `result.id`).
    id: strawberry.Private[str]
    article: Article
    outcome: NinjsImportOutcome


ImportNinjsResult = Annotated[
    NinjsImport | ValidationError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("ImportNinjsResult"),
]


async def import_ninjs(
    info: Info,
    item: JSON,
    section_id: ids.SectionRow,
    expected_version: int | None = None,
) -> ImportNinjsResult:
    """Imports an IPTC ninjs 3.1 item (editors) as a draft in the section: headline, body,
    byline, subjects as tags, embargo, and each picture with its rights and caption (its
    file stays at the agency). Every field is kept, so Article.ninjs gives the item back.
    The same uri and version again changes nothing; a newer version updates the article
    (a published one only at expectedVersion). Invalid ninjs is a ValidationError whose
    fields are JSON pointers into the item."""
    given: Any = item
    done = await imports.import_item(
        info.context, item=given, section_id=section_id, expected_version=expected_version
    )
    return NinjsImport(
        id=str(relay.GlobalID("Article", str(done.article.id))),
        article=Article.from_row(done.article),
        outcome=NinjsImportOutcome(done.outcome.value),
    )
