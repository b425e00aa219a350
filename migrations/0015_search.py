"""The search indexes (resolvers.search_index), of articles and of the picture library: a
tsvector per row under a GIN index on PostgreSQL, an FTS5 table on SQLite; then every
existing article and picture indexed."""

from typing import Any

import orjson
from tortoise import migrations
from tortoise.migrations import operations as ops

from resolvers import search_index

POSTGRES = [
    """CREATE TABLE "article_search" (
        "article_id" INT NOT NULL PRIMARY KEY REFERENCES "article" ("id") ON DELETE CASCADE,
        "config" VARCHAR(16) NOT NULL,
        "headline" TEXT NOT NULL,
        "standfirst" TEXT NOT NULL,
        "body" TEXT NOT NULL,
        "names" TEXT NOT NULL,
        "document" TSVECTOR NOT NULL
    )""",
    'CREATE INDEX "article_search_document" ON "article_search" USING GIN ("document")',
    """CREATE TABLE "image_search" (
        "image_id" INT NOT NULL PRIMARY KEY REFERENCES "image" ("id") ON DELETE CASCADE,
        "text" TEXT NOT NULL,
        "document" TSVECTOR NOT NULL
    )""",
    'CREATE INDEX "image_search_document" ON "image_search" USING GIN ("document")',
]
SQLITE = [
    """CREATE VIRTUAL TABLE "article_search" USING fts5(
        headline, standfirst, body, names, tokenize = 'unicode61 remove_diacritics 2'
    )""",
    """CREATE VIRTUAL TABLE "image_search" USING fts5(
        text, tokenize = 'unicode61 remove_diacritics 2'
    )""",
]


async def forward(apps: Any, schema_editor: Any) -> None:
    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"
    for statement in SQLITE if sqlite else POSTGRES:
        await client.execute_script(statement)
    # Existing articles, read as this migration finds them (not through today's models).
    _, articles = await client.execute_query(
        'SELECT "id", "locale", "headline", "standfirst", "body" FROM "article"'
    )
    _, people = await client.execute_query(
        'SELECT b."article_id", au."name" FROM "article_author" b '
        'JOIN "author" au ON au."id" = b."author_id" ORDER BY b."position", b."id"'
    )
    _, labels = await client.execute_query(
        'SELECT g."article_id", t."name" FROM "article_tag" g '
        'JOIN "tag" t ON t."id" = g."tag_id" ORDER BY t."name", g."tag_id"'
    )
    names: dict[int, list[str]] = {}
    for row in [*people, *labels]:
        names.setdefault(int(row[0]), []).append(str(row[1]))
    for row in articles:
        body = row[4]
        if isinstance(body, str | bytes):
            body = orjson.loads(body)
        found = search_index.texts(row[2], row[3], body, names.get(int(row[0]), []))
        await search_index.write(client, int(row[0]), str(row[1]), found)
    fields = ", ".join(f'"{name}"' for name in search_index.PICTURE_FIELDS)
    _, images = await client.execute_query(f'SELECT "id", {fields} FROM "image"')
    _, captions = await client.execute_query(
        'SELECT "image_id", "text" FROM "caption" ORDER BY "id"'
    )
    said: dict[int, list[str]] = {}
    for row in captions:
        said.setdefault(int(row[0]), []).append(str(row[1]))
    for row in images:
        own = [str(value or "") for value in list(row)[1:]]
        await search_index.write_picture(client, int(row[0]), [*own, *said.get(int(row[0]), [])])


async def backward(apps: Any, schema_editor: Any) -> None:
    await schema_editor.client.execute_script('DROP TABLE "image_search"')
    await schema_editor.client.execute_script('DROP TABLE "article_search"')


class Migration(migrations.Migration):
    dependencies = [("models", "0014_ninjs_import")]

    initial = False

    operations = [ops.RunPython(forward, backward)]
