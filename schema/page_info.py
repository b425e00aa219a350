from typing import Any

from strawberry import relay

from resolvers.pagination import Page, cursor


def page_info_of(page: Page[Any]) -> relay.PageInfo:
    """Relay's PageInfo for a page: cursors of its first and last rows."""
    last = page.start + len(page.rows) - 1
    return relay.PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.has_previous,
        start_cursor=cursor(page.start) if page.rows else None,
        end_cursor=cursor(last) if page.rows else None,
    )
