"""The last inch of the Store, kept in memory, for adapter tests that need only cursors
(everything else in the tests runs on real SQLite files and real redis-server processes), and
a wrapper that tells whether a function ran on the event loop's thread."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Cursors:
    """``bot.core.ports.SourceCursorStore`` in a dict; ``writes`` counts every set."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.writes = 0

    async def get_cursor(self, source_id: str) -> str | None:
        return self.values.get(source_id)

    async def set_cursor(self, source_id: str, value: str) -> None:
        self.writes += 1
        self.values[source_id] = value


def recording_where(fn: Callable[..., T], calls: list[bool]) -> Callable[..., T]:
    """``fn``, appending to ``calls`` whether each call ran on a thread with a running event
    loop (True) or on a worker thread (False): how a test sees that parsing left the loop."""

    def where(*args: Any, **kwargs: Any) -> T:
        try:
            asyncio.get_running_loop()
            calls.append(True)
        except RuntimeError:  # no loop runs in this thread
            calls.append(False)
        return fn(*args, **kwargs)

    return where
