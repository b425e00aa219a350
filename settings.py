"""One typed settings object, read from the environment (``DATELINE_*``)."""

from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from tortoise.backends.base.config_generator import expand_db_url

from resolvers import site

DEVELOPMENT_SECRET = "dateline-local-development-secret-not-for-production"  # noqa: S105


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DATELINE_", env_file=".env", extra="ignore")

    # SQLite in the working directory: `dateline serve --demo` works with nothing installed.
    database_url: str = "sqlite://dateline.sqlite3"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # uvicorn's line per request. Off: the proxy or CDN in front keeps one, and writing it
    # costs a cached answer about as much as answering it.
    access_log: bool = False
    # Picture files, and the URL they are served under (a CDN's, or Dateline's own /media).
    media_root: Path = Path("media-files")
    media_url: str = "/media"
    # Where readers find an article on the public site, for feeds, sitemaps and structured
    # data: a pattern of {locale}, {section} and {slug}, such as
    # https://news.example/{locale}/{section}/{slug}. Unset, Article.url is null.
    public_url: str | None = None
    # Who publishes: the name structured data and feeds give.
    publisher_name: str = "Dateline"
    # Uploads: bigger files are refused before reading on, and a picture's pixel count is
    # checked from its header before decoding (a small file can declare a huge canvas).
    max_upload_bytes: int = Field(default=25_000_000, ge=1)
    max_image_pixels: int = Field(default=40_000_000, ge=1)
    # production: introspection for newsroom accounts only, no "Did you mean" suggestions,
    # GraphiQL off unless `graphiql` says otherwise, and a real secret required.
    env: Literal["development", "production"] = "development"
    graphiql: bool | None = None  # default: on in development, off in production
    # Signs access tokens (HS256). The default is for a laptop only; set your own elsewhere.
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    access_token_minutes: int = Field(default=15, ge=1)
    refresh_token_days: int = Field(default=30, ge=1)
    # How often scheduled articles are marked published (0: never; readers see them anyway).
    scheduler_seconds: float = Field(default=30, ge=0)
    # The public read path. Responses to public queries are cached whole and dropped
    # exactly when something they show changes; Redis shares that across processes.
    redis_url: str | None = None
    # The longest any one Redis call may take; then it counts as down (readers are served
    # uncached, writes go on) until it answers again. Well under the public time limit.
    redis_timeout_seconds: float = Field(default=0.25, gt=0, le=5)
    # Each worker's own copy of answers, in front of Redis (or the whole cache without).
    cache_memory_bytes: int = Field(default=16 * 1024 * 1024, ge=0)
    cache_seconds: int = Field(default=3600, ge=1)  # the longest an entry lives
    # Cache-Control for public GET responses (browsers and CDNs).
    max_age: int = Field(default=60, ge=0)
    stale_while_revalidate: int = Field(default=300, ge=0)
    # Rate limits (token buckets: a burst, then so many per second), per caller; shared
    # through Redis when it is set. Sign-in attempts are limited per account and address.
    rate_burst_per_address: int = Field(default=300, ge=1)
    rate_per_address: float = Field(default=50, gt=0)
    rate_burst_per_token: int = Field(default=2000, ge=1)
    rate_per_token: float = Field(default=200, gt=0)
    rate_burst_per_account: int = Field(default=600, ge=1)
    rate_per_account: float = Field(default=60, gt=0)
    login_attempts_per_account: int = Field(default=5, ge=1)  # then one more per minute
    login_attempts_per_address: int = Field(default=20, ge=1)  # then one more per 3 s
    # Buckets are per worker by default (a caller gets the rate once per worker; no
    # round trip per request); true shares them through DATELINE_REDIS_URL.
    shared_rate_limits: bool = False
    # A JSON request body may be this big; a public operation may run this long.
    max_body_bytes: int = Field(default=256 * 1024, ge=1024)
    # A request's body must have arrived this long after the request did, or it gets 408
    # and the connection is closed (an upload too: raise it for editors on slow links).
    body_timeout_seconds: float = Field(default=10, gt=0)
    # What `dateline serve` gives uvicorn, per worker: idle keep-alive connections are
    # closed after this long, and beyond this many open connections it answers 503.
    keep_alive_seconds: int = Field(default=5, ge=1)
    max_connections: int = Field(default=1000, ge=1)
    public_timeout_seconds: float = Field(default=10, gt=0)
    # On PostgreSQL, any one SQL statement (0: no limit).
    statement_timeout_seconds: float = Field(default=10, ge=0)
    # Apollo's CSRF rule: GETs, forms and text/plain must carry a preflight header.
    csrf_prevention: bool = True
    # Browser origins allowed to call the API (CORS); none by default.
    cors_origins: list[str] = []
    # Public clients may run only documents registered with `dateline persist`.
    persisted_only: bool = False
    # Adds `extensions.sql.count` to every GraphQL response.
    debug: bool = False
    # The server's log on standard error: one JSON object per line, or text for a person
    # at a terminal; INFO has a line per failed request, DEBUG one per request.
    log_format: Literal["json", "text"] = "json"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Locales the newsroom publishes in; anything else is refused as bad input.
    locales: list[str] = ["en", "ru", "fr", "de", "es", "ar", "zh", "ja"]
    default_locale: str = "en"

    # Limits on every GraphQL operation, checked before it runs (docs/limits.md).
    max_depth: int = Field(default=8, ge=1)
    max_aliases: int = Field(default=15, ge=0)
    max_tokens: int = Field(default=1000, ge=1)
    max_directives: int = Field(default=50, ge=0)
    max_document_chars: int = Field(default=15_000, ge=1)
    max_batch: int = Field(default=1, ge=1)  # operations per request; 1 is batching off
    max_page_size: int = Field(default=100, ge=1, le=100)  # `first`/`last`, from 1
    max_nodes: int = Field(default=10_000, ge=1)  # GitHub's node count

    @model_validator(mode="after")
    def _public_url_is_a_pattern(self) -> Self:
        if self.public_url is not None:
            problem = site.problem_with(self.public_url)
            if problem is not None:
                raise ValueError(f"DATELINE_PUBLIC_URL {problem}.")
        return self

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> Self:
        secret = self.secret_key.get_secret_value()
        if self.env == "production" and (secret == DEVELOPMENT_SECRET or len(secret) < 32):
            raise ValueError(
                "DATELINE_ENV=production needs DATELINE_SECRET_KEY: at least 32 random "
                "characters, not the development default (python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))' makes one)."
            )
        return self

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def serves_graphiql(self) -> bool:
        return self.graphiql if self.graphiql is not None else not self.production

    def tortoise_config(self) -> dict[str, Any]:
        return tortoise_config(self.database_url, self.statement_timeout_seconds)


