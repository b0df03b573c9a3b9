"""A second approver who acts on a card after another approver's click published the draft,
through Slack's signed request path, on a SQLite file and on a real redis-server: the reaction
(👍 on the card, which still shows Approve: its update waits in the outbox) and the button
press are answered alike, in one line saying who published it, when and where; nothing is
published twice, and the audit trail records both refusals with what they were told beside
dave's one approval."""

from __future__ import annotations

from tests.e2e.test_approval_integrity import told
from tests.e2e.test_approvals import drafted_reply, wait_status
from tests.e2e.world import APPROVALS, CAROL, DAVE, World


async def test_a_reaction_and_a_click_after_the_publish_are_told_alike(either: World) -> None:
    world = either
    approval_id, ts = await drafted_reply(world)
    assert await world.click(DAVE, "approve", approval_id, channel=APPROVALS,
                             message_ts=ts) == 200
    await wait_status(world, approval_id, "published")
    assert world.button_value(APPROVALS, ts, "approve") is not None  # not updated yet
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None and approval.published_url
    said = (f"{approval_id} was already published at 2026-11-23 09:00 UTC, approved by dave: "
            f"{approval.published_url}")
    assert await world.react(CAROL, "+1", channel=APPROVALS, message_ts=ts,
                             event_id="EvSlow") == 200
    by_reaction = await told(world, CAROL, "already published")
    assert await world.click(CAROL, "approve", approval_id, channel=APPROVALS,
                             message_ts=ts) == 200
    await world.until(lambda: len([t for t in world.said_to(CAROL)
                                   if "already published" in t]) == 2, "the click's answer")
    by_click = [t for t in world.said_to(CAROL) if "already published" in t]
    assert by_click == [by_reaction, by_reaction], by_click
    assert by_reaction.startswith(said), by_reaction
    assert len(world.statuses) == 1
    await world.a.outbox.drain()
    assert world.button_value(APPROVALS, ts, "approve") is None
    trail = [(e.actor, e.action) for e in await world.a.store.audit_since(None)
             if e.object_id == approval_id and e.action in (
                 "approval.approved", "approval.published", "refused.approve")]
    assert trail == [("dave", "approval.approved"), ("socialops", "approval.published"),
                     ("carol", "refused.approve"), ("carol", "refused.approve")], trail
    refused = [e.detail for e in await world.a.store.audit_since(None)
               if e.action == "refused.approve"]
    assert all(said in d for d in refused), refused
