"""The times a chat user reads in an answer are said on the workspace's clock too
(``timezone:``), beside UTC, as the SLA and a snooze's end already were: ``status``'s opened
and fetched times, ``why``'s, an approval's expiry, the card's decision time, a subscription
preview's samples, the retry note, an ended snooze and a scheduled post approved late. Through
Slack's signed request path, on Berlin's clock (the night it goes back included) and on
Kolkata's, half an hour off the hour; without a zone, UTC alone as before (the other tests of
these answers)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.cards import delivery_id
from tests.conftest import FakeClock
from tests.e2e.test_approvals import drafted_reply, wait_status
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import (
    ALICE,
    APPROVALS,
    CAROL,
    DAVE,
    OPS,
    SUPPORT,
    UNPACED,
    World,
    running_world,
)

# the clock starts on Monday 2026-11-23 at 09:00 UTC (10:00 in Berlin, 14:30 in Kolkata)


@pytest.fixture(params=["Europe/Berlin", "Asia/Kolkata"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED + "ops_channel: ops\n",
                             zone=request.param) as w:
        yield w


def there(world: World, hhmm: str) -> str:
    """`` (10:00 Europe/Berlin)``: the time's local part as the world's zone says it."""
    return f" ({hhmm} {world.zone})"


def local(world: World, at: datetime) -> str:
    from zoneinfo import ZoneInfo
    return f"{at.astimezone(ZoneInfo(world.zone)):%H:%M}"


def to(world: World, at: datetime) -> None:
    world.clock.advance(seconds=(at - world.clock()).total_seconds())


async def test_status_says_opened_and_fetched_on_the_workspaces_clock(world: World) -> None:
    now = world.clock()
    ticket_id, _ = await open_ticket(world)
    status = await ask(world, ALICE, SUPPORT, f"status {ticket_id}")
    at = f"{now:%Y-%m-%d %H:%M} UTC{there(world, local(world, now))}"
    assert f"opened {at[:-1]}, <1 min ago)" in status, status
    trace = (await world.a.store.list_tickets(status="open"))[0].signal_id
    status = await ask(world, ALICE, SUPPORT, f"status {trace}")
    assert f"fetched {at}" in status, status


async def test_status_across_berlins_clock_change(world: World) -> None:
    """Opened 00:30 UTC on 2027-10-31: 02:30 CEST on Berlin's clock, an hour before it went
    back from 03:00 to 02:00 (and 06:00 in Kolkata)."""
    to(world, datetime(2027, 10, 31, 0, 30, tzinfo=UTC))
    ticket_id, _ = await open_ticket(world)
    status = await ask(world, ALICE, SUPPORT, f"status {ticket_id}")
    want = {"Europe/Berlin": "02:30", "Asia/Kolkata": "06:00"}[world.zone]
    assert f"opened 2027-10-31 00:30 UTC ({want} {world.zone}, <1 min ago)" \
        in status, status


async def test_why_says_fetched_posted_and_delivered_on_the_workspaces_clock(
        world: World) -> None:
    now = world.clock()
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT, f"why {ticket_id}")
    at = f"{now:%Y-%m-%d %H:%M} UTC{there(world, local(world, now))}"
    assert f"at {at} (posted " in answer, answer
    assert f"delivered to #support at {at} (" in answer, answer


async def test_an_approvals_expiry_is_said_on_the_workspaces_clock(world: World) -> None:
    """The approval waits 24 h (expire_hours): drafted 09:00 UTC, expired 2026-11-24 09:00."""
    approval_id, _ = await drafted_reply(world)
    world.clock.advance(hours=25)
    expired = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    at = f"2026-11-24 09:00 UTC{there(world, local(world, expired))}"
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None
    typed = {"Europe/Berlin": "reject {} too late",
             "Asia/Kolkata": f"approve {{}} {approval.content_hash[:12]}"}[world.zone]
    answer = await ask(world, DAVE, APPROVALS, typed.format(approval_id))
    assert answer.startswith(f"{approval_id} expired at {at}; "), answer


async def test_the_approval_cards_decision_time_is_on_the_workspaces_clock(
        world: World) -> None:
    approval_id, ts = await drafted_reply(world)
    world.clock.advance(minutes=30)  # 09:30 UTC
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await wait_status(world, approval_id, "published")
    await world.a.outbox.drain()
    at = f"2026-11-23 09:30 UTC{there(world, local(world, world.clock()))}"
    card = world.slack.message(APPROVALS, ts)
    assert at in str(card), card


async def test_the_retry_note_under_the_ops_notice_is_on_the_workspaces_clock(
        world: World) -> None:
    world.slack.outside_channels.add(SUPPORT)  # the bot was never invited to #support
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    [item] = await world.a.store.list_outbox(status="dead")
    await world.a.outbox.drain()
    [notice] = [p for p in world.posts(OPS) if "failed for good" in str(p)]
    world.slack.outside_channels.discard(SUPPORT)  # someone invites the bot
    world.clock.advance(minutes=20)  # 09:20 UTC
    answer = await ask(world, CAROL, SUPPORT, f"retry {delivery_id(item.key)}")
    assert answer == f"{delivery_id(item.key)} sent again to #support", answer
    await world.a.outbox.drain()
    at = f"2026-11-23 09:20 UTC{there(world, local(world, world.clock()))}"
    notes = [line for m in world.slack.thread(OPS, notice["ts"])
             for b in m.get("blocks") or [] if b.get("type") == "section"
             for line in b["text"]["text"].split("\n")]
    assert f"retried by carol at {at}" in notes, notes


async def test_snooze_off_of_an_ended_snooze_says_its_end_on_the_workspaces_clock(
        world: World) -> None:
    """Snoozed to 09:05 UTC: lapsed (its timer not yet run), then ended by its timer."""
    ticket_id, _ = await open_ticket(world)
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 5m")
    world.clock.advance(minutes=6)
    ended = world.clock().replace(minute=5)
    said = f"its snooze ended at 09:05 UTC{there(world, local(world, ended))}"
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off")
    assert answer.endswith(said), answer
    await world.timers()
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} off")
    assert answer.endswith(said), answer


async def test_a_previews_sample_lines_are_on_the_workspaces_clock(world: World) -> None:
    now = world.clock()
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    answer = await ask(world, ALICE, SUPPORT, "preview broken")
    at = f"{now:%Y-%m-%d %H:%M} UTC{there(world, local(world, now))}"
    assert f"@kasia on Mastodon, {at}: @acme my order is broken" in answer, answer



async def test_a_scheduled_post_approved_late_says_its_time_on_the_workspaces_clock(
        world: World) -> None:
    """Scheduled for 10:00 UTC, approved at 12:00: it goes out at once, and the approver is
    told how late and when it was due, on the approvals channel's workspace's clock too."""
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT, f"reply {ticket_id} at=1h Sorry! On it.")
    assert "A-1" in answer, answer
    world.clock.advance(hours=3)
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None
    answer = await ask(world, DAVE, APPROVALS, f"approve A-1 {approval.content_hash[:12]}")
    due = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert answer.endswith(f", 2 h late (due 2026-11-23 10:00 UTC"
                           f"{there(world, local(world, due))})"), answer
