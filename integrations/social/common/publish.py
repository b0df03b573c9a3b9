"""Publishing once: the memo of what a publisher already published per idempotency key, and
looking for our own post before posting again where a network has no idempotency key."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.core.errors import SourceError
from bot.core.ports import PublishResult

T = TypeVar("T")


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
