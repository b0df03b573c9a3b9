"""An escalation chain that has run out, end to end (signed requests into the bolt app, the
local Slack, a SQLite store). Grafana's escalation chains run "until an alert is acknowledged,
resolved, or all steps complete"; PagerDuty repeats a policy a set number of times, then stops
notifying. socialops stops too (``repeat: K``), but its last notice read like every other: the
channel was never told that nobody would be pinged again for a ticket still unclaimed (a
review of the on-call and queue views, 2026-12-06)."""

from __future__ import annotations

import json

from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ESCALATIONS, SUPPORT, World


def notices(world: World, channel: str) -> list[str]:
    return [json.dumps(m) for m in world.posts(channel) if "Escalation" in json.dumps(m)]


async def test_the_last_steps_notice_says_the_chain_has_ended(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    for minutes in (15, 1):  # step 1, then its notice batch_seconds later
        world.clock.advance(minutes=minutes)
        await world.timers()
    first = notices(world, SUPPORT)
    assert len(first) == 1 and "last step" not in first[0]
    for minutes in (30, 1):  # step 2 of 2, repeat 0: the chain's end
        world.clock.advance(minutes=minutes)
        await world.timers()
    last = notices(world, ESCALATIONS)
    assert len(last) == 1
    assert ("the last step of support-default: socialops pings nobody again about "
            f"{ticket_id} while it stays unclaimed") in last[0], last[0]
    # in the ticket's own channel too, where step 2 also speaks
    assert len(notices(world, SUPPORT)) == 2 and "last step" in notices(world, SUPPORT)[1]
    for minutes in (60, 600):  # and it keeps its word
        world.clock.advance(minutes=minutes)
        await world.timers()
    assert len(notices(world, SUPPORT)) + len(notices(world, ESCALATIONS)) == 3
