"""`dateline`: serve, migrate, load demo or bulk content, persist documents, export the schema."""

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import graphql
from pydantic import ValidationError
from pydantic_settings import SettingsError
from tortoise import Tortoise, connections
from tortoise.exceptions import IntegrityError
from tortoise.migrations.api.migrate import migrate as apply_migrations

import models
import schema
from cache.http import sha256
from demo import content, seed
from resolvers import accounts, persisted
from settings import Settings
from workers import supervisor

T = TypeVar("T")


async def _with_database(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    await Tortoise.init(config=settings.tortoise_config())
    try:
        return await work()
    finally:
        await connections.close_all()


async def migrate(settings: Settings) -> None:
    try:
        await apply_migrations(config=settings.tortoise_config())
    finally:
        await connections.close_all()


def setting_problems(invalid: ValidationError) -> list[str]:
    """One line per invalid setting, named as it is set (DATELINE_PORT, not `port`)."""
    problems = []
    for error in invalid.errors():
        # A validator's ValueError already says what to do; pydantic's msg would prefix it.
        problem = str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"]
        loc = error["loc"]
        # No loc: a check across settings (the production secret), whose message names them.
        if loc:
            name = f"DATELINE_{str(loc[0]).upper()}" + "".join(f"[{part}]" for part in loc[1:])
            problem = f"{name}: {problem}"
        problems.append(problem)
    return problems


def banner(settings: Settings, host: str, port: int) -> str:
    url = f"http://{host}:{port}/graphql"
    if settings.serves_graphiql:
        return f"GraphiQL: {url}"
    # Production turns GraphiQL off; say so, or the URL would seem broken in a browser.
    return f"GraphQL: {url} (GraphiQL is off: DATELINE_GRAPHIQL=true turns it on)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dateline", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate, then serve GraphQL and GraphiQL")
    serve.add_argument("--demo", action="store_true", help="load the demo newsroom first")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--workers", type=int, default=1, help="processes, each with its own listening socket"
    )
    commands.add_parser("migrate", help="apply database migrations")
    commands.add_parser("demo", help="load the demo newsroom (once)")
    bulk = commands.add_parser("seed", help="add synthetic articles for benchmarks")
    bulk.add_argument("--articles", type=int, required=True)
    account = commands.add_parser(
        "create-user",
        help="add a newsroom account (the first admin)",
        description="Add a newsroom account. The password is asked for on a terminal, or read "
        "as one line from standard input otherwise. Exit status: 2 for a malformed email or a "
        "short password, 1 if an account with that email already exists.",
    )
    account.add_argument("--email", required=True)
    account.add_argument("--role", choices=[role.value for role in models.Role], required=True)
    account.add_argument("--name", help="display name (default: the email's local part)")
    account.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (the default when it is not a terminal)",
    )
    persist = commands.add_parser(
        "persist", help="register query documents (.graphql files) by their SHA-256"
    )
    persist.add_argument("files", nargs="+", type=Path)
    export = commands.add_parser("export-schema", help="print the GraphQL SDL")
    export.add_argument("--output", type=Path, help="write to this file instead")
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as invalid:
        for problem in setting_problems(invalid):
            print(f"dateline: {problem}", file=sys.stderr)
        return 2
    except SettingsError as unreadable:  # a list setting that is not JSON
        print(f"dateline: {unreadable}", file=sys.stderr)
        return 2
    if args.command == "serve":
        if args.workers < 1:
            parser.error("--workers must be at least 1")
        if args.workers > 1 and not settings.redis_url:
            # Each worker would cache on its own, and an edit would reach only one of them.
            parser.error("--workers above 1 needs DATELINE_REDIS_URL (the shared cache)")

    if args.command == "export-schema":
        sdl = schema.schema.as_str() + "\n"
        if args.output:
            args.output.write_text(sdl)
        else:
            sys.stdout.write(sdl)
        return 0

    if args.command == "persist":
        documents = {path: path.read_text() for path in args.files}
        for path, body in documents.items():
            errors = graphql.validate(schema.schema._schema, graphql.parse(body))
            if errors:
                parser.error(f"{path}: {errors[0].message}")
    if args.command == "create-user":
        # Checked before migrating: a refused account leaves no database behind.
        email = args.email.strip().lower()
        if not accounts.plausible_email(email):
            print(f"dateline: not an email address: {args.email!r}", file=sys.stderr)
            return 2
        # getpass needs a terminal; from a pipe it warns and echoes, or fails.
        if args.password_stdin or not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass()
        if len(password) < 12:
            parser.error("the password needs at least 12 characters")
    asyncio.run(migrate(settings))
    if args.command == "persist":
        for path, body in documents.items():
            digest = sha256(body)
            created = asyncio.run(
                _with_database(
                    settings,
                    lambda: persisted.register(digest=digest, name=path.stem, body=body),  # noqa: B023 (run at once)
                )
            )
            print(f"{digest} {path.stem}" + ("" if created else " (already registered)"))
    if args.command in ("demo", "serve") and (args.command == "demo" or args.demo):
        loaded = asyncio.run(_with_database(settings, lambda: content.load(settings.media_root)))
        print("demo newsroom loaded" if loaded else "demo newsroom already there")
        if args.command == "serve" and not settings.production:
            # A way into the desk on a laptop; a production server never makes one.
            email, password = asyncio.run(_with_database(settings, content.editor_account))
            print(f"demo editor: {email}, password {password} (new on every start)")
    if args.command == "create-user":
        try:
            user = asyncio.run(
                _with_database(
                    settings,
                    lambda: accounts.create_user(
                        email=email,
                        display_name=args.name or args.email.strip().partition("@")[0],
                        password=password,
                        role=models.Role(args.role),
                    ),
                )
            )
        except IntegrityError:  # the unique email (stored lower-cased: any case collides)
            print(f"dateline: an account with email {email} already exists", file=sys.stderr)
            return 1
        print(f"created {user.role} {user.email}")
    if args.command == "seed":
        added = asyncio.run(
            _with_database(settings, lambda: seed.seed(args.articles, settings.media_root))
        )
        print(f"added {added} articles")
    if args.command == "serve":
        host = args.host or settings.host
        port = args.port or settings.port
        print(banner(settings, host, port))
        plan = supervisor.Plan(
            "server:app",
            host=host,
            port=port,
            access_log=settings.access_log,
            keep_alive_seconds=settings.keep_alive_seconds,
            max_connections=settings.max_connections,
        )
        return supervisor.serve(plan, args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
