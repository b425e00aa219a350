from resolvers.context import Context
from resolvers.errors import BadUserInput


def locale(ctx: Context, value: str | None) -> str:
    """The asked locale, or the newsroom's default; an unknown one is bad input."""
    if value is None:
        return ctx.default_locale
    if value not in ctx.locales:
        known = ", ".join(sorted(ctx.locales))
        # Quoted short: the message should not echo a megabyte back to the client.
        raise BadUserInput(f"Unknown locale {value[:20]!r}; known locales: {known}.")
    return value
