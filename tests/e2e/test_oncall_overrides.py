"""On-call overrides made in chat (``oncall primary cover 3h for=dave``, ``... overrides``,
``... drop O-1``) end to end through Slack (signed requests into the bolt app, the local Slack
Web API), on a SQLite file and on a real redis-server: an escalation step naming the schedule
pings the override's person, `oncall` names them, the schedule's announce channel is told of
the override and of the handoffs at its start and end; a dropped one's timers say nothing; each
mistake is refused in one line."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.effects import Effects
from bot.core.models import ShiftOverride
from tests.conftest import FakeClock
from tests.e2e.test_oncall import ON_CALL_STEP, STEP
from tests.e2e.test_oncall_handoffs import SCHEDULES
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import (
    ALICE,
    BOB,
    CAROL,
    DAVE,
    ESCALATIONS,
    SUPPORT,
    UNPACED,
    World,
    on_store,
    redis_url_if,
)
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

# test_oncall_handoffs' schedule (announced) and test_oncall's on-call escalation step: the
# clock starts on Monday 2026-11-23 at 09:00 UTC (10:00 CET), in alice's week


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
        await w.a.start()  # arms the next handoff, as `socialops run` does
        try:
            yield w
        finally:
            await w.stop()


def said(world: World, what: str) -> list[str]:
    return [str(m) for m in world.posts(ESCALATIONS) if what in str(m)]


def notices(world: World, ticket_id: str) -> list[str]:
    return [n for n in said(world, "Escalation") if ticket_id in n]


async def test_an_escalation_pings_whoever_covers_from_chat(world: World) -> None:
    assert await ask(world, ALICE, SUPPORT, "oncall primary cover 3h for=dave") == (
        "O-1: dave on call in primary from Mon 2026-11-23 10:00 CET to Mon 2026-11-23 13:00 "
        "CET, given by alice (drop it: oncall primary drop O-1)")
    assert await ask(world, BOB, SUPPORT, "oncall primary") == (
        "On call: primary: dave (override) until Mon 2026-11-23 13:00 CET, then bob")
    await world.timers()  # the override's start: a handoff, said with dave pinged
    [made] = said(world, "Override O-1 in primary")
    assert f"<@{DAVE}>" in made
    [start] = said(world, "On call in primary: dave (override)")
    assert f"<@{DAVE}>" in start and "Before: alice" in start
    ticket_id, _ = await open_ticket(world)  # 09:00 UTC
    world.clock.advance(minutes=15)
    await world.timers()  # step 1: the support group
    await world.restart()  # nothing of the override is held by the process
    world.clock.advance(minutes=30)  # 09:45 UTC: bob's week by the rotation, dave's cover
    await world.timers()
    world.clock.advance(seconds=30)
    await world.timers()  # the step's batched notice
    [notice] = notices(world, ticket_id)
    assert f"<@{DAVE}>" in notice
    assert f"<@{ALICE}>" not in notice and f"<@{BOB}>" not in notice
    assert said(world, "On call in primary: bob") == []  # 10:30 CET: no handoff (dave's)
    assert await ask(world, CAROL, SUPPORT, "oncall primary overrides") == (
        "Overrides in primary:\n"
        "• O-1: dave, Mon 2026-11-23 10:00 CET to Mon 2026-11-23 13:00 CET (made by alice)\n"
        "• carol, Mon 2026-11-30 10:00 CET to Mon 2026-11-30 12:00 CET (in socialops.yaml)")
    world.clock.advance(hours=3)  # 12:45 UTC: the override ended at 12:00 UTC
    await world.timers()
    [end] = said(world, "On call in primary: bob")
    assert f"<@{BOB}>" in end and "Before: dave" in end
    events = [(e.action, e.actor, e.object_id) for e in await world.a.store.audit_since()
              if e.object_type == "override"]
    assert events == [("oncall.override_made", "alice", "O-1")]


async def test_a_dropped_override_is_said_and_its_handoffs_say_nothing(world: World) -> None:
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover 14:00-16:00")).startswith(
        "O-1: bob on call in primary from Mon 2026-11-23 14:00 CET to Mon 2026-11-23 16:00 "
        "CET (drop it")
    assert await ask(world, DAVE, SUPPORT, "oncall primary drop O-1") == (
        "O-1 was made by bob for bob: only they, leads and admins drop it")
    assert await ask(world, CAROL, SUPPORT, "oncall primary drop o-1") == (
        "O-1 dropped in primary (bob, Mon 2026-11-23 14:00 CET to Mon 2026-11-23 16:00 CET); "
        "now: alice until Mon 2026-11-23 10:30 CET, then bob")
    await world.a.outbox.drain()
    [dropped] = said(world, "Override O-1 dropped in primary")
    assert "carol dropped O-1" in dropped
    world.clock.advance(hours=4)  # 14:00 CET: the rotation's 10:30 handoff, then the
    await world.timers()  # dropped override's start
    world.clock.advance(hours=2)  # 16:00 CET: its end
    await world.timers()
    [handoff] = said(world, "On call in primary")  # 10:30's alone (said late: bob's week)
    assert "On call in primary: bob" in handoff and "Before: alice" in handoff
    assert await ask(world, BOB, SUPPORT, "oncall primary overrides") == (
        "Overrides in primary:\n"
        "• carol, Mon 2026-11-30 10:00 CET to Mon 2026-11-30 12:00 CET (in socialops.yaml)")
    events = [(e.action, e.actor) for e in await world.a.store.audit_since()
              if e.object_type == "override"]
    assert events == [("oncall.override_made", "bob"), ("oncall.override_dropped", "carol")]


async def test_dropping_a_running_override_pings_who_is_on_call_again(world: World) -> None:
    """Dave covers 10:00-13:00 CET across the rotation's 10:30 handoff to bob; dropped at
    11:00, the shift is bob's at once: the drop's notice pings him (no timer will: the
    override's end finds bob before and after), and an escalation step then pings bob."""
    assert (await ask(world, ALICE, SUPPORT, "oncall primary cover 3h for=dave")).startswith(
        "O-1: dave on call")
    await world.timers()  # its start: dave pinged
    world.clock.advance(hours=1)  # 11:00 CET: bob's week by the rotation, dave's cover
    await world.timers()
    assert said(world, "On call in primary: bob") == []
    assert await ask(world, CAROL, SUPPORT, "oncall primary drop O-1") == (
        "O-1 dropped in primary (dave, Mon 2026-11-23 10:00 CET to Mon 2026-11-23 13:00 CET); "
        "now: bob until Mon 2026-11-30 10:00 CET, then carol")
    await world.a.outbox.drain()
    [dropped] = said(world, "Override O-1 dropped in primary")
    assert f"<@{BOB}>" in dropped and f"<@{DAVE}>" not in dropped
    world.clock.advance(hours=3)  # 14:00 CET: the override's end, nothing changes there
    await world.timers()
    assert said(world, "On call in primary: bob") == []


async def test_dropping_an_override_ahead_pings_nobody(world: World) -> None:
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover 14:00-16:00")).startswith(
        "O-1: bob on call")
    assert (await ask(world, BOB, SUPPORT, "oncall primary drop O-1")).startswith(
        "O-1 dropped in primary")
    await world.a.outbox.drain()
    [dropped] = said(world, "Override O-1 dropped in primary")
    assert "<@" not in dropped  # alice stays on call: nothing changes for anyone now


