"""The last inch of the Store, kept in memory, for adapter tests that need only cursors.
(Everything else in the tests runs on real SQLite files and real redis-server processes.)"""

from __future__ import annotations


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
