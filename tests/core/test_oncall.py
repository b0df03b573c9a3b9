"""On-call rotation arithmetic (bot.core.oncall): handoffs on the schedule's wall clock across
daylight-saving changes, exact shift boundaries, overrides winning over the rotation, and the
`oncall` answer at the injected clock's time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.core.commands import CommandError, ParsedCommand, help_text, parse_command
from bot.core.config import ScheduleConfig
from bot.core.oncall import OnCall, Schedule, describe, schedules
from handlers.oncall import NONE_CONFIGURED, OnCallBoard
from tests.conftest import FakeClock

TICK = timedelta(microseconds=1)


def schedule(**kw: Any) -> Schedule:
    return Schedule(ScheduleConfig.model_validate({"name": "primary", **kw}))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_weekly_handoff_keeps_its_wall_clock_time_when_summer_time_ends() -> None:
    # Berlin leaves summer time on Sunday 2026-10-25 (03:00 CEST -> 02:00 CET): the handoff
    # stays at 09:00 on Mondays, 07:00 UTC before the change and 08:00 UTC after it, so the
    # shift across it is 169 hours, not 168
    s = schedule(people=["alice", "bob"], start="2026-10-19T09:00", shift="1w",
                 timezone="Europe/Berlin")
    assert s.handoff(0) == utc(2026, 10, 19, 7)
    assert s.handoff(1) == utc(2026, 10, 26, 8)
    assert s.person_at(utc(2026, 10, 26, 7, 30)) == "alice"  # 08:30 CET: still alice's week
    assert s.person_at(utc(2026, 10, 26, 8) - TICK) == "alice"
    assert s.person_at(utc(2026, 10, 26, 8)) == "bob"
    now = s.on_call(utc(2026, 10, 20, 12))
    assert (now.person, now.until, now.then) == ("alice", utc(2026, 10, 26, 8), "bob")
    assert describe(s, utc(2026, 10, 20, 12)) == (
        "primary: alice until Mon 2026-10-26 09:00 CET, then bob")
    # and back into summer time: Monday 2027-03-29 09:00 CEST is 07:00 UTC
    assert s.person_at(utc(2027, 3, 29, 7) - TICK) == s.person_at(utc(2027, 3, 22, 8))
    assert s.person_at(utc(2027, 3, 29, 7)) != s.person_at(utc(2027, 3, 29, 7) - TICK)


def test_twelve_hour_shifts_hand_over_at_the_same_clock_times_across_spring_forward() -> None:
    # New York springs forward on 2027-03-14 (02:00 EST -> 03:00 EDT): the night shift from
    # 20:00 to 08:00 is 11 hours that night, and the handoffs stay at 08:00 and 20:00
    s = schedule(people=["day", "night"], start="2027-03-13T08:00", shift="12h",
                 timezone="America/New_York")
    assert s.person_at(utc(2027, 3, 13, 13)) == "day"  # 08:00 EST
    assert s.person_at(utc(2027, 3, 14, 1)) == "night"  # 20:00 EST
    night = s.on_call(utc(2027, 3, 14, 1))
    assert night.until == utc(2027, 3, 14, 12)  # 08:00 EDT, 11 hours later
    assert s.person_at(utc(2027, 3, 14, 12) - TICK) == "night"
    assert s.person_at(utc(2027, 3, 14, 12)) == "day"
    assert s.person_at(utc(2027, 3, 15, 0)) == "night"  # 20:00 EDT
    assert s.person_at(utc(2027, 3, 15, 0) - TICK) == "day"


def test_a_handoff_the_clock_skips_comes_at_the_gaps_end() -> None:
    # 02:30 does not exist in Berlin on 2027-03-28 (02:00 -> 03:00): that day's handoff is at
    # 03:00 CEST, the first minute the clock shows after it
    s = schedule(people=["alice", "bob"], start="2027-03-26T02:30", shift="1d",
                 timezone="Europe/Berlin")
    assert s.handoff(2) == utc(2027, 3, 28, 1)
    assert s.person_at(utc(2027, 3, 28, 1) - TICK) == "bob"
    assert s.person_at(utc(2027, 3, 28, 1)) == "alice"
    assert s.handoff(3) == utc(2027, 3, 29, 0, 30)  # 02:30 CEST again from the next day


def test_the_rotation_cycles_at_exact_boundaries_in_utc() -> None:
    s = schedule(people=["alice", "bob", "carol"], start="2026-12-01T00:00:00+00:00",
                 shift="8h")
    start = utc(2026, 12, 1)
    for n in range(10):
        at = start + n * timedelta(hours=8)
        assert s.person_at(at) == ("alice", "bob", "carol")[n % 3]
        assert s.person_at(at + timedelta(hours=8) - TICK) == ("alice", "bob", "carol")[n % 3]


def test_before_the_start_nobody_is_on_call() -> None:
    s = schedule(people=["alice", "bob"], start="2026-12-07T09:00", shift="1w",
                 timezone="Europe/Warsaw")
    early = s.on_call(utc(2026, 12, 1))
    assert (early.person, early.until, early.then) == (None, utc(2026, 12, 7, 8), "alice")
    assert describe(s, utc(2026, 12, 1)) == (
        "primary: nobody until Mon 2026-12-07 09:00 CET, then alice")


def test_an_override_wins_over_the_rotation_and_the_next_change_counts_it() -> None:
    s = schedule(people=["alice", "bob"], start="2026-12-07T09:00", shift="1w",
                 timezone="Europe/Berlin",
                 overrides=[{"person": "carol", "from": "2026-12-09T18:00",
                             "until": "2026-12-10T09:00"},
                            {"person": "bob", "from": "2026-12-13T09:00",
                             "until": "2026-12-14T09:00"}])
    before = s.on_call(utc(2026, 12, 9, 12))
    assert (before.person, before.overridden, before.until, before.then) == (
        "alice", False, utc(2026, 12, 9, 17), "carol")
    during = s.on_call(utc(2026, 12, 9, 17))
    assert (during.person, during.overridden, during.until, during.then) == (
        "carol", True, utc(2026, 12, 10, 8), "alice")
    assert describe(s, utc(2026, 12, 9, 17)) == (
        "primary: carol (override) until Thu 2026-12-10 09:00 CET, then alice")
    # bob's override runs into his own week: the next change is when his week ends
    sunday = s.on_call(utc(2026, 12, 13, 8))
    assert (sunday.person, sunday.until, sunday.then) == ("bob", utc(2026, 12, 21, 8), "alice")
    assert s.person_at(utc(2026, 12, 10, 8)) == "alice"


def test_a_rotation_that_names_someone_twice_in_a_row_looks_past_it() -> None:
    s = schedule(people=["alice", "alice", "bob"], start="2026-12-01T00:00", shift="1d")
    c = s.on_call(utc(2026, 12, 1, 5))
    assert (c.person, c.until, c.then) == ("alice", utc(2026, 12, 3), "bob")
    alone = schedule(people=["alice"], start="2026-12-01T00:00", shift="1d")
    c = alone.on_call(utc(2026, 12, 5))
    assert (c.person, c.until, c.then) == ("alice", None, None)
    assert describe(alone, utc(2026, 12, 5)) == "primary: alice"


async def test_oncall_answers_at_the_injected_clocks_time() -> None:
    clock = FakeClock(utc(2026, 10, 26, 7, 30))
    board = OnCallBoard(schedules([
        ScheduleConfig.model_validate({"name": "primary", "people": ["alice", "bob"],
                                       "start": "2026-10-19T09:00", "shift": "1w",
                                       "timezone": "Europe/Berlin"}),
        ScheduleConfig.model_validate({"name": "nights", "people": ["carol"],
                                       "start": "2026-10-19T20:00", "shift": "12h"})]),
        clock=clock)
    assert (await board.reply()).text == (
        "On call now:\n"
        "• primary: alice until Mon 2026-10-26 09:00 CET, then bob\n"
        "• nights: carol")
    clock.advance(minutes=30)
    assert (await board.reply("primary")).text == (
        "On call: primary: bob until Mon 2026-11-02 09:00 CET, then alice")
    assert (await board.reply("Primary")).ok
    wrong = await board.reply("primray")
    assert (wrong.ok, wrong.text) == (
        False, "no schedule 'primray'; did you mean primary? (schedules: primary, nights)")
    assert (await OnCallBoard({}, clock=clock).reply()).text == NONE_CONFIGURED
    # `oncall cover 2h` with two schedules: which one, in one line
    which = await board.reply("", "cover", "2h", person="alice")
    assert (which.ok, which.text) == (
        False, "which schedule? oncall <schedule> cover 2h (schedules: primary, nights)")


def test_oncall_takes_one_schedule_name_or_none() -> None:
    assert parse_command("oncall") == ParsedCommand(action="oncall")
    assert parse_command("ONCALL primary") == ParsedCommand(action="oncall", args=("primary",))
    with pytest.raises(CommandError, match="oncall takes one schedule name, or none"):
        parse_command("oncall primary secondary")
    assert "oncall [schedule [cover <when>|overrides|drop O-n]]" in help_text()
    assert parse_command("oncall primary cover 18:00 - 22:00 for=bob") == ParsedCommand(
        action="oncall", args=("primary", "cover", "18:00 - 22:00"), options={"for": "bob"})
    assert parse_command("oncall primary Overrides") == ParsedCommand(
        action="oncall", args=("primary", "overrides", ""))
    assert parse_command("oncall primary drop O-3") == ParsedCommand(
        action="oncall", args=("primary", "drop", "O-3"))
    # the schedule left out (the one there is: handlers.oncall)
    assert parse_command("oncall cover 2h for=bob") == ParsedCommand(
        action="oncall", args=("", "cover", "2h"), options={"for": "bob"})
    assert parse_command("oncall Overrides") == ParsedCommand(
        action="oncall", args=("", "overrides", ""))
    assert parse_command("oncall drop O-3") == ParsedCommand(
        action="oncall", args=("", "drop", "O-3"))
    # typed without oncall: was "unknown command 'cover'; try help", not saying what to type
    with pytest.raises(CommandError) as refused:
        parse_command("cover 18:00-22:00 for=bob")
    assert str(refused.value) == (
        "unknown command 'cover': an on-call override is typed after oncall and its schedule: "
        "oncall <schedule> cover 18:00-22:00 for=bob (the schedule may be left out where "
        "there is one)")
    # each says what is missing or extra (tests/e2e/test_oncall_overrides.py, through Slack)
    for wrong, reason in (("oncall primary cover", "say when: oncall primary cover 2h"),
                          ("oncall primary drop", "say which override"),
                          ("oncall primary drop O-3 O-4", "one override at a time"),
                          ("oncall primary overrides for=bob", "for= goes with cover only"),
                          ("oncall primary cover 2h for=a for=b", "one for= at a time")):
        with pytest.raises(CommandError, match=reason):
            parse_command(wrong)


def test_a_time_far_from_now_is_refused_and_the_last_handoff_has_no_next() -> None:
    with pytest.raises(ValueError, match="'9999-12-31T20:00' is not a time a schedule takes"):
        schedule(people=["alice"], start="9999-12-31T20:00", shift="1d")
    s = schedule(people=["alice", "bob"], start="9000-12-31T20:00", shift="1w",
                 timezone="Pacific/Kiritimati")
    assert s.handoff(10**6) == datetime.max.replace(tzinfo=UTC)  # past the calendar: never


def test_a_thirty_minute_daylight_saving_change_moves_a_skipped_handoff_half_an_hour() -> None:
    # Lord Howe Island moves its clocks by 30 minutes: 02:00 -> 02:30 on Sunday 2026-10-04, and
    # 02:00 -> 01:30 on Sunday 2026-04-05. A daily handoff at 02:15 is skipped on the first
    # day (it comes at 02:30, the gap's end, so the shifts either side are 23.75 hours) and met
    # twice on the second (the first pass: that shift is 24.5 hours).
    s = schedule(people=["alice", "bob"], start="2026-09-01T02:15", shift="1d",
                 timezone="Australia/Lord_Howe")
    assert s.handoff(33) == utc(2026, 10, 3, 15, 30)  # 02:30 +11
    assert s.handoff(33) - s.handoff(32) == timedelta(hours=23, minutes=45)
    assert s.handoff(34) - s.handoff(33) == timedelta(hours=23, minutes=45)
    assert describe(s, utc(2026, 10, 3, 12)) == (
        "primary: alice until Sun 2026-10-04 02:30 +11, then bob")
    s = schedule(people=["alice", "bob"], start="2026-03-01T01:45", shift="1d",
                 timezone="Australia/Lord_Howe")
    assert s.handoff(36) - s.handoff(35) == timedelta(hours=24, minutes=30)
    assert s.person_at(s.handoff(36) - TICK) == s.people[35 % 2]


def test_a_day_the_zone_skips_costs_nobody_a_turn() -> None:
    # Samoa skipped Friday 2011-12-30 (23:59:59 on the 29th at -10 was followed by 00:00 on
    # the 31st at +14): hourly shifts stay on the wall clock's hour on either side, and the
    # skipped day's 24 are not counted, so the rotation goes on from e (not d twice running)
    s = schedule(people=["a", "b", "c", "d", "e"], start="2011-12-29T00:00", shift="1h",
                 timezone="Pacific/Apia")
    assert s.person_at(utc(2011, 12, 30, 9, 30)) == "d"  # 23:30 on the 29th: shift 23
    assert s.person_at(utc(2011, 12, 30, 10)) == "e"  # 00:00 on the 31st: the 25th shift
    assert s.person_at(utc(2011, 12, 30, 11)) == "a"
    assert describe(s, utc(2011, 12, 30, 9)) == (
        "primary: d until Sat 2011-12-31 00:00 +14, then e")
    # Troll station's clock jumps two hours (01:00 -> 03:00 UTC+2): the 01:00, 02:00 and 03:00
    # shifts would all start at the jump; b's (the 01:00 one's) does, and c has 04:00
    s = schedule(people=["a", "b", "c", "d"], start="2026-03-29T00:00", shift="1h",
                 timezone="Antarctica/Troll")
    assert [s.person_at(utc(2026, 3, 29, h)) for h in range(5)] == ["a", "b", "c", "d", "a"]
    assert describe(s, utc(2026, 3, 29, 0, 30)) == (
        "primary: a until Sun 2026-03-29 03:00 +02, then b")


class Counting(Schedule):
    calls = 0

    def handoff(self, n: int) -> datetime:
        self.calls += 1
        return super().handoff(n)


def test_a_rotation_started_in_1970_is_not_walked_shift_by_shift() -> None:
    # about 500,000 hourly shifts before 2026: who is on call, until when and who next is
    # worked out from the wall-clock difference, a handful of handoffs asked (the event loop
    # runs this for every step that names the schedule)
    for zone in ("Europe/Berlin", "Pacific/Apia", "Australia/Lord_Howe"):
        s = Counting(ScheduleConfig.model_validate({
            "name": "primary", "people": ["a", "b", "c"], "start": "1970-01-01T00:00",
            "shift": "1h", "timezone": zone}))
        at = utc(2026, 12, 1, 8, 30)
        n = s._shift_at(at)
        assert n is not None and n > 497_000
        assert s.handoff(n) <= at < s.handoff(n + 1)
        s.calls = 0
        describe(s, at)
        assert s.calls <= 20, (zone, s.calls)


def test_overrides_made_in_chat_count_beside_the_configs_and_clash_names_the_overlap() -> None:
    # alice's week (Mondays 09:00 UTC); a config override gives carol Tuesday 10:00-12:00, and
    # one made in chat gives bob Tuesday 14:00-16:00: each wins in its own time, and the next
    # change counts the chat one
    s = schedule(people=["alice", "dave"], start="2026-11-16T09:00", shift="1w",
                 timezone="UTC", overrides=[{"person": "carol", "from": "2026-11-17T10:00",
                                              "until": "2026-11-17T12:00"}])
    chat = (utc(2026, 11, 17, 14), utc(2026, 11, 17, 16), "bob")
    live = s.with_overrides([chat])
    assert s.person_at(utc(2026, 11, 17, 15)) == "alice"  # the config's schedule unchanged
    assert live.person_at(utc(2026, 11, 17, 11)) == "carol"
    assert live.person_at(utc(2026, 11, 17, 15)) == "bob"
    assert live.on_call(utc(2026, 11, 17, 13)).until == utc(2026, 11, 17, 14)
    now = live.on_call(utc(2026, 11, 17, 15))
    assert (now.person, now.overridden, now.until, now.then) == (
        "bob", True, utc(2026, 11, 17, 16), "alice")
    assert live.configured == s.configured  # the config's alone, for `overrides` to mark
    assert live.clash(utc(2026, 11, 17, 11, 30), utc(2026, 11, 17, 13)) == (
        utc(2026, 11, 17, 10), utc(2026, 11, 17, 12), "carol")
    assert live.clash(utc(2026, 11, 17, 16), utc(2026, 11, 17, 18)) is None  # end to end
    assert live.clash(utc(2026, 11, 17, 12), utc(2026, 11, 17, 14)) is None


def test_an_hourly_rotation_across_spring_forward_skips_nobody() -> None:
    # Berlin's clocks jump from 02:00 to 03:00 on Sunday 2026-03-29. The 02:00 shift (carol's)
    # would start at the jump, the instant the 03:00 one starts: no time at all. It starts at
    # the gap's end and the rotation goes on from her, as RFC 5545 counts no instance of a
    # time that does not exist; the handoffs stay on the hour
    s = schedule(people=["alice", "bob", "carol"], start="2026-03-29T00:00", shift="1h",
                 timezone="Europe/Berlin")
    hours = [s.person_at(utc(2026, 3, 28, 23) + timedelta(hours=h)) for h in range(6)]
    assert hours == ["alice", "bob", "carol", "alice", "bob", "carol"]
    assert describe(s, utc(2026, 3, 29, 0, 30)) == (
        "primary: bob until Sun 2026-03-29 03:00 CEST, then carol")
    assert describe(s, utc(2026, 3, 29, 1, 30)) == (
        "primary: carol until Sun 2026-03-29 04:00 CEST, then alice")
    # a rotation at half past: the 02:30 shift starts at 03:00, the gap's end, and is half an
    # hour; the 01:30 one before it too (01:30 CET to 03:00 CEST is 30 minutes)
    s = schedule(people=["alice", "bob", "carol"], start="2026-03-29T00:30", shift="1h",
                 timezone="Europe/Berlin")
    assert s.on_call(utc(2026, 3, 29, 0, 40)) == OnCall("bob", False, utc(2026, 3, 29, 1),
                                                        "carol")
    assert s.on_call(utc(2026, 3, 29, 1)) == OnCall("carol", False, utc(2026, 3, 29, 1, 30),
                                                    "alice")
    # and across autumn's fold (03:00 CEST -> 02:00 CET on 2026-10-25) the 02:00 shift holds
    # both passes of the repeated hour, once: 00:00 to 02:00 UTC, then 03:00 CET is alice's
    s = schedule(people=["alice", "bob", "carol"], start="2026-10-25T00:00", shift="1h",
                 timezone="Europe/Berlin")
    halves = [s.person_at(utc(2026, 10, 24, 22) + timedelta(minutes=30 * k)) for k in range(10)]
    assert halves == ["alice"] * 2 + ["bob"] * 2 + ["carol"] * 4 + ["alice"] * 2
    assert s.on_call(utc(2026, 10, 25, 0)) == OnCall("carol", False, utc(2026, 10, 25, 2),
                                                     "alice")


def test_a_summer_time_that_lasts_under_a_week_still_costs_nobody_a_turn() -> None:
    # Recife kept summer time for one week only, 2000-10-08 to 10-15 (00:00 -> 01:00 on the
    # 8th, -03 -> -02; back on the 15th): the zone's offset is the same a week apart on
    # either side, so a weekly sample of it sees no change. The 00:00 shift of the 8th starts
    # at the jump, the instant the 01:00 one does: the rotation goes on from its person (a)
    s = schedule(people=["a", "b", "c"], start="2000-10-07T00:00", shift="1h",
                 timezone="America/Recife")
    assert s.person_at(utc(2000, 10, 8, 2, 30)) == "c"  # 23:00 on the 7th: shift 23
    assert s.person_at(utc(2000, 10, 8, 3)) == "a"  # 01:00 -02 on the 8th
    assert s.person_at(utc(2000, 10, 8, 4)) == "b"
    assert describe(s, utc(2000, 10, 8, 2, 30)) == (
        "primary: c until Sun 2000-10-08 01:00 -02, then a")
