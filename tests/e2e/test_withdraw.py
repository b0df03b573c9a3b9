"""``withdraw A-3 [reason]`` through Slack's signed request path, on a SQLite file and on a
real redis-server: a draft's author takes back a pending draft, an approver cancels an approved
post waiting for its time (as Hootsuite's and Sprout Social's users do); its card is edited once
("Withdrawn by alice: ..."), its timers are cancelled in the same write so nothing is published
when its time comes, ``status`` and the audit log say so, and every other case is refused in
one line naming why."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.models import Approval
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_scheduled import approve, card, thread
from tests.e2e.world import (
    ALICE,
    APPROVALS,
    BOB,
    DAVE,
    MARKETING,
    UNPACED,
    World,
    redis_url_if,
    running_world,
)

# the clock starts Monday 2026-11-23 09:00 UTC: 10:00 in Berlin


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    """The e2e world on Berlin's clock, on either store."""
    async with running_world(tmp_path, clock, extra=UNPACED, zone="Europe/Berlin",
                             store=request.param, redis_url=redis_url_if(request)) as w:
        yield w


async def stored(world: World, approval_id: str) -> Approval:
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None
    return approval


def mrkdwn(node: object) -> list[str]:
    """Every mrkdwn text object's text in a message's blocks."""
    if isinstance(node, dict):
        own = [str(node["text"])] if node.get("type") == "mrkdwn" else []
        return own + [t for v in node.values() for t in mrkdwn(v)]
    if isinstance(node, list):
        return [t for v in node for t in mrkdwn(v)]
    return []


async def test_the_author_withdraws_a_pending_draft(world: World) -> None:
    await ask(world, ALICE, MARKETING, "draft mastodon masto Our winter sale starts now")
    await world.a.outbox.drain()
    updates = len(world.slack.calls_to("chat.update"))
    assert await ask(world, ALICE, MARKETING, "withdraw A-1 wrong price") == "A-1 withdrawn"
    await world.a.outbox.drain()
    assert len(world.slack.calls_to("chat.update")) == updates + 1  # the card, edited once
    shown = card(world, "A-1")
    assert "A-1: Withdrawn by alice: wrong price" in shown
    assert "Approve" not in shown and "Reject" not in shown  # nothing left to press
    assert thread(world, "A-1")[-1] == "withdrawn by alice: wrong price"
    a = await stored(world, "A-1")
    assert a.status == "rejected"  # a status the previous release reads
    assert (a.history[-1].action, a.history[-1].actor, a.history[-1].detail) == (
        "withdrawn", "alice", "wrong price")
    assert (a.decisions[-1].verdict, a.decisions[-1].comment) == ("reject",
                                                                 "withdrawn: wrong price")
    rows = [e for e in await world.a.store.audit_since(None) if e.object_id == "A-1"]
    assert rows[-1].action == "approval.withdrawn" and rows[-1].actor == "alice"
    assert "A-1: Withdrawn by alice: wrong price" in await ask(world, BOB, MARKETING,
                                                                "status A-1")
    # the expiry timer went with it: a day later nothing fires, nothing is written
    world.clock.advance(hours=25)
    assert await world.timers() == 0
    assert (await stored(world, "A-1")).version == a.version
    # a second withdraw is no second write; anyone else is told why in one line
    assert await ask(world, ALICE, MARKETING, "withdraw A-1") == \
        "you withdrew A-1 already; it will not publish"
    assert await ask(world, DAVE, MARKETING, "withdraw A-1") == \
        "A-1 was withdrawn by alice already; it will not publish"
    assert len(world.slack.calls_to("chat.update")) == updates + 1


