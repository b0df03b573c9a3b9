"""Cursor transactions: a source's cursor writes are held back until the batch they belong to
is durable (DESIGN §8)."""

from __future__ import annotations

from bot.core.ports import SourceCursorStore


class DeferredCursors:
    """Hands a source its cursors but holds back writes until ``commit()``, which the runtime
    calls only after the batch was processed durably: a crash in between re-reads the batch
    (dedup makes that harmless) instead of losing it."""

    def __init__(self, store: SourceCursorStore) -> None:
        self._store = store
        self._pending: dict[str, str] = {}

    async def get_cursor(self, source_id: str) -> str | None:
        if source_id in self._pending:
            return self._pending[source_id]
        return await self._store.get_cursor(source_id)

    async def set_cursor(self, source_id: str, value: str) -> None:
        self._pending[source_id] = value

    async def commit(self) -> None:
        pending, self._pending = self._pending, {}
        for source_id, value in pending.items():
            await self._store.set_cursor(source_id, value)

    def rollback(self) -> None:
        self._pending.clear()
