"""A ticket with 500 notes, each hostile (a ZWJ family, CJK, RTL, combining marks, markup,
``<!channel>``, ``@everyone``, a 1,500-character link), worked through the ticket service on a
real SQLite file: ``status T-1``'s answer, rendered for Slack and for Discord, fits each
platform's limits as the local Slack and the local Discord enforce them (Block Kit's, with the
12,000 total; Discord's 2,000-character content) and says how many entries it left out, the
newest shown and the card's line last. Nothing pings: Slack shows the text as plain_text,
Discord escapes it and sends no allowed mention."""

from __future__ import annotations

from bot.core.cards import Reply
from bot.core.ports import Store
from integrations.discord.inbound import reply_payload
from integrations.slack.render import render_text
from tests.conftest import FakeClock
from tests.handlers.test_unclaimed_for import queue
from tests.support.fake_discord import _text_errors
from tests.support.fake_slack import MAX_BLOCKS_TEXT, block_errors, blocks_text
from tests.support.tickets_day import Day

FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"


async def test_the_status_of_a_ticket_of_500_notes_fits_and_counts_the_rest(
        sqlite_store: Store, clock: FakeClock) -> None:
    d = Day(sqlite_store, clock)
    await d.at(10, 0)
    ticket_id = await d.open("support")
    for n in range(500):
        await d.at(10 + n // 60, n % 60)
        note = (f"note {n} {FAMILY} 返金 مرحبا e\u0301\u0302 **call** <!channel> @everyone "
                "https://x.example/" + "a" * 1_500)
        assert (await d.tickets.note(ticket_id, "alice", note)).ok
    found = await queue(d).look_up(ticket_id)
    assert not isinstance(found, Reply)
    text = queue(d).describe(found)

    slack = render_text(text)
    assert block_errors(slack.blocks) == [] and blocks_text(slack.blocks) <= MAX_BLOCKS_TEXT
    assert all(b["text"]["type"] == "plain_text" for b in slack.blocks)  # nothing pings
    shown = "\n".join(b["text"]["text"] for b in slack.blocks)
    discord = reply_payload(Reply.done(text))
    assert _text_errors(discord) == {} and discord["allowed_mentions"] == {"parse": []}
    for answer in (shown, discord["content"]):
        lines = answer.splitlines()
        earlier = next(line.strip() for line in lines if "earlier" in line)
        assert earlier.startswith("… and ") and earlier.endswith(" earlier")
        notes = [int(line.split("note ", 1)[1].split()[0]) for line in lines
                 if "noted" in line and "note " in line]
        # the newest, in order; every note not shown is among those counted
        assert notes == list(range(500 - len(notes), 500)) and len(notes) >= 5
        assert int(earlier.split()[2]) >= 500 - len(notes)
        assert "note 499" in lines[-2]  # the newest entry, before the card's line
        assert lines[-1].startswith("card")