async def test_an_override_added_to_the_file_over_a_chat_one_is_said(
        world: World, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Bob covers Tuesday 10:00-14:00 from chat; a lead then adds carol 12:00-16:00 to the
    file (`check` knows nothing of the store) and restarts. Both count: bob, starting first,
    holds until 14:00; the start says so in one warning line, and `overrides` marks it."""
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover tue 10:00 to 14:00"
                      )).startswith("O-1: bob on call")
    path = tmp_path / "socialops.yaml"
    path.write_text(path.read_text().replace(
        "      - {person: carol, from: 2026-11-30T10:00, until: 2026-11-30T12:00}\n",
        "      - {person: carol, from: 2026-11-30T10:00, until: 2026-11-30T12:00}\n"
        "      - {person: carol, from: 2026-11-24T12:00, until: 2026-11-24T16:00}\n"))
    caplog.clear()
    await world.restart()
    await world.a.start()  # as `socialops run` starts
    warned = [r.getMessage() for r in caplog.records if "overlaps the override" in
              r.getMessage()]
    assert warned == [
        "on-call override O-1 made in chat (bob, Tue 2026-11-24 10:00 CET to Tue 2026-11-24 "
        "14:00 CET) overlaps the override in the config file (carol, Tue 2026-11-24 12:00 CET "
        "to Tue 2026-11-24 16:00 CET) in primary: bob, starting first, is on call where they "
        "overlap; drop it (oncall primary drop O-1) or edit the file"]
    assert await ask(world, ALICE, SUPPORT, "oncall primary overrides") == (
        "Overrides in primary:\n"
        "• O-1: bob, Tue 2026-11-24 10:00 CET to Tue 2026-11-24 14:00 CET (made by bob)\n"
        "• carol, Tue 2026-11-24 12:00 CET to Tue 2026-11-24 16:00 CET (in socialops.yaml; "
        "overlaps O-1, the one starting first counts)\n"
        "• carol, Mon 2026-11-30 10:00 CET to Mon 2026-11-30 12:00 CET (in socialops.yaml)")
    assert len([r for r in caplog.records if "overlaps the override" in r.getMessage()]) == 1
    world.clock.advance(hours=28)  # Tue 14:00 CET: bob's ends, carol's runs on
    assert await ask(world, ALICE, SUPPORT, "oncall primary") == (
        "On call: primary: carol (override) until Tue 2026-11-24 16:00 CET, then bob")


async def test_a_long_list_of_overrides_counts_the_rows_left_out(world: World) -> None:
    """300 hour-long overrides (about 25,000 characters of rows): the answer shows the rows
    one Slack message holds and counts the rest, all of them. The count was of what was left
    of the text after a cut at 20,000 characters (bot.core.text.clean), so it said 125
    more lines where there were 178."""
    now = world.clock()
    fx = Effects()
    for n in range(1, 301):
        start = now + timedelta(days=1, hours=2 * n)
        fx.put("override", f"O-{n}", ShiftOverride(
            id=f"O-{n}", schedule="primary", person="bob", start=start,
            end=start + timedelta(hours=1), by="bob", at=now).model_dump_json())
    await world.a.applier.apply(fx)
    lines = (await ask(world, ALICE, SUPPORT, "oncall primary overrides")).splitlines()
    shown = [line for line in lines if line.startswith("• ")]
    assert lines[0] == "Overrides in primary:" and 50 < len(shown) < 300, lines[-1]
    assert lines[-1] == (f"… and {301 - len(shown)} more lines: the answer is longer than "
                         "one Slack message holds"), (len(shown), lines[-1])


async def test_an_escalation_to_a_cover_without_an_account_says_so(world: World) -> None:
    """A lead gives the shift to mallory, a person of the config with no Slack account: the
    escalation step naming the schedule can ping nobody, and its notice says so (it went out
    pinging nobody, saying nothing), as the handoff's notice does."""
    assert (await ask(world, CAROL, SUPPORT, "oncall primary cover 3h for=mallory")
            ).startswith("O-1: mallory on call")
    ticket_id, _ = await open_ticket(world)
    world.clock.advance(minutes=15)
    await world.timers()
    world.clock.advance(minutes=30)
    await world.timers()
    world.clock.advance(seconds=30)
    await world.timers()
    [notice] = notices(world, ticket_id)
    assert ("mallory, on call in primary, has no account in this workspace to ping: add one "
            "under their identities: in socialops.yaml, or have them type `link <their "
            "email>` here.") in notice


async def test_a_span_typed_in_another_zone_ends_on_that_zone_s_clock(world: World) -> None:
    """Bob in New York covers his working day on Berlin's schedule: 09:00 to 17:00 in New
    York is 15:00 to 23:00 in Berlin (the end was read on Berlin's clock: 15:00 to 17:00)."""
    assert await ask(world, BOB, SUPPORT,
                     "oncall primary cover tomorrow 09:00 America/New_York to 17:00") == (
        "O-1: bob on call in primary from Tue 2026-11-24 15:00 CET to Tue 2026-11-24 23:00 CET "
        "(drop it: oncall primary drop O-1)")


async def test_a_span_pasted_from_a_calendar_is_read(world: World) -> None:
    """`18:00 – 22:00`, as a calendar writes a span (an en dash), was refused with an example,
    `18:00-22:00`, that looks the same."""
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover 18:00 – 22:00")).startswith(
        "O-1: bob on call in primary from Mon 2026-11-23 18:00 CET to Mon 2026-11-23 22:00 CET")


