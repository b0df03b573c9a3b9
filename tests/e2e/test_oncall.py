"""On-call schedules end to end through Slack (signed requests into the bolt app, the local
Slack Web API), on a SQLite file and on a real redis-server: an escalation step naming
``schedule: primary`` pings whoever the schedule has on call when the step's notice is sent, not
when the ticket opened or the config was loaded (the rotation hands over in between, and the
process restarts with the ticket stored), nor when an earlier step armed the channel's notice
timer; ``oncall`` answers who is on call now and next."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from handlers.tickets import chain_ended
from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import (
    ALICE,
    BOB,
    CAROL,
    ESCALATIONS,
    SUPPORT,
    UNPACED,
    World,
    on_store,
    redis_url_if,
)
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

# Berlin is at UTC+1 in November: the weekly handoff is on Mondays at 10:30 CET, 09:30 UTC.
# The world's clock starts on Monday 2026-11-23 at 09:00 UTC, in alice's week.
SCHEDULES = """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2026-11-16T10:30
    shift: 1w
    timezone: Europe/Berlin
    overrides:
      - {person: carol, from: 2026-11-30T10:00, until: 2026-11-30T12:00}
"""
STEP = "{after_minutes: 30, channel: support-escalations, notify_users: [carol]}"
ON_CALL_STEP = "{after_minutes: 30, channel: support-escalations, schedule: primary}"


@pytest.fixture(params=["sqlite", "redis"])
async def world(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, extra=UNPACED + SCHEDULES)
        path = tmp_path / "socialops.yaml"
        text = path.read_text()
        assert STEP in text
        path.write_text(text.replace(STEP, ON_CALL_STEP))
        on_store(path, request.param, redis_url_if(request))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


def notices(world: World, channel: str, ticket_id: str) -> list[str]:
    return [str(m) for m in world.posts(channel) if "Escalation" in str(m)
            and ticket_id in str(m)]


async def test_the_step_pings_whoever_is_on_call_when_it_fires(world: World) -> None:
    assert await ask(world, BOB, SUPPORT, "oncall") == (
        "On call now:\n• primary: alice until Mon 2026-11-23 10:30 CET, then bob")
    ticket_id, _ = await open_ticket(world)  # 09:00 UTC: alice is on call
    world.clock.advance(minutes=15)
    assert await world.timers() == 1  # step 1: the support group
    await world.restart()  # the ticket, its chain and the step's schedule name are stored
    world.clock.advance(minutes=30)  # 09:45 UTC: bob's week began at 09:30 UTC
    await world.timers()
    world.clock.advance(seconds=30)
    await world.timers()  # the step's batched notice
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.escalation_level == 2
    [notice] = notices(world, ESCALATIONS, ticket_id)
    assert f"<@{BOB}>" in notice
    assert f"<@{ALICE}>" not in notice and f"<@{CAROL}>" not in notice
    assert await ask(world, ALICE, SUPPORT, "oncall primary") == (
        "On call: primary: bob until Mon 2026-11-30 10:00 CET, then carol")


async def test_an_override_is_pinged_instead_of_the_rotation_by_hand_too(world: World) -> None:
    world.clock.advance(days=7)  # Monday 2026-11-30 09:00 UTC, 10:00 CET: carol's override
    assert await ask(world, ALICE, SUPPORT, "oncall") == (
        "On call now:\n• primary: carol (override) until Mon 2026-11-30 12:00 CET, then alice")
    ticket_id, _ = await open_ticket(world)
    world.clock.advance(minutes=15)
    await world.timers()
    world.clock.advance(minutes=5)  # 10:20 CET: step 2 by hand, before its timer
    assert await ask(world, ALICE, SUPPORT, f"escalate {ticket_id}") == (
        f"{ticket_id} escalated: step 2 of support-default (notifies carol on call in primary)"
        ". " + chain_ended("support-default", [ticket_id]))
    world.clock.advance(seconds=30)
    await world.timers()
    [notice] = notices(world, ESCALATIONS, ticket_id)
    assert f"<@{CAROL}>" in notice and f"<@{BOB}>" not in notice
    assert await ask(world, ALICE, SUPPORT, "oncall secondary") == (
        "no schedule 'secondary' (schedules: primary)")


async def test_a_notice_pings_whoever_is_on_call_when_it_is_sent(world: World) -> None:
    # Three tickets reach the on-call step 40 s apart, around carol's override ending at
    # 11:00 UTC (12:00 CET, alice's week): each notice re-arms the channel's notice timer, and
    # the next step joins it. T-3's step fires, and its notice goes out, in alice's time.
    world.clock.advance(days=7, hours=1, minutes=14)  # Monday 2026-11-30 10:14 UTC
    opened_at = {0: "kasia", 4: "marek", 7: "ola"}  # ticks of 10 s
    ids: list[str] = []
    for tick in range(6 * 48):
        if tick in opened_at:
            await world.mention("@acme my order is broken again, this is terrible",
                                n=len(ids) + 1, handle=opened_at[tick])
            opened = await world.a.store.list_tickets(status="open")
            ids = [t.id for t in sorted(opened, key=lambda t: t.created_at)]
        await world.timers()
        world.clock.advance(seconds=10)
    assert len(ids) == 3
    first, *_, last = ids
    [early] = notices(world, ESCALATIONS, first)  # 10:59:30 UTC: carol's override
    assert f"<@{CAROL}>" in early and f"<@{ALICE}>" not in early
    [late] = notices(world, ESCALATIONS, last)  # 11:00:30 UTC: the step fired at 11:00:10
    assert f"<@{ALICE}>" in late, late
    assert f"<@{CAROL}>" not in late, late


@pytest.fixture
async def both(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    """The step names carol and the schedule: carol's override makes them the same person."""
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, extra=UNPACED + SCHEDULES)
        path = tmp_path / "socialops.yaml"
        path.write_text(path.read_text().replace(STEP, STEP[:-1] + ", schedule: primary}"))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


