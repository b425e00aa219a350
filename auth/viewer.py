from starlette.authentication import BaseUser

import models


class Viewer(BaseUser):
    """Who a request speaks for: an editor's account, an API token, or nobody."""

    def __init__(
        self, *, user: models.User | None = None, api_token: models.ApiToken | None = None
    ) -> None:
        self.user = user
        self.api_token = api_token

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None or self.api_token is not None

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return self.user.display_name
        return self.api_token.name if self.api_token is not None else ""

    @property
    def role(self) -> models.Role | None:
        return self.user.role if self.user is not None else None

    @property
    def can_preview(self) -> bool:
        """Sees drafts: any newsroom account, or an API token with `preview:read`."""
        if self.user is not None:
            return True
        return self.api_token is not None and "preview:read" in self.api_token.scopes


ANONYMOUS = Viewer()
