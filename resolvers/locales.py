from resolvers.context import Context
from resolvers.errors import BadUserInput


def locale(ctx: Context, value: str | None) -> str:
    """The asked locale, or the newsroom's default; an unknown one is bad input."""
    if value is None:
        return ctx.default_locale
    if value not in ctx.locales:
        known = ", ".join(sorted(ctx.locales))
        raise BadUserInput(f"Unknown locale {value!r}; known locales: {known}.")
    return value