async def test_an_approver_cancels_a_scheduled_post_and_its_time_publishes_nothing(
        world: World) -> None:
    await ask(world, ALICE, MARKETING, 'draft mastodon masto at="tomorrow 9am" Launch day')
    assert (await approve(world, "A-1")).startswith("A-1 approved; publishes at")
    await world.a.outbox.drain()
    assert await ask(world, DAVE, APPROVALS, "withdraw A-1") == "A-1 withdrawn"
    await world.a.outbox.drain()
    assert "A-1: Withdrawn by dave" in card(world, "A-1")
    # the line, then the ping of alice, whose post it was
    assert thread(world, "A-1")[-2:] == ["withdrawn by dave", f"<@{ALICE}>"]
    world.clock.advance(days=2)
    assert await world.timers() == 0  # its publish_at timer was cancelled with it
    assert world.statuses == []
    assert (await stored(world, "A-1")).status == "rejected"
    # the planner no longer lists it
    assert "A-1" not in await ask(world, ALICE, MARKETING, "drafts")


async def test_the_author_cancels_an_approved_post_before_its_publish_timer(
        world: World) -> None:
    """Approved with the publisher failing for now (a 429): it waits for its publish timer,
    and its author takes it back meanwhile."""
    from tests.support.netserver import Fault

    world.masto.fault("POST", "/api/v1/statuses", Fault.rate_limited({"Retry-After": "60"}))
    await ask(world, ALICE, MARKETING, "draft mastodon masto Launch day")
    assert "the network asked to wait" in await approve(world, "A-1")
    assert (await stored(world, "A-1")).status == "approved"
    assert await ask(world, ALICE, MARKETING, "withdraw A-1 not today") == "A-1 withdrawn"
    world.clock.advance(minutes=10)
    assert await world.timers() == 0
    assert world.statuses == []


async def test_who_may_withdraw_and_when_is_said_in_one_line(world: World) -> None:
    await ask(world, ALICE, MARKETING, "draft mastodon masto First")
    assert await ask(world, BOB, MARKETING, "withdraw A-1 mine now") == (
        "only A-1's authors (alice) or an approver of its step 1 may withdraw it")
    await ask(world, ALICE, MARKETING, "draft mastodon masto Second")
    assert (await approve(world, "A-2")).startswith("A-2 approved and published: ")
    assert await ask(world, ALICE, MARKETING, "withdraw A-2") == (
        f"A-2 is published already: {(await stored(world, 'A-2')).published_url}; it can no "
        "longer be withdrawn")
    await ask(world, ALICE, MARKETING, "draft mastodon masto Third")
    await ask(world, DAVE, APPROVALS, "reject A-3 off brand")
    assert await ask(world, ALICE, MARKETING, "withdraw A-3") == \
        "A-3 is rejected; it will never publish: nothing to withdraw"
    assert await ask(world, ALICE, MARKETING, "withdraw A-99") == "no approval A-99"
    world.clock.advance(hours=25)
    said = await ask(world, ALICE, MARKETING, "withdraw A-1")
    assert said.startswith("A-1 expired at ") and "\n" not in said
    usage = await ask(world, ALICE, MARKETING, "withdraw")
    assert "withdraw <approval id> [reason]" in usage
    assert [s.status for s in [await stored(world, f"A-{n}") for n in (1, 2, 3)]] == [
        "expired", "published", "rejected"]
    assert len(world.statuses) == 1


async def test_deciding_a_withdrawn_draft_says_it_was_withdrawn(world: World) -> None:
    """An approver pressing Approve or Reject on a card not yet edited (or typing it) is told
    who withdrew the draft, not that it is "rejected", which no approver did."""
    await ask(world, ALICE, MARKETING, "draft mastodon masto Launch day")
    await world.a.outbox.drain()
    assert await ask(world, ALICE, MARKETING, "withdraw A-1") == "A-1 withdrawn"
    assert await approve(world, "A-1") == "A-1 was withdrawn by alice, not pending"
    assert await ask(world, DAVE, APPROVALS, "reject A-1 nope") == \
        "A-1 was withdrawn by alice, not pending"
    assert world.statuses == []


