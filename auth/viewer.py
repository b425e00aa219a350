from starlette.authentication import BaseUser
from starlette.requests import HTTPConnection

import models


class Viewer(BaseUser):
    """Who a request speaks for: an editor's account, an API token, or nobody."""

    def __init__(
        self,
        *,
        user: models.User | None = None,
        api_token: models.ApiToken | None = None,
        preview_of: int | None = None,
    ) -> None:
        self.user = user
        self.api_token = api_token
        # A preview link's article: it (and what it shows) in draft, nothing else.
        self.preview_of = preview_of

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None or self.api_token is not None or self.preview_of is not None

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return self.user.display_name
        if self.api_token is not None:
            return self.api_token.name
        return f"preview of article {self.preview_of}" if self.preview_of is not None else ""

    @property
    def role(self) -> models.Role | None:
        return self.user.role if self.user is not None else None

    @property
    def public(self) -> bool:
        """Sees exactly what anonymous readers see: may share their cached responses."""
        if self.user is not None or self.preview_of is not None:
            return False
        return self.api_token is None or "preview:read" not in self.api_token.scopes

    @property
    def can_preview(self) -> bool:
        """Sees drafts: any newsroom account, or an API token with `preview:read`."""
        if self.user is not None:
            return True
        return self.api_token is not None and "preview:read" in self.api_token.scopes


ANONYMOUS = Viewer()


def viewer_of(connection: HTTPConnection) -> Viewer:
    """Who the authentication layer found the request speaks for."""
    user = connection.scope.get("user")
    return user if isinstance(user, Viewer) else ANONYMOUS
