import strawberry

import resolvers.accounts
from schema.info import Info


@strawberry.type
class LogoutResult:
    ok: bool


async def logout(info: Info, refresh_token: str) -> LogoutResult:
    """Revokes the refresh token; the short-lived access token simply runs out."""
    await resolvers.accounts.logout(info.context, refresh_token=refresh_token)
    return LogoutResult(ok=True)