async def test_a_hostile_reason_is_one_line_of_plain_text(world: World) -> None:
    await ask(world, ALICE, MARKETING, "draft mastodon masto Launch day")
    await world.a.outbox.drain()
    reason = "<!channel> <@WDAVE> *bold* " + "x" * 900
    assert await ask(world, ALICE, MARKETING, f"withdraw A-1 {reason}") == "A-1 withdrawn"
    await world.a.outbox.drain()
    # Slack reads mentions in mrkdwn text and the message's text, never in plain_text
    [posted] = [m for m in world.posts(APPROVALS) if "A-1:" in str(m)]
    message = world.slack.message(APPROVALS, str(posted["ts"]))
    assert message is not None
    parsed = [str(message.get("text", "")), *mrkdwn(message)]
    assert not any("<!channel>" in t or "<@WDAVE>" in t for t in parsed), parsed
    assert any("&lt;!channel&gt;" in t for t in parsed), parsed
    [line] = [t for t in thread(world, "A-1") if t.startswith("withdrawn by alice: ")]
    assert "\n" not in line and len(line) < 600
    replies = world.slack.thread(APPROVALS, str(posted["ts"]))
    said = [t for m in replies for t in [str(m.get("text", "")), *mrkdwn(m)]]
    assert not any("<!channel>" in t or "<@WDAVE>" in t for t in said), said
    a = await stored(world, "A-1")
    assert len(a.history[-1].detail) <= 500


async def test_an_approved_posts_card_has_a_withdraw_button(world: World) -> None:
    """A post approved and waiting for its time shows Withdraw (its card had no button):
    pressed by someone not allowed, it is refused privately; by its author, it is withdrawn
    and the button goes with the card's edit."""
    await ask(world, ALICE, MARKETING, 'draft mastodon masto at="tomorrow 9am" Launch day')
    await approve(world, "A-1")
    await world.a.outbox.drain()
    [posted] = [m for m in world.posts(APPROVALS) if "A-1:" in str(m)]
    ts = str(posted["ts"])
    assert world.button_value(APPROVALS, ts, "withdraw") == \
        f"A-1#{(await stored(world, 'A-1')).content_hash}"  # the text it shows
    assert await world.click(BOB, "withdraw", "A-1", channel=APPROVALS, message_ts=ts) == 200
    await world.until(lambda: any("may withdraw it" in t for t in world.said_to(BOB)),
                      "bob's refusal")
    assert (await stored(world, "A-1")).status == "approved"
    assert await world.click(ALICE, "withdraw", "A-1", channel=APPROVALS, message_ts=ts) == 200

    async def withdrawn() -> bool:
        return (await stored(world, "A-1")).status == "rejected"

    for _ in range(500):
        if await withdrawn():
            break
        await asyncio.sleep(0.01)
    await world.a.outbox.drain()
    assert "A-1: Withdrawn by alice" in card(world, "A-1")
    assert world.button_value(APPROVALS, ts, "withdraw") is None
    world.clock.advance(days=2)
    assert await world.timers() == 0 and world.statuses == []


async def test_an_edit_sends_a_withdrawn_draft_back_to_approval(world: World) -> None:
    """As a rejected one: withdrawn, edited by its author, approved, published once."""
    await ask(world, ALICE, MARKETING, "draft mastodon masto Launch day")
    assert await ask(world, ALICE, MARKETING, "withdraw A-1 typo") == "A-1 withdrawn"
    assert (await ask(world, ALICE, MARKETING, "edit A-1 Launch day!")).startswith(
        "A-1 edited (back to pending)")
    await world.a.outbox.drain()
    assert "A-1: approve this post?" in card(world, "A-1")
    assert (await approve(world, "A-1")).startswith("A-1 approved and published: ")
    assert [s["form"]["status"] for s in world.statuses] == ["Launch day!"]