async def test_a_schedule_keeps_at_most_200_overrides_made_in_chat(world: World) -> None:
    """Every escalation step, oncall and home reads a schedule's overrides and works out who is
    on call across them all: 10,000 one-minute covers (a script of someone linked) took 2.7 s
    of the event loop at each. 189 upcoming and 10 ended this week count; 10 ended more than a
    week ago do not (the next change takes them out): one more is made, the next refused."""
    now = world.clock()
    fx = Effects()
    starts = ([now + timedelta(days=1, hours=2 * n) for n in range(189)]
              + [now - timedelta(days=3, hours=2 * n) for n in range(10)]
              + [now - timedelta(days=9, hours=2 * n) for n in range(10)])
    for n, start in enumerate(starts, 1001):
        fx.put("override", f"O-{n}", ShiftOverride(
            id=f"O-{n}", schedule="primary", person="bob", start=start,
            end=start + timedelta(hours=1), by="bob", at=now - timedelta(days=10),
        ).model_dump_json())
    await world.a.applier.apply(fx)
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover 1h")).startswith(
        "O-1: bob on call")
    assert len(await world.a.store.list_raw("override")) == 200  # 10 ended long ago out
    assert await ask(world, ALICE, SUPPORT, "oncall primary cover 12:00-13:00") == (
        "primary holds 200 overrides made in chat (upcoming, and those ended in the last 7 "
        "days), the most it keeps; drop one (oncall primary overrides), or change the rotation "
        "in socialops.yaml")


