"""An escalation step due while every bot process was down (a bad deploy over lunch), as a
support lead reads its notice in the channel (signed requests into the bolt app, the local
Slack, a SQLite file or a real redis-server, the bot restarted on it, injected clock).

T-1 opened at 09:00 with support-default (step 1 after 15 min, step 2 30 min after it); every
process stopped at 09:05 and came back at 12:05. The timer fires step 1 then, once, pinging
its group once: a step is never fired twice, nor several steps at once. Before, its notice
read as an on-time one (``T-1 has been unclaimed for 3 h 5 min, since it opened``): the
channel could only take socialops for broken, or its chain for one that waits three hours.
It now says the step was due at 09:15, while no socialops process ran, and how late it comes
(as a scheduled post published late says it: docs/workflows.md, Scheduled publishing). The
next step is counted from the late one, as it is from any step the timer fired.
"""

from __future__ import annotations

import json

from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ESCALATIONS, SUPPORT, World


def notices(world: World, channel: str) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in world.posts(channel)
            if "Escalation" in json.dumps(m)]


async def test_a_step_due_in_an_outage_fires_once_and_says_it_is_late(either: World) -> None:
    world = either
    await world.a.start()  # as `socialops run` starts it
    ticket_id, _ = await open_ticket(world)
    world.clock.advance(minutes=5)
    await world.timers()  # 09:05: the timer loop beats, nothing due yet
    await world.stop()
    world.clock.advance(hours=3)  # 12:05: back
    await world.start()
    await world.a.start()
    await world.timers()  # step 1, due at 09:15
    world.clock.advance(minutes=1)
    await world.timers()  # its notice, batch_seconds later
    shown = notices(world, SUPPORT)
    assert len(shown) == 1, shown
    assert ("Step 1 of support-default was due at 09:15 UTC, while no socialops process "
            "ran: 2 h 50 min late.") in shown[0], shown[0]
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None
    fired = [e for e in ticket.history if e.action == "escalated (step 1)"]
    assert [e.detail for e in fired] == [
        "due at 09:15 UTC, while no socialops process ran: 2 h 50 min late"], fired
    assert notices(world, ESCALATIONS) == [], "step 2 waits its 30 min from the late step"
    world.clock.advance(minutes=30)
    await world.timers()
    world.clock.advance(minutes=1)
    await world.timers()
    step2 = notices(world, ESCALATIONS)
    assert len(step2) == 1 and "late" not in step2[0], step2