async def test_an_approvers_home_no_longer_lists_a_withdrawn_draft(world: World) -> None:
    from tests.e2e.test_home import home_of, publishes, section

    await ask(world, ALICE, MARKETING, "draft mastodon masto Launch day")
    await world.a.outbox.drain()
    await world.open_home(DAVE)
    assert section(await home_of(world, DAVE), "Approvals you may decide").startswith(
        "*A-1* · Mastodon as masto, by alice:")
    before = publishes(world, DAVE)
    assert await ask(world, ALICE, MARKETING, "withdraw A-1") == "A-1 withdrawn"
    home = await home_of(world, DAVE, after=before)
    assert section(home, "Approvals you may decide") == "Nothing waits for you."


async def test_a_stale_withdraw_click_leaves_the_edited_draft_alone(world: World) -> None:
    """Withdraw on an approved post's card is bound to the text that card shows, as Approve
    is: the author edits the post (back to pending, a new text), and a click on the card as an
    approver's client still shows it (or a click replayed from it) withdraws nothing; the
    edited draft waits for its approvers, and its Withdraw once approved again works."""
    await ask(world, ALICE, MARKETING, 'draft mastodon masto at="tomorrow 9am" Launch day')
    await approve(world, "A-1")
    await world.a.outbox.drain()
    [posted] = [m for m in world.posts(APPROVALS) if "A-1:" in str(m)]
    ts = str(posted["ts"])
    old = world.button_value(APPROVALS, ts, "withdraw")
    first = (await stored(world, "A-1")).content_hash
    assert old == f"A-1#{first}"
    assert (await ask(world, ALICE, MARKETING, "edit A-1 Launch day!")).startswith(
        "A-1 edited (back to pending)")
    await world.a.outbox.drain()
    assert world.button_value(APPROVALS, ts, "withdraw") is None
    assert await world.click(DAVE, "withdraw", "A-1", channel=APPROVALS, message_ts=ts,
                             value=old) == 200
    await world.until(lambda: any("was not withdrawn" in t for t in world.said_to(DAVE)),
                      "dave's refusal")
    [said] = [t for t in world.said_to(DAVE) if "was not withdrawn" in t]
    assert said == (f"A-1 was not withdrawn: the card you pressed showed another version "
                    f"(sha256 {first[:16]}), edited since; it is pending now; to withdraw "
                    "it as it is, type: withdraw A-1")
    a = await stored(world, "A-1")
    assert a.status == "pending" and a.history[-1].action.startswith("edited")
    await approve(world, "A-1")
    await world.a.outbox.drain()
    now = world.button_value(APPROVALS, ts, "withdraw")
    assert now == f"A-1#{a.content_hash}" and now != old
    assert await world.click(DAVE, "withdraw", "A-1", channel=APPROVALS, message_ts=ts) == 200
    for _ in range(500):
        if (await stored(world, "A-1")).status == "rejected":
            break
        await asyncio.sleep(0.01)
    assert withdrawal_of(await stored(world, "A-1")) == "dave"
    world.clock.advance(days=2)
    assert await world.timers() == 0 and world.statuses == []


def withdrawal_of(a: Approval) -> str | None:
    from handlers.cards import withdrawal

    took = withdrawal(a)
    return took.actor if took is not None else None


async def test_status_of_a_draft_withdrawn_after_a_502_says_the_try_may_have_posted_it(
        world: World) -> None:
    """Withdrawn while waiting for its next try after a 502: nothing is tried again, but the
    try may have posted it. The card's Error says so (633fb5f), and so does `status`, which
    said only 'Withdrawn by alice' (it showed the error of approved and failed drafts only)."""
    from tests.e2e.test_publish_tried_again import publish_with_failures

    approval_id, keys = await publish_with_failures(world, 1)
    await world.until(lambda: [t for t in world.said_to(DAVE) if approval_id in t], "told")
    assert await ask(world, ALICE, MARKETING, f"withdraw {approval_id}") == (
        f"{approval_id} withdrawn; it is not tried again, but an earlier try did not "
        "say whether it posted it, so it may be on Mastodon or appear there yet: look there "
        "as masto")
    said = await ask(world, BOB, MARKETING, f"status {approval_id}")
    assert f"{approval_id}: Withdrawn by alice" in said, said
    assert ("not published: mastodon: publish failed: mastodon: publish answered 502; "
            "withdrawn before it was tried "
            "again, but that try may have posted it: look on Mastodon as masto") in said, said
    world.clock.advance(minutes=10)
    await world.timers()
    assert len(keys) == 1  # not tried again


