"""A click acts on the step its card showed, through Slack's signed request path, on a SQLite
file and on a real redis-server. Two steps: a lead's (carol, erin), then an approver's (dave,
erin; erin, an admin, matches both). carol's click passes step 1; erin's press of Approve and
her 👍 on the card as it still shows step 1 (its update waits in the outbox) approve nothing:
she is told who passed step 1, when, and how to approve step 2. Before, her late click for
step 1 was written as step 2's approval and published the post. The card as it shows step 2
then publishes it, once."""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e import world as world_module
from tests.e2e.test_approval_integrity import told
from tests.e2e.test_approvals import drafted_reply, wait_status
from tests.e2e.world import APPROVALS, CAROL, ERIN, World


@pytest.fixture
def two_step_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """The e2e world's config with two approval steps: a lead's, then an approver's."""
    monkeypatch.setattr(world_module, "CONFIG", world_module.CONFIG.replace(
        '    - {{approvers: ["role:approver", "role:lead"], mode: any}}',
        '    - {{approvers: ["role:lead"], mode: any}}\n'
        '    - {{approvers: ["role:approver"], mode: any}}'))


@pytest.fixture
def two_steps(two_step_config: None, either: World) -> World:
    """The e2e world (conftest's ``either``: a SQLite file or a real redis-server) with two
    approval steps: ``either`` is asked for after ``two_step_config``, so it is made with it."""
    return either


async def test_a_late_click_for_step_1_does_not_approve_step_2(two_steps: World) -> None:
    world = two_steps
    approval_id, ts = await drafted_reply(world)
    on_step_1 = world.button_value(APPROVALS, ts, "approve")
    assert on_step_1 is not None and on_step_1.endswith("@1"), on_step_1
    assert await world.click(CAROL, "approve", approval_id, channel=APPROVALS,
                             message_ts=ts) == 200
    for _ in range(500):
        a = await world.a.store.get_approval(approval_id)
        if a is not None and a.current_step == 1:
            break
        await asyncio.sleep(0.01)
    assert a is not None and a.current_step == 1 and a.status == "pending"
    assert world.button_value(APPROVALS, ts, "approve") == on_step_1  # not updated yet
    said = (f"{approval_id} was not approved: step 1, which your card showed, was approved "
            "already by carol at 2026-11-23 09:00 UTC; it waits for step 2 of 2 now; to "
            f"approve step 2, type: approve {approval_id} {a.content_hash[:16]} step=2")
    assert await world.click(ERIN, "approve", approval_id, channel=APPROVALS,
                             message_ts=ts) == 200
    by_click = await told(world, ERIN, "was not approved")
    assert by_click == said, by_click
    assert await world.react(ERIN, "+1", channel=APPROVALS, message_ts=ts,
                             event_id="EvLateStep") == 200
    await world.until(lambda: len([t for t in world.said_to(ERIN)
                                   if "was not approved" in t]) == 2, "the reaction's answer")
    assert [t for t in world.said_to(ERIN) if "was not approved" in t] == [said, said]
    a = await world.a.store.get_approval(approval_id)
    assert a is not None and a.status == "pending" and a.current_step == 1
    assert [(d.person, d.step) for d in a.decisions] == [("carol", 0)]
    assert world.statuses == []
    await world.a.outbox.drain()  # the card shows step 2 now: its Approve approves step 2
    on_step_2 = world.button_value(APPROVALS, ts, "approve")
    assert on_step_2 is not None and on_step_2.endswith("@2"), on_step_2
    assert await world.click(ERIN, "approve", approval_id, channel=APPROVALS,
                             message_ts=ts) == 200
    await wait_status(world, approval_id, "published")
    assert len(world.statuses) == 1


