"""``status T-3``'s timeline as a Discord answer is rendered (``reply_payload``: escaped, cut to
whole lines past 2,000 characters), from a ticket on a real SQLite file worked through the
ticket service. Discord backslash-escapes each markdown character, which doubles a note of
them, a time (09\\:05) or a post's link, so ten entries of 160 characters did not fit: the
cut kept the oldest lines and dropped the newest entries and the card's link."""

from __future__ import annotations

from bot.core.cards import Reply
from bot.core.ports import Store
from integrations.discord.inbound import reply_payload
from tests.conftest import FakeClock
from tests.handlers.test_unclaimed_for import queue
from tests.support.tickets_day import Day


async def test_a_timeline_of_markup_notes_keeps_its_newest_entries_and_the_card_link(
        sqlite_store: Store, clock: FakeClock) -> None:
    d = Day(sqlite_store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    for n in range(12):
        await d.at(10, 10 + n)
        note = f"note {n} " + "**call** <@&1> https://x.example/a_b-c. " * 5
        assert (await d.tickets.note(ticket_id, "alice", note)).ok
    found = await queue(d).look_up(ticket_id)
    assert not isinstance(found, Reply)
    content = reply_payload(Reply.done(queue(d).describe(found)))["content"]
    assert len(content) <= 2_000
    lines = content.splitlines()
    assert "more line" not in content  # nothing cut by Discord's limit
    assert lines[-1].startswith("card")  # the card's line still ends the answer
    assert "note 11" in lines[-2]  # the newest entry is shown, just before it
    assert lines[2].lstrip().startswith("… and ")  # the older ones counted, not shown