async def test_the_only_schedule_may_be_left_out(world: World) -> None:
    """`oncall cover 2h`, as PagerDuty's app and Grafana OnCall's bot take an override without
    naming a schedule where there is one: it was refused as 'oncall takes one schedule name',
    and `oncall overrides` as `no schedule 'overrides'`."""
    assert await ask(world, ALICE, SUPPORT, "oncall cover 3h for=dave") == (
        "O-1: dave on call in primary from Mon 2026-11-23 10:00 CET to Mon 2026-11-23 13:00 "
        "CET, given by alice (drop it: oncall primary drop O-1)")
    assert (await ask(world, BOB, SUPPORT, "oncall overrides")).startswith(
        "Overrides in primary:\n• O-1: dave, Mon 2026-11-23 10:00 CET")
    assert (await ask(world, ALICE, SUPPORT, "oncall drop O-1")).startswith(
        "O-1 dropped in primary")


async def test_each_mistake_is_refused_in_one_line(world: World) -> None:
    assert (await ask(world, ALICE, SUPPORT, "oncall primary cover 2h")).startswith("O-1:")
    refused = {
        "oncall primray cover 2h": "no schedule 'primray'; did you mean primary? (schedules: "
                                   "primary)",
        "oncall primary cover 2h for=zed": "no person 'zed' in people: (for= takes a person "
                                           "id from socialops.yaml)",
        "oncall primary cover 2h for=alcie": "no person 'alcie' in people:; did you mean "
                                             "alice? (for= takes a person id from "
                                             "socialops.yaml)",
        "oncall primary cover 2026-11-24T12:00 to 2026-11-24T10:00":
            "'2026-11-24T12:00 to 2026-11-24T10:00' ends (Tue 2026-11-24 10:00 CET) before it "
            "starts (Tue 2026-11-24 12:00 CET): an override ends after it begins",
        "oncall primary cover 2026-11-20T10:00 to 2026-11-20T12:00":
            "Fri 2026-11-20 10:00 CET to Fri 2026-11-20 12:00 CET is in the past (now is Mon "
            "2026-11-23 10:00 CET); give a later time",
        "oncall primary cover tomorrow 9am to 31d":
            "Tue 2026-11-24 09:00 CET to Fri 2026-12-25 09:00 CET is longer than 30 days; "
            "cover a part of it, or change the rotation in socialops.yaml",
        "oncall primary cover 1h": "overlaps O-1 (alice, Mon 2026-11-23 10:00 CET to Mon "
                                   "2026-11-23 12:00 CET, made by alice): one person is on call "
                                   "at a time; drop it first (oncall primary drop O-1) or cover "
                                   "the time around it",
        "oncall primary cover 2026-11-30T11:00 to 13:00":
            "overlaps the override in socialops.yaml (carol, Mon 2026-11-30 10:00 CET to Mon "
            "2026-11-30 12:00 CET): one person is on call at a time; cover the time around "
            "it, or edit the file",
        "oncall primary cover 09:00-12:00": "'09:00' has passed today; write cover until "
                                            "12:00 to cover from now, or tomorrow 09:00 for "
                                            "tomorrow's",
        # ISO 8601's 24:00 ends a day; it starts none: a span starting at 24:00 is refused
        "oncall primary cover 24:00-02:00": "'24:00' is not a time: midnight is 00:00 of the "
                                            "next day; write tomorrow 00:00",
        "oncall primary drop O-9": "no override 'O-9' made in chat in primary (see oncall "
                                   "primary overrides); one in socialops.yaml is edited there, "
                                   "and counts once every process has restarted",
    }
    for line, answer in refused.items():
        got = await ask(world, BOB, SUPPORT, line)
        assert got == answer, line
        assert "\n" not in got
    assert await ask(world, DAVE, SUPPORT, "oncall primary cover 2026-11-24T10:00 to 12:00 "
                                           "for=bob") == (
        "only leads, admins and primary's own people give a shift to someone else; cover it "
        "yourself (leave out for=), or ask bob")
    # for= naming oneself in another case is covering for oneself, whoever may give shifts
    assert (await ask(world, DAVE, SUPPORT, "oncall primary cover 2026-11-24T10:00 to 12:00 "
                                            "for=Dave")).startswith(
        "O-2: dave on call in primary from Tue 2026-11-24 10:00 CET")
    # end to end with the one before: one person at a time, and both made
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover 12:00-13:00")).startswith(
        "O-3: bob on call in primary from Mon 2026-11-23 12:00 CET")
    assert len(await world.a.store.list_raw("override")) == 3



