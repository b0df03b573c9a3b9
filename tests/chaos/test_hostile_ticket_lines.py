"""Hostile text typed into a ticket's thread lines, end to end through the Slack request path
(bolt's slash commands, signed), the store, the outbox and the local Slack Web API: every row
of the hostile corpus as a ``note``, an ``escalate`` reason and a ``resolve`` note, and forged
handoffs (``unclaim T-1 to=<…>`` naming a mention, a broadcast, a group, a role or a person
with an invisible character). Read back as a Slack client would: the card's thread, the
escalation channel and every answer ping no one, link nowhere and break no limit, but for the
one documented ping, the new owner's on a real handoff."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.chaos.procs import report
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, BOB, ESCALATIONS, SUPPORT, UNPACED, World, running_world
from tests.integrations.workspaces.hostile import CORPUS
from tests.integrations.workspaces.test_slack_contract import slack_view

pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py
# a mention alone ("<@WCAROL>", as Discord and Slack send a member picked) is a real handoff
# to that person since 24c2dd0 (tests/e2e/test_oncall.py); beside other words it is forged.
# A zero-width space or soft hyphen, which draws nothing, is dropped ("bob\u200b" is bob since
# 51b230b); a mark that moves what is drawn, inside a name, is forged (1c7199d)
FORGED = ["<!channel>", "@here", "bob <@WCAROL>", "bo\u202eb", "b\u200fob", "\uff20everyone",
          "group:support", "role:lead", "<!subteam^S0SUPPORT>", "bob,carol", "carol@here",
          "bob\n<!everyone>", "<#CSUP|support>", "<http://evil.example|bob>"]


def _sendable(text: str) -> bool:
    """Whether a form can carry ``text`` (a lone surrogate is no UTF-8: Slack sends none)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED) as w:  # 120 lines: a minute
        yield w


@pytest.mark.slow
async def test_thread_lines_ping_only_the_new_owner_of_a_handoff(world: World) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    await world.a.outbox.drain()
    (card,) = [m for m in world.posts(SUPPORT) if "T-1" in str(m)]
    assert (await ask(world, ALICE, SUPPORT, "claim T-1")).startswith("T-1 claimed")
    # the rows that try to ping, link or draw the bot's layout, and those longest in each class
    rows = [h.text for h in CORPUS if h.visible and h.text.strip() and _sendable(h.text)
            and h.kind in ("ping", "link", "fake_bot", "invisible", "bidi", "long")]
    for text in rows:
        await world.slash(ALICE, SUPPORT, f"note T-1 {text}")
    for text in rows[:5]:  # the first releases her claim (its reason a thread line)
        await world.slash(ALICE, SUPPORT, f"escalate T-1 {text}")
    assert (await ask(world, ALICE, SUPPORT, "claim T-1")).startswith("T-1 claimed")
    refused = []
    for who in FORGED:
        refused.append(await ask(world, ALICE, SUPPORT, f"unclaim T-1 to={who}"))
    assert (await ask(world, ALICE, SUPPORT, "unclaim T-1 to=bob")).startswith("T-1 ")
    assert (await ask(world, BOB, SUPPORT, f"resolve T-1 {rows[0]}")).startswith("T-1 ")
    await world.a.outbox.drain()
    thread = world.slack.thread(SUPPORT, str(card["ts"]))
    shown = [slack_view(m) for m in [*thread, *world.posts(ESCALATIONS)]]
    answers = [slack_view(r) for r in world.slack.responses]
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None and ticket.status == "resolved"
    pings = [sorted(s.pings) for s in shown if s.pings]
    report("hostile ticket lines", {
        "notes": len(rows), "thread lines": len(thread), "answers": len(answers),
        "forged handoffs refused": sum(not r.startswith("T-1") for r in refused),
        "pinging lines": len(pings), "foreign links": sum(bool(s.links) for s in shown + answers),
        "limits broken": sum(bool(s.problems) for s in shown + answers)})
    # refused: no such person, or not one person id at all (the usage line)
    assert all(r.startswith(("no person", "unclaim takes an id")) for r in refused), refused
    # the handoff's line pings bob; an escalation notice pings the chain's lead, carol
    assert all(p in (["WBOB"], ["WCAROL"]) for p in pings), pings
    assert pings.count(["WBOB"]) == 1
    assert [p for s in answers for p in s.pings] == []
    assert not [s.links for s in shown + answers if s.links]
    assert not [s.problems for s in shown + answers if s.problems]
    # every note has its line (edits of the card still waiting go as one, their lines in one
    # message, one line each)
    assert sum(len(b["text"]["text"].split("\n")) for m in thread for b in m["blocks"]
               if b["text"]["type"] == "plain_text") >= len(rows)
