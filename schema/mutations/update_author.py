import strawberry

from resolvers import author_edits
from schema import ids
from schema.author import Author
from schema.info import Info
from schema.mutations._changes import kept
from schema.mutations.create_author import AuthorWriteResult


@strawberry.input(description='Only the fields given change; "" empties url, jobTitle or bio.')
class UpdateAuthorInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    url: str | None = strawberry.UNSET
    job_title: str | None = strawberry.UNSET
    bio: str | None = strawberry.UNSET


async def update_author(
    info: Info, id: ids.AuthorRow, expected_version: int, input: UpdateAuthorInput
) -> AuthorWriteResult:
    """Editors. Changes the given fields."""
    changes = author_edits.AuthorChanges(
        name=kept(input.name),
        slug=kept(input.slug),
        url=kept(input.url),
        job_title=kept(input.job_title),
        bio=kept(input.bio),
    )
    row = await author_edits.update(
        info.context,
        author_id=id,
        expected_version=expected_version,
        changes=changes,
    )
    return Author.from_row(row)
