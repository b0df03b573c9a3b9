"""The console workspace's record is read off the event loop. ``find`` (asked at each retry of a
delivery whose outcome is unknown) and an edit's thread-note check read the whole record file,
which grows with every card: a review of 2026-12-06 measured 0.27 s of event loop held per
read at 100,000 cards (chat, /healthz and other deliveries waited). Shown by the thread that
reads the file, not by timing."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.core.cards import Card
from integrations.console.workspace import ConsoleWorkspace


class Watched(ConsoleWorkspace):
    """Remembers the thread each read of the record runs on."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.readers: list[threading.Thread] = []

    def records(self) -> Iterator[dict[str, Any]]:
        self.readers.append(threading.current_thread())
        return super().records()


async def test_find_and_the_thread_note_check_read_the_record_off_the_loop(
        tmp_path: Path) -> None:
    ws = Watched(out=io.StringIO(), record_path=tmp_path / "record.jsonl")
    card = Card(kind="ticket", key="T-1", title="login broken", thread_note="claimed by bob",
                thread_key="claim-1")
    ref = await ws.post("C1", card)
    assert await ws.find("C1", "T-1") == ref
    assert await ws.find("C1", "T-2") is None
    await ws.update(ref, card)
    # a retry of that edit: its note is in the record already, so it is not added again
    out = io.StringIO()
    ws._out = out
    await ws.update(ref, card, maybe_shown_since=datetime(2026, 12, 6, tzinfo=UTC))
    assert "claimed by bob" not in out.getvalue()
    assert len(ws.readers) == 3, ws.readers
    assert threading.main_thread() not in ws.readers, ws.readers


async def test_two_retries_of_one_line_at_once_show_it_once(tmp_path: Path) -> None:
    """The thread-note check, off the loop, and the edit that records the line stay one step
    towards the other deliveries of this process: two retries of one edit at once (a lane
    taken over while the first attempt still runs) show its line once, as when the check
    ran on the loop (tests/engine/test_outbox.py's lane handed over mid-burst showed a
    'claimed' line twice in most runs without it)."""
    import asyncio

    out = io.StringIO()
    ws = ConsoleWorkspace(out=out, record_path=tmp_path / "record.jsonl")
    card = Card(kind="ticket", key="T-1", title="login broken", thread_note="claimed by bob",
                thread_key="claim-1")
    ref = await ws.post("C1", card.model_copy(update={"thread_note": None}))
    since = datetime(2026, 12, 6, tzinfo=UTC)
    await asyncio.gather(ws.update(ref, card, maybe_shown_since=since),
                         ws.update(ref, card, maybe_shown_since=since))
    assert out.getvalue().count("claimed by bob") == 1, out.getvalue()
