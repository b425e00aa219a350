"""Scheduled publishing in the background: due articles marked published, every so often.

Readers never wait for it (models.visible shows a due article at once, and cached answers
expire at the due time); what was cached since still shows the old status and version,
so those answers are dropped when it runs.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from resolvers import publishing, surrogates

logger = logging.getLogger("dateline")


async def run(
    clock: Callable[[], datetime],
    every: float,
    invalidate: Callable[[set[str]], Awaitable[None]],
) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            for article_id in await publishing.publish_due(clock()):
                await invalidate(await surrogates.changed_article(article_id))
        except Exception:  # a failed round is retried on the next one; the server goes on
            logger.exception("scheduled publishing failed")