async def test_a_sick_day_typed_as_a_day_says_how_to_cover_it_whole(world: World) -> None:
    """PagerDuty's "cover my shift tomorrow": `cover tomorrow` was refused as 'not a span'
    with examples of spans, none of a whole day. A day alone now says how to write it, and
    that line covers the day, midnight to midnight, on the schedule's clock."""
    refused = {  # Monday 2026-11-23 10:00 CET
        "oncall primary cover tomorrow": "'tomorrow' is a day, not a span: write cover "
                                         "tomorrow 00:00 to 00:00 for the whole day, or cover "
                                         "tomorrow 09:00 to 17:00",
        "oncall primary cover Friday": "'Friday' is a day, not a span: write cover Friday "
                                       "00:00 to 00:00 for the whole day, or cover Friday "
                                       "09:00 to 17:00",
        "oncall primary cover 2026-11-25": "'2026-11-25' is a day, not a span: write cover "
                                           "2026-11-25T00:00 to 00:00 for the whole day, or "
                                           "cover 2026-11-25T09:00 to 17:00",
        "oncall primary cover today": "'today' is a day, not a span: write cover until "
                                      "tomorrow 00:00 for the rest of it, or cover until 17:00",
    }
    for line, answer in refused.items():
        assert await ask(world, BOB, SUPPORT, line) == answer, line
    assert await ask(world, BOB, SUPPORT, "oncall primary cover tomorrow 00:00 to 00:00") == (
        "O-1: bob on call in primary from Tue 2026-11-24 00:00 CET to Wed 2026-11-25 00:00 "
        "CET (drop it: oncall primary drop O-1)")
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover 2026-11-25T00:00 to 00:00")
            ).startswith("O-2: bob on call in primary from Wed 2026-11-25 00:00 CET to Thu "
                         "2026-11-26 00:00 CET")


async def test_a_calendar_s_24_00_ends_the_day_on_the_schedule_s_clock(world: World) -> None:
    """PagerDuty, Google Calendar and OnCall's iCal write an evening as 22:00-24:00 and a day's
    end as 24:00 (ISO 8601's end of a day): each was refused saying to write 00:00. An end of
    24:00 is the next day's 00:00 on the schedule's clock, so on a day of 23 hours (Berlin's
    2027-03-28) the whole day is 23 hours, not 24."""
    assert await ask(world, BOB, SUPPORT, "oncall primary cover until 24:00") == (
        "O-1: bob on call in primary from Mon 2026-11-23 10:00 CET to Tue 2026-11-24 00:00 "
        "CET (drop it: oncall primary drop O-1)")
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover tue 22:00 to 24:00")).startswith(
        "O-2: bob on call in primary from Tue 2026-11-24 22:00 CET to Wed 2026-11-25 00:00 "
        "CET (")
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover 2026-11-25T22:00 to "
                                           "2026-11-25T24:00")).startswith(
        "O-3: bob on call in primary from Wed 2026-11-25 22:00 CET to Thu 2026-11-26 00:00 "
        "CET (")
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover thu 22:00 to fri 24:00")
            ).startswith("O-4: bob on call in primary from Thu 2026-11-26 22:00 CET to Sat "
                         "2026-11-28 00:00 CET (")
    assert (await made(world))["O-1"].end - (await made(world))["O-1"].start == timedelta(
        hours=14)
    world.clock.advance(days=124)  # Sat 2027-03-27 10:00 CET: tomorrow the clocks go forward
    assert await ask(world, BOB, SUPPORT, "oncall primary cover sun 00:00 to 24:00") == (
        "O-5: bob on call in primary from Sun 2027-03-28 00:00 CET to Mon 2027-03-29 00:00 "
        "CEST (drop it: oncall primary drop O-5)")
    sunday = (await made(world))["O-5"]
    assert sunday.end - sunday.start == timedelta(hours=23)