# A connection to PostgreSQL made within this long, or the database counts as down.
CONNECT_TIMEOUT_SECONDS = 5


def tortoise_config(database_url: str, statement_timeout: float | None = None) -> dict[str, Any]:
    connection: str | dict[str, Any] = database_url
    if database_url.startswith(("postgres://", "postgresql://")):
        connection = expand_db_url(database_url)
        credentials = connection["credentials"]
        credentials["timeout"] = CONNECT_TIMEOUT_SECONDS
        if statement_timeout:
            # PostgreSQL cancels any statement running longer, whoever is waiting for it;
            # a database that stops answering altogether is given up on a second later
            # by the driver itself (models.outage: 503).
            credentials["server_settings"] = {
                "statement_timeout": str(int(statement_timeout * 1000))
            }
            credentials["command_timeout"] = statement_timeout + 1
    return {
        "connections": {"default": connection},
        "apps": {"models": {"models": ["models"], "migrations": "migrations"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def __getattr__(name: str) -> Any:
    # TORTOISE_ORM is read by the `tortoise` migration CLI (pyproject [tool.tortoise]); the
    # app builds its own. Built when read, not on import: a bad setting must not make
    # importing this module fail, so that `dateline` can say in one line which one it is.
    if name == "TORTOISE_ORM":
        return tortoise_config(Settings().database_url)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
