"""The `dateline` command as a newcomer runs it: a fresh directory, SQLite, nothing else."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from pydantic import SecretStr
from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

import cli
import models
from auth import passwords
from demo import seed
from settings import DEVELOPMENT_SECRET, Settings

ROOT = Path(__file__).parent.parent
SECRET_NEEDED = (
    "dateline: DATELINE_ENV=production needs DATELINE_SECRET_KEY: at least 32 random "
    "characters, not the development default (python -c 'import secrets; "
    "print(secrets.token_urlsafe(48))' makes one).\n"
)


def run_dateline(
    cwd: Path, *args: str, stdin: str | None = None, **settings: str
) -> subprocess.CompletedProcess[str]:
    """`dateline *args` with no DATELINE_ variables but `settings` (env="production": ...);
    the database is the default, an SQLite file in the working directory."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DATELINE_")}
    env.update({f"DATELINE_{name.upper()}": value for name, value in settings.items()})
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def dateline(cwd: Path, *args: str, stdin: str | None = None) -> str:
    done = run_dateline(cwd, *args, stdin=stdin)
    done.check_returncode()
    return done.stdout


def test_demo_migrates_and_loads_once_into_sqlite_in_the_working_directory(tmp_path: Path) -> None:
    first = dateline(tmp_path, "demo")
    second = dateline(tmp_path, "demo")

    assert first.endswith("demo newsroom loaded\n")
    assert second.endswith("demo newsroom already there\n")
    assert (tmp_path / "dateline.sqlite3").is_file()


def test_export_schema_prints_the_committed_sdl(tmp_path: Path) -> None:
    assert dateline(tmp_path, "export-schema") == (ROOT / "schema.graphql").read_text()


async def test_migrations_match_the_models(settings: Settings) -> None:
    apps = settings.tortoise_config()["apps"]

    changes = await MigrationAutodetector(Tortoise.apps, apps).changes()

    assert changes == [], "run `tortoise makemigrations` and commit the result"


async def test_seed_writes_full_article_pages(settings: Settings) -> None:
    await seed.seed(5, settings.media_root)

    articles = await models.Article.all().order_by("id")
    assert len(articles) == 5
    last = articles[-1]
    assert 60 <= len(last.headline) <= 71
    assert 240 <= len(last.standfirst) <= 251
    # Three teasers between the six paragraphs, none at the end.
    assert [block["type"] for block in last.body] == [
        "paragraph",
        "related",
        "paragraph",
        "paragraph",
        "related",
        "paragraph",
        "paragraph",
        "related",
        "paragraph",
    ]
    paragraphs = [block["text"] for block in last.body if block["type"] == "paragraph"]
    assert len(paragraphs) == 6
    assert all(390 <= len(text) <= 401 for text in paragraphs)
    assert await models.RelatedStory.filter(article_id=last.id).count() == 3
    assert await models.Caption.filter(article_id=last.id, role="lead").count() == 1


def test_create_user_adds_an_account_with_a_hashed_password(tmp_path: Path) -> None:
    out = dateline(
        tmp_path,
        *("create-user", "--email", "Chief@Newsroom.test", "--role", "admin", "--password-stdin"),
        stdin="correct horse battery\n",
    )

    assert out.endswith("created admin chief@newsroom.test\n")
    with closing(sqlite3.connect(tmp_path / "dateline.sqlite3")) as db:
        [(email, role, password_hash)] = db.execute(
            "SELECT email, role, password_hash FROM account"
        ).fetchall()
    assert (email, role) == ("chief@newsroom.test", "admin")
    assert passwords.verify(password_hash, "correct horse battery")
    assert not passwords.verify(password_hash, "correct horse battery!")