async def test_a_person_named_by_the_step_and_on_call_is_pinged_and_named_once(
        both: World) -> None:
    both.clock.advance(days=7)  # carol's override
    ticket_id, _ = await open_ticket(both)
    both.clock.advance(minutes=15)
    await both.timers()
    both.clock.advance(minutes=5)  # step 2 by hand, before its timer
    assert await ask(both, ALICE, SUPPORT, f"escalate {ticket_id}") == (
        f"{ticket_id} escalated: step 2 of support-default (notifies carol (on call in "
        "primary)). " + chain_ended("support-default", [ticket_id]))
    both.clock.advance(seconds=30)
    await both.timers()
    [notice] = notices(both, ESCALATIONS, ticket_id)
    assert str(notice).count(f"<@{CAROL}>") == 1


async def test_a_handoff_to_a_schedule_or_an_at_name_says_whom_to_name(world: World) -> None:
    """PagerDuty reassigns an incident to an escalation policy or a schedule; `unclaim T-1
    to=primary` was refused as "no person 'primary'" and `to=@bob`, as Slack's composer writes
    a name, the same, neither saying what to type. Now the schedule's answer names whom it has
    on call (alice, 09:00 UTC), and the @ is said to go; nothing changes hands."""
    ticket_id, _ = await open_ticket(world)
    assert await ask(world, BOB, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} claimed"
    assert await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=primary") == (
        f"primary is an on-call schedule, not a person: alice is on call in it now; "
        f"unclaim {ticket_id} to=alice hands {ticket_id} to them")
    assert await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=@alice") == (
        f"no person '@alice' to reassign {ticket_id} to: write to=alice, a person id without "
        "the @")
    assert await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=@zed") == (
        f"no person '@zed' to reassign {ticket_id} to: name a person id as in socialops.yaml "
        "(people:)")
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "bob"


