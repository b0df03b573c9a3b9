"""`socialops check` on on-call schedules (``schedules:``): each mistake is one line naming the
file, the line and the field, all of them in one run; a good schedule and a step naming it
pass."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from bot.app.check import run_check
from bot.core.config import ScheduleConfig, load_config

HEAD = """\
channels:
  support: {workspace: console, id: support}
people:
  - {id: alice}
  - {id: bob}
"""

MISTAKES = HEAD + """\
schedules:
  - name: primary
    people: [alice, bob, zed]                               # 8: zed is nobody
    start: 2026-11-02T09:00
    shift: 1w
    timezone: Europe/Berlin
    announce: on-call                                       # 12: no such channel
    overrides:
      - {person: bob, from: 2026-12-24T09:00, until: 2026-12-26T09:00}
      - {person: alice, from: 2026-12-25T18:00, until: 2026-12-27T09:00}   # 15: overlaps 14
      - {person: carol, from: 2026-12-29T09:00, until: 2026-12-30T09:00}   # 16: carol is nobody
      - {person: bob, from: 2027-01-02T09:00, until: 2027-01-01T09:00}     # 17: ends first
  - name: secondary
    people: [bob, yan]                                      # 19: yan is nobody
    start: next monday                                      # 20: not a time
    shift: 12                                               # 21: no unit
    timezone: Europe/Berlln                                 # 22: no such zone
  - name: night
    people: [alice]
    start: 2026-11-02
    shift: 30m                                              # 26: shorter than an hour
escalations:
  - name: support-default
    steps:
      - {after_minutes: 15, schedule: primray}              # 30: misspelt
"""

EXPECTED = [  # as check lists them: by line
    (8, "schedules[0].people[2]", "unknown person 'zed'; a rotation names person ids from "
                                  "people:"),
    (12, "schedules[0].announce", "unknown channel 'on-call'; declare it under channels: "
                                  "(declared: support)"),
    (15, "schedules[0].overrides[1].from", "overlaps the override at line 14 (bob, "
                                           "2026-12-24T09:00 to 2026-12-26T09:00)"),
    (16, "schedules[0].overrides[2].person", "unknown person 'carol'"),
    (17, "schedules[0].overrides[3].until", "2027-01-01T09:00 is not after from "
                                            "(2027-01-02T09:00)"),
    # said in the same run as its schedule's refused start, shift and time zone: they are
    # stood in for while the other checks run (it was said only once those were fixed)
    (19, "schedules[1].people[1]", "unknown person 'yan'"),
    (20, "schedules[1].start", "'next monday' is not a time; write an ISO date and time such "
                               "as 2026-12-07T09:00"),
    (21, "schedules[1].shift", "12 is not a shift length: write it with its unit, e.g. 12h, "
                               "1d or 1w"),
    (22, "schedules[1].timezone", "'Europe/Berlln' is not a time zone"),
    (26, "schedules[2].shift", "30m is not a shift length: at least 1h"),
    (30, "escalations[0].steps[0].schedule", "unknown schedule 'primray'; did you mean "
                                             "primary? (declared: night, primary, secondary)"),
]


async def check(path: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env={})
    return code, err.getvalue().splitlines()


async def test_every_schedule_mistake_is_one_line_at_its_field(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(MISTAKES, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    problems, summary = lines[:-1], lines[-1]
    assert summary.startswith(f"{len(EXPECTED)} problem(s) found"), "\n".join(lines)
    assert len(problems) == len(EXPECTED), "\n".join(problems)
    for (line, field, words), got in zip(EXPECTED, problems, strict=True):
        assert got.startswith(f"{path}:{line}: {field}: "), (got, line, field)
        assert words in got, (got, words)


async def test_a_schedule_and_a_step_naming_it_pass(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2026-11-02T09:00
    shift: 1w
    timezone: Europe/Berlin
    announce: support
    overrides:
      - {person: bob, from: 2026-12-24T09:00, until: 2026-12-26T09:00}
      - {person: alice, from: 2026-12-26T09:00, until: "2026-12-27T09:00+01:00"}
escalations:
  - name: support-default
    steps:
      - {after_minutes: 15, schedule: primary, notify_users: [bob]}
""", encoding="utf-8")
    code, lines = await check(path)
    assert (code, lines) == (0, [])
    loaded = load_config(path, env={})
    (schedule,) = loaded.config.schedules
    assert (schedule.shift, schedule.timezone) == (7 * 86400, "Europe/Berlin")
    assert loaded.config.escalations[0].steps[0].schedule == "primary"


