"""An approver of an ``all`` step who leaves the company while a draft waits for them, through
Slack's signed request path on a SQLite file and a real redis-server (a marketing lead's review
of approvals): dave approved, the step still needed erin; erin left, and the admin took her out
of ``people:`` and the step (as she leaves every workspace) and restarted the bot. The step then
needs only dave, who approved it, but nothing passed it: dave's press again was answered ``you
approved A-1 already; step 1 waits for its approvers`` and the draft waited until it expired. A
press of an approver who approved already now passes a step whose approvals are all given."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_approvals import drafted_reply, wait_status
from tests.e2e.world import APPROVALS, DAVE, ERIN, UNPACED, World, on_store, redis_url_if
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

STEPS = '    - {approvers: ["role:approver", "role:lead"], mode: any}'
BOTH = "    - {approvers: [dave, erin], mode: all}"


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, extra=UNPACED)
        path = tmp_path / "socialops.yaml"
        assert STEPS in path.read_text()
        path.write_text(path.read_text().replace(STEPS, BOTH))
        on_store(path, request.param, redis_url_if(request))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


async def test_a_step_whose_missing_approver_left_passes_on_the_next_press(
        world: World) -> None:
    approval_id, ts = await drafted_reply(world)
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    waiting = f"{approval_id}: your approval is recorded; step 1 still needs erin"
    await world.until(lambda: waiting in world.said_to(DAVE), "dave told the step waits")

    path = world.tmp / "socialops.yaml"  # erin left: the admin takes her out and restarts
    text, n = re.subn(r"\n  - \{id: erin, [^\n]*", "", path.read_text())
    assert n == 1
    path.write_text(text.replace(BOTH, "    - {approvers: [dave], mode: all}"))
    await world.restart()

    await world.a.outbox.drain()
    card = [m for m in world.posts(APPROVALS) if approval_id in str(m)][-1]
    before = len(world.said_to(DAVE))
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS,
                      message_ts=str(card["ts"]))
    await world.until(lambda: len(world.said_to(DAVE)) > before, "dave's answer")
    await wait_status(world, approval_id, "published")
    said = world.said_to(DAVE)[-1]
    assert said.startswith(f"{approval_id} approved and published: "), said
    assert len(world.statuses) == 1
    # once: a press again says so and posts nothing more
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS,
                      message_ts=str(card["ts"]))
    await world.until(lambda: len(world.said_to(DAVE)) > before + 1, "dave's second answer")
    assert "already" in world.said_to(DAVE)[-1] and len(world.statuses) == 1


async def test_the_answer_says_the_approver_it_waits_for_has_left(world: World) -> None:
    """Before she is taken out: the approval recorded, the step waiting for erin, whose Slack
    account is deactivated, was answered 'step 1 still needs erin' alone, as if she could
    still approve it; the answer says she cannot, and what to do (as an escalation notice
    says of a deactivated account it does not ping)."""
    world.slack.users[ERIN] = "erin@acme.test"
    world.slack.deactivated.add(ERIN)  # after the bot started
    approval_id, ts = await drafted_reply(world)
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await world.until(lambda: any("recorded" in t for t in world.said_to(DAVE)), "dave's answer")
    [said] = [t for t in world.said_to(DAVE) if "recorded" in t]
    assert said == (
        f"{approval_id}: your approval is recorded; step 1 still needs erin; erin cannot "
        "approve it (their Slack account is deactivated): take erin out of the step's "
        "approvers and out of people: in socialops.yaml, then press Approve again"), said


async def test_an_approver_still_here_is_waited_for_as_before(world: World) -> None:
    world.slack.users[ERIN] = "erin@acme.test"
    approval_id, ts = await drafted_reply(world)
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    waiting = f"{approval_id}: your approval is recorded; step 1 still needs erin"
    await world.until(lambda: waiting in world.said_to(DAVE), "dave told the step waits")
