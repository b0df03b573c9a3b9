"""A 👍 on an approval card that no longer shows Approve (the draft was published, withdrawn,
or approved to go out later since the person read it) is answered in one line saying why, as
a press of a refused button is, through Slack's signed request path, on a SQLite file and on a
real redis-server. Before, the reaction found no Approve button on the card as it is now and
was ignored without a word: the person could not tell a refusal from a lost reaction. A ❌ on
such a card (no Reject button either) was still ignored so: it is answered the same way, who
decided and where the draft stands, and rejects nothing."""

from __future__ import annotations

from tests.e2e.test_approval_integrity import told
from tests.e2e.test_approvals import drafted_reply, wait_status
from tests.e2e.world import ALICE, APPROVALS, BOB, CAROL, DAVE, ERIN, SUPPORT, World


async def told_anew(world: World, user: str, before: int) -> str:
    """What ``user`` is told next, after the ``before`` lines told them already."""
    await world.until(lambda: len(world.said_to(user)) > before, f"{user} being told")
    [said] = world.said_to(user)[before:]
    return said


async def test_a_thumbs_up_on_a_published_drafts_card_says_it_was_published(
        either: World) -> None:
    world = either
    approval_id, ts = await drafted_reply(world)
    assert await world.click(DAVE, "approve", approval_id, channel=APPROVALS,
                             message_ts=ts) == 200
    await wait_status(world, approval_id, "published")
    await world.a.outbox.drain()  # the card shows the post: no Approve button any more
    assert world.button_value(APPROVALS, ts, "approve") is None
    assert await world.react(ERIN, "+1", channel=APPROVALS, message_ts=ts,
                             event_id="EvLate") == 200
    said = await told(world, ERIN, approval_id)
    assert said.startswith(f"{approval_id} was already published at 2026-11-23 09:00 UTC, "
                           "approved by dave: http://"), said
    assert said.endswith("/@acme/9001"), said
    assert "\n" not in said
    # ✅, the other emoji that presses Approve on a draft's card, is answered the same way
    assert await world.react(CAROL, "white_check_mark", channel=APPROVALS, message_ts=ts,
                             event_id="EvLateCheck") == 200
    assert (await told(world, CAROL, approval_id)).startswith(
        f"{approval_id} was already published at")
    # ❌ on it: not ignored any more, told the same
    before = len(world.said_to(BOB))
    assert await world.react(BOB, "x", channel=APPROVALS, message_ts=ts,
                             event_id="EvLateReject") == 200
    said = await told_anew(world, BOB, before)
    assert said.startswith(f"{approval_id} was already published at 2026-11-23 09:00 UTC, "
                           "approved by dave: http://") and "\n" not in said, said
    assert len(world.statuses) == 1


async def test_a_thumbs_up_on_a_withdrawn_drafts_card_says_who_withdrew_it(
        either: World) -> None:
    world = either
    approval_id, ts = await drafted_reply(world)
    assert await world.slash(ALICE, SUPPORT, f"withdraw {approval_id} wrong price") == 200
    await wait_status(world, approval_id, "rejected")
    await world.a.outbox.drain()
    assert world.button_value(APPROVALS, ts, "approve") is None
    assert await world.react(DAVE, "+1", channel=APPROVALS, message_ts=ts,
                             event_id="EvWithdrawn") == 200
    assert await told(world, DAVE, approval_id) == (
        f"{approval_id} was withdrawn by alice, not pending")
    before = len(world.said_to(ERIN))
    assert await world.react(ERIN, "x", channel=APPROVALS, message_ts=ts,
                             event_id="EvWithdrawnReject") == 200
    assert await told_anew(world, ERIN, before) == (
        f"{approval_id} was withdrawn by alice, not pending")
    a = await world.a.store.get_approval(approval_id)
    assert a is not None and a.status == "rejected" and world.statuses == []


async def test_a_thumbs_up_on_a_scheduled_approved_drafts_card_says_when_it_publishes(
        either: World) -> None:
    """An approved draft waiting for its time shows Withdraw, not Approve."""
    world = either
    assert await world.slash(ALICE, SUPPORT,
                             'draft mastodon masto at="tomorrow 9am" Launch day') == 200
    await world.until(lambda: any("A-1" in t for t in world.said_to(ALICE)), "the draft")
    await world.a.outbox.drain()
    [card] = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    ts = str(card["ts"])
    assert await world.click(DAVE, "approve", "A-1", channel=APPROVALS, message_ts=ts) == 200
    await wait_status(world, "A-1", "approved")
    await world.a.outbox.drain()
    assert world.button_value(APPROVALS, ts, "approve") is None
    assert await world.react(ERIN, "+1", channel=APPROVALS, message_ts=ts,
                             event_id="EvScheduled") == 200
    assert await told(world, ERIN, "A-1") == (
        "A-1 was already approved by dave; it publishes at 2026-11-24 09:00 UTC")
    # ❌ from an approver (carol, a lead): told so, and how to stop it; it is still approved
    before = len(world.said_to(CAROL))
    assert await world.react(CAROL, "x", channel=APPROVALS, message_ts=ts,
                             event_id="EvScheduledReject") == 200
    assert await told_anew(world, CAROL, before) == (
        "A-1 was already approved by dave; it publishes at 2026-11-24 09:00 UTC; to stop it, "
        "type: withdraw A-1")
    a = await world.a.store.get_approval("A-1")
    assert a is not None and a.status == "approved"

