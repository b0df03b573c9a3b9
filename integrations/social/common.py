"""Small pieces every network adapter shares: the JSON cursor kept in the store, and the memo
of what a publisher already published per idempotency key."""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.core.errors import SourceError
from bot.core.ports import PublishResult, SourceCursorStore

log = logging.getLogger(__name__)
T = TypeVar("T")


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


class LookBeforeRetry:
    """For networks without an idempotency key (X, Reddit): when a post's outcome is unknown (a
    timeout, a 5xx, a garbled answer), look for our own post before anyone posts again, now
    and on every later attempt with the same key until the question is settled."""

    def __init__(self) -> None:
        self.ambiguous: set[str] = set()

    async def send(self, key: str, *, post: Callable[[], Awaitable[T]],
                   look: Callable[[], Awaitable[PublishResult | None]],
                   certain: tuple[type[Exception], ...],
                   maybe_published: bool = False) -> T | PublishResult:
        """``post()``'s answer, or the post ``look()`` found. ``certain`` errors mean nothing
        was posted (a 429, refused credentials); other ``SourceError``s are ambiguous.
        ``maybe_published``: an earlier attempt (perhaps in a process that died) may have
        posted; the approval's record in the store says so, so look first."""
        if maybe_published or key in self.ambiguous:
            found = await look()
            if found is not None:
                self.ambiguous.discard(key)
                return found
        try:
            answer = await post()
        except certain:
            raise
        except SourceError:
            self.ambiguous.add(key)
            try:
                found = await look()
            except SourceError:
                found = None  # still ambiguous: the next attempt looks again first
            if found is not None:
                self.ambiguous.discard(key)
                return found
            raise
        self.ambiguous.discard(key)
        return answer
