import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response

from auth.tokens import TokenPolicy
from auth.viewer import ANONYMOUS, Viewer
from media.policy import MediaPolicy
from resolvers.loaders import Loaders
from resolvers.site import NO_ADDRESSES, Site
from resolvers.surrogates import Shown
from resolvers.visibility import Visibility
from throttling.buckets import RateLimits


async def _nothing(keys: set[str]) -> None:
    return None


@dataclass
class Context:
    """Per-request state: the loaders and their caches live exactly as long as one request."""

    request: Request
    response: Response | None
    locales: frozenset[str]
    default_locale: str
    media: MediaPolicy
    tokens: TokenPolicy
    viewer: Viewer = ANONYMOUS
    site: Site = NO_ADDRESSES
    # One clock reading per request, so every path agrees on what is published "now".
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Names this request in the server log; masked errors carry it to the client.
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    # The drafts a preview link opens (see resolvers.previews.scope); empty otherwise.
    draft_ids: frozenset[int] = frozenset()
    # What this request's writes change for readers: surrogate keys, and articles (with
    # whether readers could see them before the write: a draft's edits change nothing).
    changed_keys: set[str] = field(default_factory=set)
    # Rate limits; none in contexts built outside the server (tests of resolvers).
    limits: RateLimits | None = None
    # Drops public responses showing any of these keys (the response cache, and a CDN).
    invalidate: Callable[[set[str]], Awaitable[None]] = _nothing
    changed_articles: dict[int, bool] = field(default_factory=dict)
    # The pictures each changed article showed readers before this request wrote to it.
    pictures_before: dict[int, frozenset[int]] = field(default_factory=dict)
    # The surrogate keys of everything this request showed (its answer's Surrogate-Key).
    shown: Shown = field(default_factory=Shown)
    visibility: Visibility = field(init=False)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        # An editor's session or a preview:read token sees drafts, on every path at once.
        self.visibility = Visibility(
            self.now, drafts=self.viewer.can_preview, draft_ids=self.draft_ids
        )
        self.loaders = Loaders(self.visibility, self.shown)
