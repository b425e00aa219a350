from dataclasses import dataclass, field
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response

from auth.tokens import TokenPolicy
from auth.viewer import ANONYMOUS, Viewer
from media.policy import MediaPolicy
from resolvers.loaders import Loaders


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
    # One clock reading per request, so every path agrees on what is published "now".
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    # The drafts a preview link opens (see resolvers.previews.scope); empty otherwise.
    draft_ids: frozenset[int] = frozenset()
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        # An editor's session or a preview:read token sees drafts, on every path at once.
        self.loaders = Loaders(self.now, drafts=self.viewer.can_preview, draft_ids=self.draft_ids)
