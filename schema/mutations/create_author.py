from typing import Annotated

import strawberry

from resolvers import author_edits
from schema.author import Author
from schema.info import Info
from schema.problems import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ValidationError,
)


@strawberry.input
class CreateAuthorInput:
    name: str
    slug: str
    url: str = strawberry.field(default="", description="An https:// address, or empty.")
    job_title: str = ""
    bio: str = ""


AuthorWriteResult = Annotated[
    Author | ValidationError | ConflictError | NotFoundError | ForbiddenError,
    strawberry.union("AuthorWriteResult"),
]


async def create_author(info: Info, input: CreateAuthorInput) -> AuthorWriteResult:
    """Editors. A new author for bylines."""
    changes = author_edits.AuthorChanges(
        name=input.name, slug=input.slug, url=input.url, job_title=input.job_title, bio=input.bio
    )
    row = await author_edits.create(info.context, changes)
    return Author.from_row(row)
