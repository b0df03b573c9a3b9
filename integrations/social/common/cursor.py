"""The JSON cursor a source keeps in the store."""

from __future__ import annotations

import json
import logging
from typing import Any

from bot.core.ports import SourceCursorStore

log = logging.getLogger(__name__)


async def load_cursor(store: SourceCursorStore, source_id: str) -> dict[str, Any]:
    """The source's cursor object; an absent or unreadable one is an empty dict (a damaged
    cursor means a quiet re-start, never a crash)."""
    raw = await store.get_cursor(source_id)
    if not raw:
        return {}
    try:
        cursor = json.loads(raw)
    except ValueError:
        log.warning("cursor of %s unreadable; starting afresh", source_id)
        return {}
    return cursor if isinstance(cursor, dict) else {}