async def test_a_forged_step_approves_nothing_and_is_answered_in_one_line(
        two_steps: World) -> None:
    """A crafted request's Approve value with a step no card showed ('@99', '@0', '@-1',
    '@2@3', '@01', an Arabic-Indic digit, another draft's id): each is answered in one line,
    and nothing is approved."""
    world = two_steps
    approval_id, ts = await drafted_reply(world)
    shown = world.button_value(APPROVALS, ts, "approve")
    assert shown is not None
    sha = shown.split("#")[1].removesuffix("@1")
    forged = [f"{approval_id}#{sha}@{s}" for s in ("99", "2", "0", "-1", "2@3", "01", "\u0662")]
    for n, value in enumerate([*forged, f"A-9#{sha}@1"], start=1):
        assert await world.click(ERIN, "approve", approval_id, channel=APPROVALS,
                                 message_ts=ts, value=value) == 200
        await world.until(lambda n=n: len(world.said_to(ERIN)) == n,  # type: ignore[misc]
                          f"the answer to {value!r}")
    said = world.said_to(ERIN)
    assert all("\n" not in t and "Traceback" not in t for t in said), said
    assert said[0] == (f"{approval_id} was not approved: your card showed step 99; it waits "
                       f"for step 1 of 2 now; to approve step 1, type: approve {approval_id} "
                       f"{sha[:16]} step=1"), said[0]
    a = await world.a.store.get_approval(approval_id)
    assert a is not None and a.status == "pending" and a.current_step == 0 and not a.decisions
    assert world.statuses == []


async def test_a_typed_approve_names_its_step_and_one_naming_a_passed_step_approves_nothing(
        two_steps: World) -> None:
    """A typed `approve A-1 <sha256>` names a text, not a step: meant for step 1 after carol
    passed it, it passed step 2 and published the post, answered only 'A-1 approved and
    published'. Now it may name the step as a click carries it (`step=1`): a step passed
    already approves nothing, answered as the late click is; without `step=`, the answer
    says which step it passed. Every hint says `step=`."""
    from tests.e2e.test_queue import ask

    world = two_steps
    approval_id, ts = await drafted_reply(world)
    sha = (await world.a.store.get_approval(approval_id)).content_hash[:16]  # type: ignore[union-attr]
    assert await world.click(CAROL, "approve", approval_id, channel=APPROVALS,
                             message_ts=ts) == 200
    await world.until(lambda: any(approval_id in t for t in world.said_to(CAROL)), "carol")
    said = await ask(world, ERIN, APPROVALS, f"approve {approval_id} {sha} step=1")
    assert said == (f"{approval_id} was not approved: step 1, which you named, was approved "
                    "already by carol at 2026-11-23 09:00 UTC; it waits for step 2 of 2 now; "
                    f"to approve step 2, type: approve {approval_id} {sha} step=2"), said
    assert "not an id" not in await ask(world, ERIN, APPROVALS,
                                        f"approve {approval_id} step=3 {sha}")
    bad = await ask(world, ERIN, APPROVALS, f"approve {approval_id} {sha} step=two")
    assert bad.startswith("step= takes the number of the step"), bad
    a = await world.a.store.get_approval(approval_id)
    assert a is not None and a.status == "pending" and a.current_step == 1
    assert [(d.person, d.step) for d in a.decisions] == [("carol", 0)]
    assert world.statuses == []
    said = await ask(world, ERIN, APPROVALS, f"approve {approval_id} {sha}")
    assert said.startswith(f"{approval_id} approved and published: "), said
    assert said.endswith(" (your approval passed step 2 of 2, the last)"), said
    assert len(world.statuses) == 1


async def test_a_typed_approve_naming_a_step_not_reached_skips_nothing(
        two_steps: World) -> None:
    """`step=2` typed while step 1 still waits (or `step=3` of two) must not pass step 1 for
    step 2, nor step 2 early: it approves nothing and says which step the draft waits for."""
    from tests.e2e.test_queue import ask

    world = two_steps
    approval_id, _ts = await drafted_reply(world)
    sha = (await world.a.store.get_approval(approval_id)).content_hash[:16]  # type: ignore[union-attr]
    for named in ("step=2", "STEP = 2", "step=3"):
        said = await ask(world, ERIN, APPROVALS, f"approve {approval_id} {sha} {named}")
        number = named[-1]
        assert said.startswith(f"{approval_id} was not approved: you named step {number}; it "
                               "waits for step 1 of 2 now"), said
    a = await world.a.store.get_approval(approval_id)
    assert a is not None and a.status == "pending" and a.current_step == 0 and not a.decisions
    assert world.statuses == []
