"""``DeferredCursors.set_cursor_now``: a write made at once from inside a read's cursor
transaction (a stream's position past a message too heavy to read, with no mention held),
which the transaction's later commit does not write back to an older value."""

from __future__ import annotations

from bot.core.ports import set_cursor_now
from bot.engine.cursors import DeferredCursors
from tests.support.fakes import Cursors


async def test_a_write_at_once_reaches_the_store_inside_a_transaction() -> None:
    store = Cursors()
    cursors = DeferredCursors(store)
    tx = cursors.begin()
    await cursors.set_cursor("bsky:jetstream", "100")  # held for the next mention
    assert store.values == {}
    await set_cursor_now(cursors, "bsky:jetstream", "200")
    assert store.values == {"bsky:jetstream": "200"}
    assert tx.pending == {"bsky:jetstream": "200"}  # its commit writes nothing older
    await set_cursor_now(cursors, "bsky:jetstream-heavy", "[]")
    assert "bsky:jetstream-heavy" not in tx.pending and store.values["bsky:jetstream-heavy"]
    cursors.end()


async def test_a_store_without_transactions_is_written_as_usual() -> None:
    store = Cursors()
    await set_cursor_now(store, "k", "v")
    assert store.values == {"k": "v"} and store.writes == 1