async def test_a_handoff_to_a_picked_member_reaches_their_person(world: World) -> None:
    """Discord turns a member picked in a string option into '<@id>' (discord-api-docs#5173),
    and Slack writes '<@U...|name>' where it escapes names: 'unclaim T-1 to=<@id>' was
    answered 'unclaim takes an id and optionally to=<person id>', and 'to=@Alice' with
    capitals as no person at all. A mention of a member someone in people: is (by identities:
    or a link) hands the ticket to that person; one of a member nobody is, is one line saying
    what to type; '@Alice' is told its person id."""
    ticket_id, _ = await open_ticket(world)
    assert await ask(world, BOB, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} claimed"
    assert await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=@Alice") == (
        f"no person '@Alice' to reassign {ticket_id} to: write to=alice, a person id without "
        "the @")
    assert await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=<@WMALLORY>") == (
        "to=<@WMALLORY> is a member no person in socialops.yaml is: add slack: WMALLORY "
        "under that person's identities:, or have them link first (link <email>); or "
        "name a person id, to=bob")
    assert await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=<@WMALLORY|{'👩‍💻' * 40}"
                                            ">") == (
        "to=<@WMALLORY> is a member no person in socialops.yaml is: add slack: WMALLORY "
        "under that person's identities:, or have them link first (link <email>); or "
        "name a person id, to=bob")
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "bob"
    refused = [e.detail for e in await world.a.store.audit_since()
               if e.action == "refused.unclaim"]
    assert refused[-1].startswith("to=<@WMALLORY> is a member no person"), refused
    answer = await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=<@{ALICE}|alice>")
    assert answer.startswith(f"{ticket_id} reassigned to alice"), answer
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "alice"
    answer = await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id} to=<@!{BOB}>")
    assert answer.startswith(f"{ticket_id} reassigned to bob"), answer


def on_new_yorks_clock(world: World) -> None:
    """The config file of ``world`` (not started yet) with its Slack workspace on New York's
    clock (``timezone: America/New_York``)."""
    path = world.tmp / "socialops.yaml"
    text = path.read_text()
    assert text.count(f'api_url: "{world.slack.api_url}"}}') == 1
    path.write_text(text.replace(f'api_url: "{world.slack.api_url}"}}',
                                 f'api_url: "{world.slack.api_url}", timezone: America/New_York}}'))


@pytest.fixture
async def new_york(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    """The world, its Slack workspace on New York's clock (``timezone: America/New_York``),
    the schedule on Berlin's, on a SQLite file."""
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, extra=UNPACED + SCHEDULES)
        on_new_yorks_clock(w)
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


async def test_oncall_says_the_handoff_on_the_readers_clock_too(new_york: World) -> None:
    """A Berlin schedule read in a workspace on New York's clock said its handoff only as
    'Mon 2026-11-23 10:30 CET': the reader worked out 04:30 themselves (PagerDuty and Grafana
    OnCall show a schedule in the viewer's zone). The handoff is said on the workspace's clock
    too, its weekday when the day differs; a reader on the schedule's own clock sees it once
    (tests above)."""
    assert await ask(new_york, BOB, SUPPORT, "oncall") == (
        "On call now:\n• primary: alice until Mon 2026-11-23 10:30 CET (04:30 "
        "America/New_York), then bob")
    new_york.clock.advance(days=6, hours=19)  # Mon 2026-11-30 04:00 UTC: Sunday 23:00 in NY
    assert await ask(new_york, BOB, SUPPORT, "oncall primary") == (
        "On call: primary: bob until Mon 2026-11-30 10:00 CET (04:00 America/New_York), "
        "then carol")
    new_york.clock.advance(hours=5, minutes=30)  # 10:30 CET: carol's override until 12:00
    assert await ask(new_york, BOB, SUPPORT, "oncall") == (
        "On call now:\n• primary: carol (override) until Mon 2026-11-30 12:00 CET (06:00 "
        "America/New_York), then alice")