async def test_a_day_s_span_written_with_a_dash_is_read_and_ends_at_24_00(
        world: World) -> None:
    """`tue 22:00-24:00`, a day and a calendar's evening, was refused ('is not a span') while
    `22:00-24:00` and `tue 22:00 to 24:00` were read: a day before a dashed span was read by
    no form, whatever its times (`wed 9am-5pm` too). Now a day, a date or today/tomorrow
    before a dashed span reads as `<day> <start> to <end>` does, its end of 24:00 the next
    day's 00:00 on the schedule's clock (or the zone typed after it); a start of 24:00 is
    refused in one line, as `tue 24:00 to 02:00` is."""
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover tue 22:00-24:00")).startswith(
        "O-1: bob on call in primary from Tue 2026-11-24 22:00 CET to Wed 2026-11-25 00:00 "
        "CET (")
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover wed 9am \u2013 5pm")
            ).startswith("O-2: bob on call in primary from Wed 2026-11-25 09:00 CET to Wed "
                         "2026-11-25 17:00 CET (")
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover 2026-11-26 22:00-24:00")
            ).startswith("O-3: bob on call in primary from Thu 2026-11-26 22:00 CET to Fri "
                         "2026-11-27 00:00 CET (")
    # 22:00 to 24:00 in New York is Sat 04:00 to 06:00 in Berlin
    assert (await ask(world, BOB, SUPPORT,
                      "oncall primary cover fri 22:00-24:00 America/New_York")).startswith(
        "O-4: bob on call in primary from Sat 2026-11-28 04:00 CET to Sat 2026-11-28 06:00 "
        "CET (")
    # one zone after the span is the whole span's with `to` as with a dash (it was the
    # end's alone: 22:00 in Berlin to New York's midnight, 8 h); a start with a zone of its
    # own keeps it, and the end its own, on the start's day there
    assert (await ask(world, BOB, SUPPORT,
                      "oncall primary cover sat 22:00 to 24:00 America/New_York")).startswith(
        "O-5: bob on call in primary from Sun 2026-11-29 04:00 CET to Sun 2026-11-29 06:00 "
        "CET (")
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover sun 08:00 Europe/Berlin to "
                      "09:00 America/New_York")).startswith(
        "O-6: bob on call in primary from Sun 2026-11-29 08:00 CET to Sun 2026-11-29 15:00 "
        "CET (")
    # so with an end that names its day (12a6c0f made it 22:00 in Berlin to 02:00 in New
    # York: 10 h, not New York's 4)
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover sun 22:00 to mon 02:00 "
                      "America/New_York")).startswith(
        "O-7: bob on call in primary from Mon 2026-11-30 04:00 CET to Mon 2026-11-30 08:00 "
        "CET (")
    assert await ask(world, BOB, SUPPORT, "oncall primary cover tue 24:00-02:00") == (
        "'tue 24:00' is not a time: midnight is 00:00 of the next day; write wed 00:00")
    assert set(await made(world)) == {"O-1", "O-2", "O-3", "O-4", "O-5", "O-6", "O-7"}


async def made(world: World) -> dict[str, ShiftOverride]:
    return {o.id: o for o in [ShiftOverride.model_validate_json(raw)
                              for raw in await world.a.store.list_raw("override")]}


async def test_a_cover_for_a_picked_member_is_theirs(world: World) -> None:
    """'for=<@id>', a member picked in Discord's option or a Slack mention: refused as "no
    person '<@WDAVE>' in people:", naming no id to type. It is the person that member is."""
    assert await ask(world, ALICE, SUPPORT, f"oncall primary cover 3h for=<@{DAVE}>") == (
        "O-1: dave on call in primary from Mon 2026-11-23 10:00 CET to Mon 2026-11-23 13:00 "
        "CET, given by alice (drop it: oncall primary drop O-1)")
    assert await ask(world, ALICE, SUPPORT, "oncall primary cover tomorrow 09:00 to 10:00 "
                                            "for=<@WMALLORY>") == (
        "for=<@WMALLORY> is a member no person in socialops.yaml is: add slack: WMALLORY "
        "under that person's identities:, or have them link first (link <email>); or "
        "name a person id, for=bob")


