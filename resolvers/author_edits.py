"""Authors: editors create, change and delete them; one with a byline is not deleted."""

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import models
from resolvers import search_index, surrogates
from resolvers.context import Context
from resolvers.edits import (
    KEEP,
    Form,
    Keep,
    at_version,
    delete_unused,
    editor,
    given,
    transaction,
    write,
)

# Printable, no spaces or quotes: the address ends up in an href.
_URL = re.compile(r"https://[^\s\"'<>`\\\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class AuthorChanges:
    """The fields to write; KEEP leaves one as it is, "" empties an optional one."""

    name: str | Keep = KEEP
    slug: str | Keep = KEEP
    url: str | Keep = KEEP
    job_title: str | Keep = KEEP
    bio: str | Keep = KEEP


async def create(ctx: Context, changes: AuthorChanges) -> models.Author:
    editor(ctx, surrogates.AUTHORS)
    async with transaction():
        values = await _checked({"name": "", "slug": "", **given(changes)}, None)
        return await models.Author.create(**values)


async def update(
    ctx: Context, *, author_id: int, expected_version: int, changes: AuthorChanges
) -> models.Author:
    editor(ctx, surrogates.AUTHORS, surrogates.author(author_id))
    async with transaction():
        author = await at_version(models.Author, author_id, expected_version, "author")
        values = await _checked(given(changes), author)
        await write(author, values, "author")
        if "name" in values:  # bylines are searched by name
            await search_index.of_authors([author_id])
    return author


async def delete(ctx: Context, *, author_id: int, expected_version: int) -> None:
    """Refused while any article, draft or trashed, names the author in its byline."""
    editor(ctx, surrogates.AUTHORS, surrogates.author(author_id))
    await delete_unused(
        models.Author,
        author_id,
        expected_version=expected_version,
        noun="author",
        users="bylines",
        usages=lambda: (models.ArticleAuthor.filter(author_id=author_id),),
    )


def _https(url: str) -> bool:
    if not _URL.fullmatch(url):
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:  # a malformed host, such as an unclosed [
        return False


async def _checked(values: dict[str, Any], author: models.Author | None) -> dict[str, Any]:
    form = Form(models.Author, values)
    form.text("name", required=True)
    form.text("job_title")
    form.text("bio", rich=True)
    form.slug()
    if "url" in values:
        url = form.values["url"] = values["url"].strip()
        if url and not _https(url):
            form.refuse("url", "an https:// address")
        elif len(url) > 500:
            form.refuse("url", "at most 500 characters")
    if "slug" in values:
        await form.slug_free(models.Author.filter(slug=form.values["slug"]), but=author)
    return form.checked()