async def put_back_by(world: World, user: str) -> tuple[str, str]:
    """``user`` claims a new ticket and puts it back (09:00, 09:01 UTC); its chain's step 2,
    at 09:46 UTC, when bob is on call (his week began at 09:30 UTC): the ticket's id and that
    step's one notice in the escalation channel (step 1 notifies its group apart)."""
    ticket_id, _ = await open_ticket(world)  # 09:00 UTC
    assert (await ask(world, user, SUPPORT, f"claim {ticket_id}")).startswith(ticket_id)
    world.clock.advance(minutes=1)
    await ask(world, user, SUPPORT, f"unclaim {ticket_id}")  # 09:01 UTC
    world.clock.advance(minutes=15)
    await world.timers()  # 09:16 UTC, step 1: the support group
    world.clock.advance(minutes=30)  # 09:46 UTC, step 2: bob on call
    await world.timers()
    world.clock.advance(seconds=30)
    await world.timers()  # the step's batched notice
    [notice] = notices(world, ESCALATIONS, ticket_id)
    return ticket_id, notice


async def test_a_notice_to_whoever_put_the_ticket_back_says_so(world: World) -> None:
    """Bob, on call from 09:30 UTC, claims T-1 and puts it back (unclaim): the chain starts
    again and its schedule step pinged bob, 'T-1 has been unclaimed for 30 min', as if he had
    never seen it, and the others in the escalation channel could not tell he had declined
    it. The notice now says he put it back, and when (he is still pinged: he is on call)."""
    ticket_id, notice = await put_back_by(world, BOB)
    assert f"<@{BOB}>" in notice, notice
    assert f"bob, on call in primary, put {ticket_id} back at 09:01 UTC" in notice, notice


async def test_a_notice_says_who_put_the_ticket_back_when_they_are_not_on_call(
        world: World) -> None:
    """94917ef said a decline only when the one who put the ticket back was the schedule's
    person on call: alice, not on call, claims T-1 and puts it back; step 2's notice, pinging
    bob on call, said 'T-1 has been unclaimed for 45 min' as if nobody had looked at it, and
    the channel could not tell it had been declined. It now says who put it back and when
    (the one on call is still named so: the test above)."""
    ticket_id, notice = await put_back_by(world, ALICE)
    assert f"<@{BOB}>" in notice, notice
    assert f"alice put {ticket_id} back at 09:01 UTC." in notice, notice
    assert "on call in primary, put" not in notice, notice


async def test_cover_and_drop_confirm_on_the_askers_clock_too(new_york: World) -> None:
    """`oncall primary cover ...` and `drop` confirmed their times on the schedule's clock only
    ('from Mon 2026-11-23 18:00 CET to ... 22:00 CET'), asked in a workspace on New York's:
    the reader worked out 12:00 to 16:00 as `oncall` no longer makes them. Each time is said on
    the asker's clock too, its weekday when the day differs there."""
    made = await ask(new_york, ALICE, SUPPORT, "oncall primary cover 18:00-22:00")
    assert made.startswith(
        "O-1: alice on call in primary from Mon 2026-11-23 18:00 CET (12:00 America/New_York) "
        "to Mon 2026-11-23 22:00 CET (16:00 America/New_York) (drop it: "), made
    made = await ask(new_york, ALICE, SUPPORT, "oncall primary cover tue 03:00 to 05:00")
    assert made.startswith(
        "O-2: alice on call in primary from Tue 2026-11-24 03:00 CET (Mon 21:00 "
        "America/New_York) to Tue 2026-11-24 05:00 CET (Mon 23:00 America/New_York)"), made
    dropped = await ask(new_york, ALICE, SUPPORT, "oncall primary drop O-1")
    assert dropped == (
        "O-1 dropped in primary (alice, Mon 2026-11-23 18:00 CET (12:00 America/New_York) to "
        "Mon 2026-11-23 22:00 CET (16:00 America/New_York)); now: alice until Mon 2026-11-23 "
        "10:30 CET (04:30 America/New_York), then bob"), dropped
