"""A note that draws nothing once cleaned is refused, as a blank one is: characters ``clean``
drops as unassigned ignorables (U+2065, U+FFF0-FFF8, U+E0080-E00FF, U+E01F0-E0FFF: Unicode's
Default_Ignorable_Code_Point, which no font draws) passed ``is_blank``, whose categories
count an unassigned character as drawn. ``note T-1 \\ufff0`` was taken: the ticket's history
and its card's thread got a line ("note by alice: ") saying nothing, on a real SQLite file."""

from __future__ import annotations

import pytest

from bot.core.ports import Store
from bot.core.text import clean, is_blank
from tests.conftest import FakeClock
from tests.support.tickets_day import Day

UNSEEN = ["\ufff0", "\u2065", "\U000e0080\U000e00ff", "\U000e01f0 \ufff8", "\u200b\ufff1"]


@pytest.mark.parametrize("note", UNSEEN)
async def test_a_note_clean_leaves_nothing_of_is_refused(
        sqlite_store: Store, clock: FakeClock, note: str) -> None:
    d = Day(sqlite_store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    reply = await d.tickets.note(ticket_id, "alice", note)
    assert not reply.ok and reply.text.startswith("a note needs text"), reply.text


@pytest.mark.parametrize("text", UNSEEN)
def test_is_blank_agrees_with_clean(text: str) -> None:
    assert clean(text) == "" and is_blank(text)
