"""The JSON cursor a source keeps in the store, and how far ahead of the clock a time cursor
may move."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from bot.core.jsonbody import loads
from bot.core.ports import SourceCursorStore

log = logging.getLogger(__name__)

# How far past the source's clock a time cursor may move: clocks differ a little, but an item
# dated further ahead (year 9999) would leave every later window empty.
FUTURE_SKEW = timedelta(hours=1)


async def load_cursor(store: SourceCursorStore, source_id: str) -> dict[str, Any]:
    """The source's cursor object; an absent or unreadable one is an empty dict (a damaged
    cursor means a quiet re-start, never a crash)."""
    raw = await store.get_cursor(source_id)
    if not raw:
        return {}
    try:  # ``loads``: a cursor nested past the recursion limit is read too, its depth cut
        cursor = loads(raw)  # (json.loads raised RecursionError out of every poll)
    except ValueError:
        log.warning("cursor of %s unreadable; starting afresh", source_id)
        return {}
    return cursor if isinstance(cursor, dict) else {}
