"""An escalation step naming a group the config maps to a Slack user group
(``groups: {support: {slack: S…}}``), end to end: signed requests into the bolt app, the local
Slack answering ``usergroups.list`` and ``usergroups.users.list`` as docs.slack.dev describes
them, a SQLite file. A user group disabled since (its ``date_delete`` non-zero,
docs.slack.dev/reference/methods/usergroups.disable) or emptied notifies nobody, yet the
notice pinged ``<!subteam^…>`` and the channel read the step as paged. PagerDuty warns when an
escalation rule targets nobody; socialops now leaves such a group out of the notice's pings
and says so in one line with what to fix, pinging the rest (a review of the escalation
groups, 2026-12-06). A Slack that does not say (the usergroups:read scope missing, a 429)
pings as before and says nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, BOB, CAROL, SUPPORT, UNPACED, World
from tests.support.fake_slack import FakeSlack, Fault
from tests.support.netserver import NetServer

GROUP = "S0SUPPORT"
PING = f"<!subteam^{GROUP}>"
SAID = ("group support was not pinged: {why} (set it right in the chat, or map support to "
        "another under groups: in socialops.yaml).")


def notices(world: World, channel: str) -> list[str]:
    return [json.dumps(m) for m in world.posts(channel) if "Escalation" in json.dumps(m)]


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    """The e2e world with the group support mapped to the Slack user group S0SUPPORT."""
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto,
                  extra=UNPACED + f"groups:\n  support: {{slack: {GROUP}}}\n")
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


async def step_one(world: World) -> str:
    """Open a ticket and let step 1 (notify_groups: [support]) and its notice fire."""
    ticket_id, _ = await open_ticket(world)
    for minutes in (15, 1):
        world.clock.advance(minutes=minutes)
        await world.timers()
    found = notices(world, SUPPORT)
    assert len(found) == 1 and ticket_id in found[-1], found
    return found[-1]


async def test_a_live_group_with_members_is_pinged(world: World) -> None:
    world.slack.usergroups[GROUP] = [ALICE, BOB]
    notice = await step_one(world)
    assert PING in notice and "not pinged" not in notice, notice


@pytest.mark.parametrize(("members", "disabled", "why"), [
    ([ALICE, BOB], True, "its Slack user group is disabled"),
    ([], False, "its Slack user group has no members"),
], ids=["disabled", "empty"])
async def test_a_group_that_pings_nobody_is_left_out_and_said(
        world: World, members: list[str], disabled: bool, why: str) -> None:
    world.slack.usergroups[GROUP] = members
    if disabled:
        world.slack.disabled_groups.add(GROUP)
    notice = await step_one(world)
    assert PING not in notice, notice
    assert SAID.format(why=why) in notice, notice


async def test_a_group_slack_does_not_list_is_said(world: World) -> None:
    notice = await step_one(world)  # S0SUPPORT copied from another workspace
    assert PING not in notice, notice
    # nothing in the chat sets right an id Slack does not know: the notice says to change it
    # in socialops.yaml (it said "set it right in the chat"; a support lead's review)
    assert ("group support was not pinged: Slack has no such user group in this workspace (an "
            "ID copied from another workspace?) (put the ID of one of this workspace's groups "
            "under groups: support: in socialops.yaml).") in notice, notice
    assert "set it right in the chat" not in notice, notice


@pytest.mark.parametrize("fault", [
    Fault(method="usergroups.list", status=200, error="missing_scope",
          needed="usergroups:read"),
    Fault(method="usergroups.list", status=429, error="ratelimited", retry_after=30),
], ids=["missing_scope", "429"])
async def test_a_slack_that_does_not_say_pings_as_before(world: World, fault: Fault) -> None:
    world.slack.usergroups[GROUP] = []
    world.slack.disabled_groups.add(GROUP)
    world.slack.faults.append(fault)
    notice = await step_one(world)
    assert PING in notice and "not pinged" not in notice, notice


async def test_escalate_says_the_group_is_not_pinged(world: World) -> None:
    world.slack.usergroups[GROUP] = [ALICE]
    world.slack.disabled_groups.add(GROUP)
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, CAROL, SUPPORT, f"escalate {ticket_id}")
    assert "notifies group support" not in answer, answer
    assert ("group support is not pinged: its Slack user group is disabled (set it right in "
            "the chat, or map support to another under groups: in socialops.yaml)") in answer