async def test_a_line_missing_its_part_says_which_part(world: World) -> None:
    """`oncall primary cover` without a time, `drop` without an id, PagerDuty's word `override`
    for cover, a `for=` left empty, twice or after drop: each was answered with the same line
    on the whole verb ('oncall takes one schedule name, or none for every schedule; ...'),
    nothing of what was missing. Now the reason says it (the usage line follows as for every
    verb)."""
    said = {
        "oncall primary cover": "say when: oncall primary cover 2h (or until tomorrow 9am, "
                                "18:00-22:00, mon 09:00 to 17:00)",
        "oncall primary cover for=bob": "say when: oncall primary cover 2h for=bob (or until "
                                        "tomorrow 9am, 18:00-22:00, mon 09:00 to 17:00)",
        "oncall cover": "say when: oncall cover 2h (or until tomorrow 9am, 18:00-22:00, mon "
                        "09:00 to 17:00)",
        "oncall primary drop": "say which override: oncall primary drop O-3 (oncall primary "
                               "overrides lists them)",
        "oncall primary drop O-1 O-2": "one override at a time: oncall primary drop O-1, then "
                                       "oncall primary drop O-2",
        "oncall primary override 2h": "an override is made with cover: oncall primary cover "
                                      "2h (oncall primary overrides lists them)",
        "oncall primary sick 2h": "oncall takes one schedule name, or none for every "
                                  "schedule; after the name: cover <when> [for=<person>], "
                                  "overrides, or drop <override id>",
        "oncall primary cover 2h for=": "for= needs a person id from people: (for=bob)",
        "oncall primary cover 2h for=bob for=carol": "one for= at a time: one person covers "
                                                    "a span",
        "oncall primary drop O-1 for=bob": "for= goes with cover only: oncall primary cover "
                                           "<when> for=<person>",
        "oncall primary overrides now": "oncall primary overrides takes nothing after it",
    }
    for line, reason in said.items():
        got = await ask(world, BOB, SUPPORT, line)
        assert got.split("\n")[0] == reason, (line, got)
    assert await world.a.store.list_raw("override") == []


@pytest.mark.parametrize("stored", ["\u00b2", "\u0663", "9" * 5000])
async def test_a_change_number_edited_to_no_plain_number_is_read_as_damaged(
        world: World, stored: str, caplog: pytest.LogCaptureFixture) -> None:
    """The schedule's change number (``overridegen``) hand-edited: to "one", covers and drops
    are refused as busy (f7380c7: left as they were, a handoff said without a number), but "²"
    passed ``str.isdigit`` and ``int()`` raised a ValueError at every cover and drop. Now "²",
    Arabic-Indic "٣" (``int()`` read it as 3, while a handoff read it as damaged) and 5,000
    digits (over ``int()``'s limit) are as damaged as "one", for covers as for handoffs."""
    assert (await ask(world, ALICE, SUPPORT, "oncall primary cover 2h")).startswith("O-1:")
    lines = ("oncall primary cover 2026-11-24T10:00 to 12:00", "oncall primary drop O-1")
    answers = {}
    for value in ("one", stored):
        fx = Effects()
        fx.put("overridegen", "primary", value)
        assert await world.a.applier.apply(fx)
        caplog.clear()
        answers[value] = [await ask(world, ALICE, SUPPORT, line) for line in lines]
        assert not [r for r in caplog.records
                    if r.exc_info and isinstance(r.exc_info[1], ValueError)], value[:8]
    assert answers[stored] == answers["one"]
    assert not any(a.startswith(("O-2", "O-1 dropped")) for a in answers[stored])
    assert await world.a.store.get_raw("overridegen", "primary") == stored


async def test_a_refusal_quotes_what_was_typed_between_characters(world: World) -> None:
    """A refusal quoting a cover, a person or an override id cut it by code points (40, 60 and
    20): an emoji sequence across the cut was shown as another picture or a lone joiner
    (👩‍💻 as 👩 and \\u200d, a flag as another), with nothing saying the rest was left
    out. Now whole characters, then "…" after the quote."""
    coder = "\U0001F469\u200d\U0001F4BB"
    person = "p" * 38 + coder + "x"
    said = await ask(world, ALICE, SUPPORT, f"oncall primary cover 2h for={person}")
    assert said.startswith(f"no person '{'p' * 38}'… in people"), said
    dropped = await ask(world, ALICE, SUPPORT, f"oncall primary drop O-{'1' * 18}{coder}")
    assert f"no override 'O-{'1' * 18}'… made in chat" in dropped, dropped
    cover = "x" * 59 + "\U0001F1E9\U0001F1EA" + "y" * 4  # a flag, half of it another
    said = await ask(world, ALICE, SUPPORT, f"oncall primary cover {cover}")
    assert said.startswith(f"'{'x' * 59}'… is not a span"), said


