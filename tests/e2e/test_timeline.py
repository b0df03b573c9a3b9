"""A ticket's timeline in chat end to end through Slack (signed requests into the bolt app, the
local Slack Web API, a SQLite file): ``status T-1`` shows the ticket's history under its line,
newest last, its last ten entries after "… and N earlier", each one line, a hostile note or
reason shown as text."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, BOB, CAROL, SUPPORT, World

# a link's markup typed as text (Slack sends a typed < as &lt;)
HOSTILE = "<!channel> *call* &lt;https://evil.test|here&gt;\nand `this`"


def history_of(answer: str) -> list[str]:
    lines = answer.splitlines()
    start = lines.index("history (UTC, newest last):")
    return [x for x in lines[start + 1:] if x.startswith("  ")]


async def test_status_shows_the_tickets_timeline_newest_last(world: World) -> None:
    ticket_id, _ = await open_ticket(world)  # 09:00
    world.clock.advance(minutes=2)
    await ask(world, ALICE, SUPPORT, f"claim {ticket_id}")
    world.clock.advance(minutes=1)
    await ask(world, ALICE, SUPPORT, f"note {ticket_id} {HOSTILE}")
    world.clock.advance(minutes=1)
    await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id} to=bob")
    answer = await ask(world, CAROL, SUPPORT, f"status {ticket_id}")
    assert answer.startswith(f"{ticket_id}: claimed by bob · ")
    assert history_of(answer) == [
        "  09:00 socialops opened: route support",
        "  09:02 alice claimed",
        "  09:03 alice noted: <!channel> *call* <https://evil.test|here> and `this`",
        "  09:04 alice reassigned to bob"]
    # the card's link still ends the answer
    assert answer.splitlines()[-1].startswith("card: ")
    # shown as text: Slack reads no ping, no link and no bold in it
    body = world.slack.responses[-1]
    assert all(b["text"]["type"] == "plain_text" for b in body["blocks"])
    assert "<!channel>" not in str(body.get("text"))


async def test_a_long_timeline_keeps_its_newest_entries_and_counts_the_rest(
        world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    for n in range(1, 13):  # 12 notes after the opening: 13 entries
        await ask(world, BOB, SUPPORT, f"note {ticket_id} call {n} " + "x" * 300)
    world.clock.advance(days=1)
    await ask(world, BOB, SUPPORT, f"resolve {ticket_id} fixed")
    shown = history_of(await ask(world, BOB, SUPPORT, f"status {ticket_id}"))
    assert shown[0] == "  … and 4 earlier"
    assert len(shown) == 11
    # yesterday's entries carry their date; today's only the time
    assert shown[1].startswith("  2026-11-23 09:00 bob noted: call 4 xxx")
    assert shown[-1] == "  09:00 bob resolved: fixed"
    assert all(len(x) <= 2 + 17 + 160 for x in shown)  # a long note is cut to one short line
    assert shown[-2].endswith("…")
