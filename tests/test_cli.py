"""The `dateline` command as a newcomer runs it: a fresh directory, SQLite, nothing else."""

import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

import models
from auth import passwords
from demo import seed
from settings import Settings

ROOT = Path(__file__).parent.parent


def dateline(cwd: Path, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DATELINE_DATABASE_URL", None)  # the default: an SQLite file in the working directory
    done = subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
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
