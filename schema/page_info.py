from typing import Any

from strawberry import relay

from resolvers.pagination import Page


def page_info_of(page: Page[Any]) -> relay.PageInfo:
    """Relay's PageInfo for a page: cursors of its first and last rows."""
    return relay.PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=page.cursor(page.rows[0]) if page.rows else None,
        end_cursor=page.cursor(page.rows[-1]) if page.rows else None,
    )