async def test_a_schedule_with_no_people_says_so(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - {name: primary, people: [], start: 2026-11-02T09:00, shift: 1d}
""", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    # it said 'needs at least 1 item(s)', pydantic's words for any list
    assert lines[0] == (f"{path}:7: schedules[0].people: a rotation names at least one person "
                        "id from people: (people: [alice, bob])"), lines


async def test_a_rotation_with_no_people_is_refused_by_the_schema_in_its_own_words(
        tmp_path: Path) -> None:
    """b1b88a1 put its own words on an empty rotation by a validator alone, and the schema lost
    its min_length: ScheduleConfig's JSON schema let `people: []` pass (no minItems), so an
    editor or a generated form checking against it took what check refuses. The schema says
    minItems 1 again, and check still answers in its own words, at the field's line in a block
    too, never pydantic's 'at least 1 item(s)'."""
    people = ScheduleConfig.model_json_schema()["properties"]["people"]
    assert people.get("minItems") == 1, people
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - name: primary
    start: 2026-11-02T09:00
    people: []
    shift: 1d
""", encoding="utf-8")
    code, lines = await check(path)
    assert (code, lines[:-1]) == (1, [
        f"{path}:9: schedules[0].people: a rotation names at least one person id from "
        "people: (people: [alice, bob])"]), lines


async def test_a_handoff_at_24_00_says_to_write_the_next_day_s_00_00(tmp_path: Path) -> None:
    """ISO 8601's 24:00 ends a day and starts none: a schedule's start or an override's from
    at 24:00 is refused saying which 00:00 it is; an override's until at 24:00 (a calendar's
    end of the day) is the next day's 00:00 on the schedule's clock, and passes."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2026-12-31T24:00
    shift: 1d
    overrides:
      - {person: bob, from: 2027-01-05T24:00, until: 2027-01-06T09:00}
""", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert lines[:2] == [
        f"{path}:9: schedules[0].start: '2026-12-31T24:00' is not a time: 24:00 is 00:00 of "
        "the next day; write 2027-01-01T00:00",
        f"{path}:12: schedules[0].overrides[0].from: '2027-01-05T24:00' is not a time: 24:00 "
        "is 00:00 of the next day; write 2027-01-06T00:00"], lines


async def test_an_override_until_24_00_ends_at_the_next_day_s_00_00(tmp_path: Path) -> None:
    """A calendar's end of the day: 'until: 2027-03-28T24:00' was refused; it is Monday's
    00:00 on the schedule's clock, so Berlin's Sunday of 23 hours is covered whole and no
    more (not 24 hours after Sunday's 00:00), and an offset typed with it is kept."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2026-12-31T09:00
    shift: 1d
    timezone: Europe/Berlin
    overrides:
      - {person: bob, from: 2027-03-28T00:00, until: 2027-03-28T24:00}
      - {person: alice, from: 2027-01-05T18:00, until: "2027-01-05T24:00:00+01:00"}
""", encoding="utf-8")
    code, lines = await check(path)
    assert (code, lines) == (0, [])
    [sunday, evening] = load_config(path).config.schedules[0].overrides
    assert sunday.until == datetime(2027, 3, 29, 0, 0)
    assert evening.until == datetime(2027, 1, 6, 0, 0, tzinfo=timezone(timedelta(hours=1)))


async def test_an_until_of_24_00_where_the_clocks_skip_midnight_ends_the_day(
        tmp_path: Path) -> None:
    """Santiago's clocks go from 00:00 to 01:00 on 2027-09-05: Saturday's 24:00, Sunday's
    00:00, never shows, and check refused 'until: 2027-09-04T24:00' as a time the clock skips.
    An until at a day's 00:00 is when that day begins: the jump, 04:00 UTC (01:00 -03)."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2027-01-04T09:00
    shift: 1w
    timezone: America/Santiago
    overrides:
      - {person: bob, from: 2027-09-04T18:00, until: 2027-09-04T24:00}
      - {person: alice, from: 2027-09-05T00:00, until: 2027-09-05T24:00}
""", encoding="utf-8")
    code, lines = await check(path)
    assert (code, lines) == (0, []), lines
    [saturday, sunday] = load_config(path).config.schedules[0].overrides
    from bot.core.oncall import Schedule
    schedule = Schedule(load_config(path).config.schedules[0])
    assert schedule.utc(saturday.until) == datetime(2027, 9, 5, 4, 0, tzinfo=UTC)
    # and a from at a day's 00:00 is when it begins: Sunday whole is the jump to Monday's 00:00
    # (refused before as '00:00 never comes', as chat's cover refused it)
    assert schedule.utc(sunday.from_) == datetime(2027, 9, 5, 4, 0, tzinfo=UTC)
    assert schedule.utc(sunday.until) == datetime(2027, 9, 6, 3, 0, tzinfo=UTC)


async def test_an_until_of_24_00_with_seconds_past_it_is_refused(tmp_path: Path) -> None:
    """24:00:30 is no time (ISO 8601's 24:00 ends a day, no second after it): check loaded
    'until: 2027-01-05T24:00:30' as 2027-01-06T00:00:30, the override running past the
    day's end; it is refused in one line, and 24:00:00 still ends the day."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2026-12-31T09:00
    shift: 1d
    timezone: Europe/Berlin
    overrides:
      - {person: bob, from: 2027-01-05T18:00, until: "2027-01-05T24:00:30"}
      - {person: bob, from: 2027-01-07T18:00, until: "2027-01-07T24:00:00"}
""", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert lines[:1] == [f"{path}:13: schedules[0].overrides[0].until: '2027-01-05T24:00:30' "
                         "is not a time; write an ISO date and time such as 2026-12-07T09:00 "
                         "(in the schedule's timezone) or 2026-12-07T09:00+01:00"], lines
    assert lines[1:] == ["1 problem(s) found; fix them and run socialops check again"], lines


async def test_two_schedules_named_alike_in_any_case_are_one_name(tmp_path: Path) -> None:
    """`oncall Primary` reads `primary`: a second schedule spelt with other capitals was
    accepted and never found."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - {name: primary, people: [alice], start: 2026-11-02T09:00, shift: 1d}
  - {name: Primary, people: [bob], start: 2026-11-02T09:00, shift: 1d}
  - {name: primary, people: [bob], start: 2026-11-02T09:00, shift: 1d}
""", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert lines[:2] == [
        f"{path}:8: schedules[1].name: duplicate schedule name 'Primary': 'primary' is declared "
        "first at line 7, and oncall reads a name in any case",
        f"{path}:9: schedules[2].name: duplicate schedule name 'primary' (first at line 7)"], lines


def berlin_nights(after: date) -> tuple[date, date]:
    """The first nights after ``after`` Berlin's clocks go back (the last Sunday of October)
    and then forward (the last Sunday of March): the test stays true whatever year it runs."""
    def last_sunday(year: int, month: int) -> date:
        day = date(year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    back = next(d for y in (after.year, after.year + 1)
                if (d := last_sunday(y, 10)) > after)
    return back, last_sunday(back.year + 1, 3)


async def test_an_override_at_a_time_the_clock_skips_or_shows_twice_is_one_line(
        tmp_path: Path) -> None:
    """Berlin's clocks go back from 03:00 to 02:00 on the last Sunday of October and forward
    from 02:00 to 03:00 on the last Sunday of March. An override written in the schedule's
    wall-clock time at 02:30 either night was read as the first 02:30, or as 03:30, without a
    word: the night shift handed back an hour early (or late). Chat's `oncall primary cover`
    refuses the same times. One that ended before (2025-10-26, a config that ran before this
    check) is not refused: it changes nothing any more, and the bot would not start."""
    back, forward = berlin_nights(datetime.now(UTC).date() + timedelta(days=2))
    b, f = back.isoformat(), forward.isoformat()
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + f"""\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2026-10-05T09:00
    shift: 1w
    timezone: Europe/Berlin
    overrides:
      - {{person: bob, from: {back - timedelta(days=1)}T22:00, until: {b}T02:30}}     # 13
      - {{person: alice, from: {forward - timedelta(days=1)}T22:00, until: {f}T02:30}} # 14
      - {{person: bob, from: "{b}T02:30+01:00", until: {b}T09:00}}  # said which
      - {{person: alice, from: {f}T04:00, until: {f}T09:00}}        # is one
      - {{person: bob, from: 2025-10-25T22:00, until: 2025-10-26T02:30}}  # ended long ago
  - name: kathmandu
    people: [alice]
    start: 2026-10-05T09:00
    shift: 1d
    timezone: Asia/Kathmandu
    overrides:
      - {{person: alice, from: {b}T02:30, until: {f}T02:30}}        # no DST
""", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert lines[:-1] == [
        f"{path}:13: schedules[0].overrides[0].until: {b}T02:30: 02:30 comes twice in "
        f"Europe/Berlin on {b} (its clocks go back); write {b}T02:30+02:00 for "
        f"the first or {b}T02:30+01:00 for the second",
        f"{path}:14: schedules[0].overrides[1].until: {f}T02:30: 02:30 never comes in "
        f"Europe/Berlin on {f} (its clocks go forward from 02:00 to 03:00); write "
        f"{f}T03:00+02:00 just after or {f}T01:59+01:00 just before",
    ], "\n".join(lines)


async def test_a_zone_fixed_all_year_under_a_regions_name_is_said(tmp_path: Path) -> None:
    """tzdata's EST is UTC-05:00 all year, no daylight saving: a New York team's schedule on
    `timezone: EST` handed over an hour off New York's clock from March to November, and check
    said nothing. It is a warning at the line (a clock that never changes is no mistake: the
    file runs as before), naming the zone meant."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2027-01-04T09:00
    shift: 1w
    timezone: EST
""", encoding="utf-8")
    code, lines = await check(path)
    assert code == 0, lines
    assert lines == [
        f"{path}:11: schedules[0].timezone: 'EST' is UTC-05:00 all year, with no daylight "
        "saving (tzdata's EST, not New York's clock): write America/New_York for the clock "
        "that changes, or America/Panama for one that never does (a warning: nothing stops on "
        "it)"]


async def test_an_etc_gmt_zone_is_said_with_its_posix_sign(tmp_path: Path) -> None:
    """tzdata's Etc/GMT+5 is UTC-05:00 (POSIX's sign, the reverse of ISO 8601's and of a
    calendar's GMT+5): a team in Karachi writing it hands over ten hours off, and check said
    nothing. A warning at the line, as for EST: the file runs as written."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2027-01-04T09:00
    shift: 1w
    timezone: Etc/GMT+5
""", encoding="utf-8")
    code, lines = await check(path)
    assert code == 0, lines
    assert lines == [
        f"{path}:11: schedules[0].timezone: 'Etc/GMT+5' is UTC-05:00, 5 hours west of UTC "
        "(tzdata's Etc/ names count POSIX's way, the reverse of GMT+5 on a calendar); 5 "
        "hours east of UTC is Etc/GMT-5 (a warning: nothing stops on it)"]


async def test_a_refused_time_or_delay_hides_none_of_its_item_s_other_problems(
        tmp_path: Path) -> None:
    """An override or an escalation step refused by the schema for one value (a time that is
    none, a negative delay) was left out whole, so its person and its schedule were said only
    in the next run, once that value was fixed. The refused value is stood in for meanwhile;
    the stand-in itself says nothing (no overlap with a time nobody wrote)."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + """\
schedules:
  - name: primary
    people: [alice]
    start: 2026-11-02T09:00
    shift: 1d
    overrides:
      - {person: ghost, from: 2026-12-24T09:00, until: nope}
      - {person: bob, from: soon, until: 2026-12-26T09:00}
      - {person: bob, from: 2026-12-23T09:00, until: 2026-12-27T09:00}
escalations:
  - name: e
    steps:
      - {after_minutes: -5, notify_users: [ghost2], schedule: nosched}
""", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert [line.removeprefix(f"{path}:") for line in lines] == [
        "12: schedules[0].overrides[0].until: 'nope' is not a time; write an ISO date and time "
        "such as 2026-12-07T09:00 (in the schedule's timezone) or 2026-12-07T09:00+01:00",
        "12: schedules[0].overrides[0].person: unknown person 'ghost'; an override names a "
        "person id from people:",
        "13: schedules[0].overrides[1].from: 'soon' is not a time; write an ISO date and time "
        "such as 2026-12-07T09:00 (in the schedule's timezone) or 2026-12-07T09:00+01:00",
        "18: escalations[0].steps[0].after_minutes: -5 is out of range: must be greater than or "
        "equal to 0",
        "18: escalations[0].steps[0].notify_users[0]: unknown person 'ghost2'; name a person id "
        "from people:",
        "18: escalations[0].steps[0].schedule: unknown schedule 'nosched' (declared: primary)",
        "6 problem(s) found; fix them and run socialops check again"]
