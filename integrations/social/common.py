"""Small pieces every network adapter shares: the JSON cursor kept in the store, and the memo
of what a publisher already published per idempotency key."""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from typing import Any

from bot.ports import PublishResult, SourceCursorStore

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


class PublishMemo:
    """Results by idempotency key, the newest ``size`` kept: a retry of a key that already
    published in this process answers at once (the store's approval record is the durable
    truth across processes)."""

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self._done: OrderedDict[str, PublishResult] = OrderedDict()

    def get(self, key: str) -> PublishResult | None:
        return self._done.get(key)

    def put(self, key: str, result: PublishResult) -> None:
        self._done[key] = result
        while len(self._done) > self.size:
            self._done.popitem(last=False)