async def test_an_override_id_in_another_scripts_digits_is_told_its_ascii_form(
        world: World) -> None:
    """'drop O-١' (an Arabic keyboard's O-1) was answered 'no override O-١ made in chat'
    beside an O-1: it is told what to write, as every verb tells such an id
    (tests/e2e/test_typed_ids.py)."""
    assert (await ask(world, BOB, SUPPORT, "oncall primary cover 14:00-16:00")).startswith(
        "O-1: bob on call in primary")
    assert await ask(world, BOB, SUPPORT, "oncall primary drop O-١") == (
        "'O-١' is not an id: ids are written in ASCII digits; write O-1")


RLM, FSI, PDI = "\u200f", "\u2068", "\u2069"  # what a paste from right-to-left text carries


async def test_marks_pasted_from_right_to_left_text_are_no_part_of_a_name(
        world: World) -> None:
    """Slack's and Discord's clients paste a right-to-left mark or an isolate around a word
    copied from Arabic or Hebrew text: it draws nothing, yet `oncall \\u200fprimary` was 'no
    schedule', `for=\\u200fdave` 'no person', `unclaim T-1 to=\\u2068carol\\u2069` a usage line,
    and the refusal read "no schedule 'primary'; did you mean primary?". The format
    characters (Cf) are no part of a schedule, a person or an id typed in chat, and a name
    still unknown is said back as it shows."""
    assert (await ask(world, BOB, SUPPORT, f"oncall {RLM}primary")).startswith(
        "On call: primary: alice")
    assert (await ask(world, ALICE, SUPPORT, f"oncall primary{RLM} cover 3h for={RLM}dave")
            ).startswith("O-1: dave on call in primary from Mon 2026-11-23 10:00 CET")
    assert await ask(world, BOB, SUPPORT, f"oncall {RLM}primry") == (
        "no schedule 'primry'; did you mean primary? (schedules: primary)")
    assert (await ask(world, ALICE, SUPPORT, f"oncall primary cover 1h for={FSI}dav{PDI}")
            ).startswith("no person 'dav' in people:")
    assert (await ask(world, ALICE, SUPPORT, f"oncall primary drop {RLM}O-1")).startswith(
        "O-1 dropped in primary")
    ticket_id, _ = await open_ticket(world)
    assert (await ask(world, BOB, SUPPORT, f"claim {RLM}{ticket_id}")).startswith(
        f"{ticket_id} claimed")
    assert "carol" in await ask(world, BOB, SUPPORT, f"unclaim {ticket_id} to={FSI}carol{PDI}")
    [ticket] = await world.a.store.list_tickets()
    assert ticket.claimer == "carol"


async def test_a_name_drawn_reversed_is_said_back_as_typed(world: World) -> None:
    """A right-to-left override draws the letters after it reversed: `for=\\u202eevad` shows
    for=dave. 51b230b dropped it and said "no person 'evad'", a name nobody sees on screen,
    and read `T-\\u202e12` (drawn T-21) as T-12. The word is kept as typed and said back with
    the override escaped; the marks a paste puts around a word still go."""
    answer = await ask(world, ALICE, SUPPORT, "oncall primary cover 1h for=\u202eevad")
    assert answer.startswith("no person '\\u202eevad' in people:"), answer
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, BOB, SUPPORT, f"claim {ticket_id}\u202e")
    assert answer.startswith(f"'{ticket_id}\\u202e' is not an id like T-3"), answer
    [ticket] = await world.a.store.list_tickets()
    assert ticket.claimer is None
    assert (await ask(world, BOB, SUPPORT, f"claim {FSI}{ticket_id}{PDI}")).startswith(
        f"{ticket_id} claimed")


async def test_a_left_to_right_mark_inside_an_id_that_moves_nothing_is_read(
        world: World) -> None:
    """An LRM inside a left-to-right id (`T-\\u200e1`, as text typed among right-to-left
    words may carry) draws it as typed in any text: 1c7199d refused it ("'T-\\u200e1' is not an id
    like T-3"); a right-to-left mark there is still refused, shown escaped."""
    ticket_id, _ = await open_ticket(world)
    number = ticket_id.split("-")[1]
    answer = await ask(world, BOB, SUPPORT, f"claim T-\u200f{number}\u200f0")
    assert answer.startswith(f"'T-\\u200f{number}\\u200f0' is not an id like T-3"), answer
    answer = await ask(world, BOB, SUPPORT, f"claim T-\u200e{number}")
    assert answer.startswith(f"{ticket_id} claimed"), answer
    [ticket] = await world.a.store.list_tickets()
    assert ticket.claimer == "bob"
