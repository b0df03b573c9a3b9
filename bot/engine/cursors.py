"""Cursor transactions: each read owns its cursor writes (DESIGN §8).

A source reads and writes its cursors through ``DeferredCursors``. Writes are held back in the
transaction of the read that made them and become durable only in the transaction that
commits that read's batch (``Pipeline.process_batch(..., cursors=tx.pending)``), so a crash
re-reads the batch instead of losing it.

Which transaction a write belongs to is the current ``asyncio`` context's: the runtime opens a
transaction (``begin()``) in the task that runs one read (a poll, or one item of a stream), and
a source's code, which runs in that task or in tasks it started, writes into it. The poll loop
and the stream loop of one source run in different tasks, so they never share a transaction:
a stream commit can not make a half-processed poll batch durable, and a poll rollback can not
discard the stream's writes. Writes outside any transaction (tests, ``socialops fetch``) go
straight to the store.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field

from bot.core.ports import SourceCursorStore


@dataclass
class CursorTx:
    pending: dict[str, str] = field(default_factory=dict)


class DeferredCursors:
    def __init__(self, store: SourceCursorStore) -> None:
        self._store = store
        self._current: contextvars.ContextVar[CursorTx | None] = contextvars.ContextVar(
            f"cursor-tx-{id(self)}", default=None)

    def begin(self) -> CursorTx:
        """Open a transaction for the read about to happen in this context."""
        tx = CursorTx()
        self._current.set(tx)
        return tx

    def end(self) -> None:
        self._current.set(None)

    async def get_cursor(self, source_id: str) -> str | None:
        tx = self._current.get()
        if tx is not None and source_id in tx.pending:
            return tx.pending[source_id]
        return await self._store.get_cursor(source_id)

    async def set_cursor(self, source_id: str, value: str) -> None:
        tx = self._current.get()
        if tx is None:
            await self._store.set_cursor(source_id, value)
        else:
            tx.pending[source_id] = value

    async def set_cursor_now(self, source_id: str, value: str) -> None:
        """Written at once, outside the read's transaction (``ports.set_cursor_now``): only for
        a position past what holds no mention still to process. The transaction's own write of
        the key, if it holds one, is made this one, so its commit writes nothing older."""
        await self._store.set_cursor(source_id, value)
        tx = self._current.get()
        if tx is not None and source_id in tx.pending:
            tx.pending[source_id] = value