async def test_a_draft_left_publishing_by_a_dead_process_is_withdrawn_once_its_claim_ends(
        world: World) -> None:
    """The process publishing A-1 died after claiming it (a SIGKILL mid-call): the draft is
    'publishing' until its claim's lease ends (publish_lease_seconds, 120 s). The author's
    withdraw before then is refused in one line saying from when it can be withdrawn, on
    Berlin's clock; after, it is withdrawn, saying the dead try may have posted it, and no
    timer publishes it. Before, both were refused: 'A-1 is being published; it can no longer
    be withdrawn', and the next timer published it."""
    from datetime import timedelta

    from bot.core.effects import Effects
    from bot.core.models import HistoryEntry

    await ask(world, ALICE, MARKETING, 'draft mastodon masto at="tomorrow 9am" Launch day')
    assert (await approve(world, "A-1")).startswith("A-1 approved; publishes at")
    a = await stored(world, "A-1")
    now = world.clock()
    fx = Effects()  # as the dead process's claim left it
    fx.update(a.model_copy(update={
        "status": "publishing", "publishing_until": now + timedelta(seconds=120),
        "publishing_by": "dead-process", "publish_attempts": 1, "version": a.version + 1,
        "history": (*a.history, HistoryEntry(at=now, actor="socialops", action="publishing",
                                             detail="attempt 1"))}), expected=a.version)
    assert await world.a.store.apply(fx)
    world.clock.advance(seconds=60)
    assert await ask(world, ALICE, MARKETING, "withdraw A-1") == (
        "A-1 is being published; it can no longer be withdrawn, unless that publish stopped "
        "unfinished (its process died): then from 2026-11-23 09:02 UTC (10:02 Europe/Berlin), "
        "when its claim ends")
    world.clock.advance(seconds=61)
    assert await ask(world, ALICE, MARKETING, "withdraw A-1") == (
        "A-1 withdrawn; it is not tried again, but an earlier try did not say whether "
        "it posted it, so it may be on Mastodon or appear there yet: look there as masto")
    assert (await stored(world, "A-1")).status == "rejected"
    world.clock.advance(days=2)
    await world.timers()
    assert world.statuses == []


async def test_an_approver_s_withdraw_pings_the_author(world: World) -> None:
    """Dave cancelled alice's scheduled post and alice was told nothing (the thread line
    pinged nobody): she learnt it the day her post did not go out. An approver's withdraw
    pings the draft's authors, as a rejection does; the author's own withdraw pings nobody."""
    await ask(world, ALICE, MARKETING, 'draft mastodon masto at="tomorrow 9am" Launch day')
    assert (await approve(world, "A-1")).startswith("A-1 approved; publishes at")
    await world.a.outbox.drain()
    assert await ask(world, DAVE, APPROVALS, "withdraw A-1 launch moved") == "A-1 withdrawn"
    await world.a.outbox.drain()
    [posted] = [m for m in world.posts(APPROVALS) if "A-1:" in str(m)]
    [line] = [m for m in world.slack.thread(APPROVALS, str(posted["ts"]))
              if "withdrawn by dave" in str(m)]
    assert f"<@{ALICE}>" in mrkdwn(line.get("blocks")) and str(line).count("<@") == 1, line
    await ask(world, ALICE, MARKETING, "draft mastodon masto Second one")
    assert await ask(world, ALICE, MARKETING, "withdraw A-2") == "A-2 withdrawn"
    await world.a.outbox.drain()
    [posted] = [m for m in world.posts(APPROVALS) if "A-2:" in str(m)]
    assert "<@" not in str(world.slack.thread(APPROVALS, str(posted["ts"])))