def test_persist_registers_valid_documents_by_their_sha256_once(tmp_path: Path) -> None:
    homepage = tmp_path / "homepage.graphql"
    homepage.write_text((ROOT / "tests" / "queries" / "homepage.graphql").read_text())
    broken = tmp_path / "broken.graphql"
    broken.write_text("{ nothing }")
    digest = hashlib.sha256(homepage.read_bytes()).hexdigest()

    first = dateline(tmp_path, "persist", str(homepage))
    again = dateline(tmp_path, "persist", str(homepage))
    refused = subprocess.run(
        [sys.executable, "-m", "cli", "persist", str(broken)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert first == f"{digest} homepage\n"
    assert again == f"{digest} homepage (already registered)\n"
    assert refused.returncode == 2
    assert "Cannot query field 'nothing' on type 'Query'." in refused.stderr
    with closing(sqlite3.connect(tmp_path / "dateline.sqlite3")) as db:
        assert db.execute("SELECT sha256, name FROM persisted_document").fetchall() == [
            (digest, "homepage")
        ]


def test_production_without_a_good_secret_says_in_one_line_what_to_set(tmp_path: Path) -> None:
    unset = run_dateline(tmp_path, "migrate", env="production")
    default = run_dateline(tmp_path, "migrate", env="production", secret_key=DEVELOPMENT_SECRET)
    short = run_dateline(tmp_path, "migrate", env="production", secret_key="s" * 31)
    good = run_dateline(tmp_path, "migrate", env="production", secret_key="s" * 32)

    for refused in (unset, default, short):
        assert (refused.returncode, refused.stdout, refused.stderr) == (2, "", SECRET_NEEDED)
    assert (good.returncode, good.stderr) == (0, "")


def test_an_invalid_setting_is_named_as_it_is_set_one_line_each(tmp_path: Path) -> None:
    invalid = run_dateline(tmp_path, "migrate", port="70000", max_depth="deep")
    not_json = run_dateline(tmp_path, "migrate", locales="en,fr")

    assert (invalid.returncode, invalid.stdout) == (2, "")
    assert invalid.stderr == (
        "dateline: DATELINE_PORT: Input should be less than or equal to 65535\n"
        "dateline: DATELINE_MAX_DEPTH: Input should be a valid integer, "
        "unable to parse string as an integer\n"
    )
    assert (not_json.returncode, not_json.stdout) == (2, "")
    assert not_json.stderr == (
        'dateline: error parsing value for field "locales" from source "EnvSettingsSource"\n'
    )
    assert not (tmp_path / "dateline.sqlite3").exists()


def test_the_serve_banner_offers_graphiql_only_where_it_is_served() -> None:
    secret = SecretStr("s" * 32)
    development = Settings(env="development", graphiql=None)
    production = Settings(env="production", graphiql=None, secret_key=secret)
    production_with_graphiql = Settings(env="production", graphiql=True, secret_key=secret)

    assert cli.banner(development, "127.0.0.1", 8000) == "GraphiQL: http://127.0.0.1:8000/graphql"
    assert cli.banner(production, "0.0.0.0", 80) == (  # noqa: S104 (only a string)
        "GraphQL: http://0.0.0.0:80/graphql (GraphiQL is off: DATELINE_GRAPHIQL=true turns it on)"
    )
    assert cli.banner(production_with_graphiql, "0.0.0.0", 80) == (  # noqa: S104
        "GraphiQL: http://0.0.0.0:80/graphql"
    )


def test_create_user_reads_a_piped_password_and_refuses_a_taken_email(tmp_path: Path) -> None:
    # No --password-stdin: standard input is a pipe, so it is read rather than getpass's.
    created = run_dateline(
        tmp_path,
        *("create-user", "--email", "desk@newsroom.test", "--role", "editor"),
        stdin="correct horse battery\n",
    )
    again = run_dateline(
        tmp_path,
        *("create-user", "--email", "Desk@Newsroom.test", "--role", "admin", "--password-stdin"),
        stdin="another long password\n",
    )

    assert (created.returncode, created.stdout, created.stderr) == (
        0,
        "created editor desk@newsroom.test\n",
        "",
    )
    assert (again.returncode, again.stdout, again.stderr) == (
        1,
        "",
        "dateline: an account with email desk@newsroom.test already exists\n",
    )
    with closing(sqlite3.connect(tmp_path / "dateline.sqlite3")) as db:
        assert db.execute("SELECT email, role FROM account").fetchall() == [
            ("desk@newsroom.test", "editor")
        ]


def test_create_user_refuses_a_malformed_email_before_touching_the_database(
    tmp_path: Path,
) -> None:
    refusals = {
        email: run_dateline(
            tmp_path,
            *("create-user", "--email", email, "--role", "writer"),
            stdin="correct horse battery\n",
        )
        for email in ("not-an-email", "@newsroom.test", "desk@localhost", "desk@news room.test")
    }

    for email, refused in refusals.items():
        assert (refused.returncode, refused.stdout, refused.stderr) == (
            2,
            "",
            f"dateline: not an email address: {email!r}\n",
        )
    assert not (tmp_path / "dateline.sqlite3").exists()


def test_create_user_refuses_a_short_password_as_a_usage_error(tmp_path: Path) -> None:
    refused = run_dateline(
        tmp_path,
        *("create-user", "--email", "desk@newsroom.test", "--role", "writer"),
        stdin="too short\n",
    )

    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.endswith("dateline: error: the password needs at least 12 characters\n")
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "dateline.sqlite3").exists()


UPGRADE = """
import asyncio, sys
from tortoise import connections
from tortoise.migrations.api.migrate import migrate
from settings import Settings

async def main():
    try:
        await migrate(config=Settings().tortoise_config(), target=(sys.argv[1:] or [None])[0])
    finally:
        await connections.close_all()

asyncio.run(main())
"""


def migrate_to(cwd: Path, *target: str) -> None:
    """Migrates the SQLite database in `cwd` to `target` (a migration's name), or to
    the newest without one, in a process of its own, as `dateline migrate` does."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    subprocess.run(
        [sys.executable, "-c", UPGRADE, *target],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_migrations_upgrade_a_database_that_holds_rows(tmp_path: Path) -> None:
    """A migration runs on a newsroom's database, not only on an empty one: a column it
    adds to tables with rows needs a default the database itself applies."""

    def migrate(*target: str) -> None:
        migrate_to(tmp_path, *target)

    migrate("models.0011_read_indexes")
    with closing(sqlite3.connect(tmp_path / "dateline.sqlite3")) as db, db:
        db.execute(
            "INSERT INTO section (slug, name, description, position, locale) VALUES ('world', 'World', '', 0, 'en')"
        )
        db.execute("INSERT INTO tag (slug, name) VALUES ('climate', 'Climate')")
        db.execute(
            "INSERT INTO author (slug, name, url, job_title, bio) VALUES ('a', 'A', '', '', '')"
        )
    migrate()

    with closing(sqlite3.connect(tmp_path / "dateline.sqlite3")) as db:
        versions = [
            db.execute(f"SELECT version FROM {t}").fetchall() for t in ("section", "tag", "author")
        ]
    assert versions == [[(1,)], [(1,)], [(1,)]]
