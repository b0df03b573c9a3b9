"""An escalation notice names what comes next, as PagerDuty's and Grafana OnCall's do: the next
step, its time and whom it notifies, unless the ticket is claimed first (a review as an on-call
lead, 2026-12-07). Before, the person pinged by step 1 could not tell from the notice whether
anyone else would be paged, or when; only `status T-1` said it.

Signed requests into the bolt app, the local Slack, a SQLite file or a real redis-server, an
injected clock: T-1 opens at 09:00; support-default pings group support at 09:15 and carol
(posting to support-escalations) 30 min after that, its last step."""

from __future__ import annotations

import json

from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ESCALATIONS, SUPPORT, World

NEXT = ("Next: step 2 of support-default at 09:45 UTC (notifies carol), unless it is "
        "claimed first.")


def notices(world: World, channel: str) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in world.posts(channel)
            if "Escalation" in json.dumps(m)]


async def minutes_on(world: World, *steps: int) -> None:
    for minutes in steps:
        world.clock.advance(minutes=minutes)
        await world.timers()


async def test_step_1s_notice_names_step_2_its_time_and_whom(either: World) -> None:
    world = either
    await open_ticket(world)  # 09:00
    await minutes_on(world, 15, 1)  # step 1 at 09:15, its notice 30 s later
    [shown] = notices(world, SUPPORT)
    assert NEXT in shown, shown


async def test_a_batched_notice_names_the_next_step_once(either: World) -> None:
    world = either
    for n in (1, 2):  # two customers, the same minute: both in step 1's notice
        await world.mention("@acme my order is broken again, this is terrible", n=n,
                            handle=f"customer{n}")
    assert len(await world.a.store.list_tickets(status="open")) == 2
    await minutes_on(world, 15, 1)
    [shown] = notices(world, SUPPORT)
    assert "T-1" in shown and "T-2" in shown
    assert shown.count("Next: step 2 of support-default at 09:45 UTC") == 1, shown


async def test_the_last_steps_notice_names_no_next_step(either: World) -> None:
    world = either
    await open_ticket(world)
    await minutes_on(world, 15, 1, 29, 1)  # step 2 at 09:46 (30 min after step 1's)
    shown = notices(world, ESCALATIONS)
    assert len(shown) == 1, shown
    assert "That was the last step of support-default" in shown[0]
    assert "Next:" not in shown[0], shown[0]
