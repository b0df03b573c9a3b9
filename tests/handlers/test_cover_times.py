"""`oncall <schedule> cover <when>` read through the override desk (handlers.overrides) on a
real SQLite file, as chat's verb reaches it: the times people type (a whole day on a day whose
midnight the clocks skip, the forms calendars and PagerDuty write), and the confirmation said
on the schedule's clock and on the asker's."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.core.config import PersonConfig, ScheduleConfig
from bot.core.oncall import Schedule
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.overrides import OverrideDesk
from tests.conftest import FakeClock


def schedule(zone: str) -> Schedule:
    return Schedule(ScheduleConfig.model_validate({
        "name": "primary", "people": ["alice", "bob"], "start": "2026-01-05T09:00",
        "shift": "1w", "timezone": zone}))


def desk(store: Store, clock: FakeClock) -> OverrideDesk:
    return OverrideDesk(store, Applier(store), clock=clock,
                        directory=Directory([PersonConfig(id=p) for p in ("alice", "bob")]),
                        audit=Audit(clock=clock), channels={})


async def test_a_whole_day_whose_midnight_the_clocks_skip_is_covered_from_the_jump(
        sqlite_store: Store, clock: FakeClock) -> None:
    """Santiago's clocks go from 00:00 to 01:00 on Sunday 2026-09-06: Sunday begins at the
    jump (04:00 UTC, 01:00 -03), and `cover sun 00:00 to 24:00` was refused ('00:00 never
    comes'), as were `tomorrow 00:00 to 00:00` (the docs' sick day) and the ISO form. Each is
    Sunday whole: the jump to Monday's 00:00, 23 hours."""
    clock.now = datetime(2026, 9, 5, 12, 0, tzinfo=UTC)  # Saturday 08:00 in Santiago
    s = schedule("America/Santiago")
    for typed in ("sun 00:00 to 24:00", "tomorrow 00:00 to 00:00", "sun 00:00-24:00",
                  "2026-09-06T00:00 to 2026-09-06T24:00"):
        reply = await desk(sqlite_store, clock).reply(s, "cover", typed, "alice")
        assert reply.ok, (typed, reply.text)
        assert "from Sun 2026-09-06 01:00 -03 to Mon 2026-09-07 00:00 -03" in reply.text, (
            typed, reply.text)
        oid = reply.text.split(":")[0]
        assert (await desk(sqlite_store, clock).reply(s, "drop", oid, "alice")).ok
    # Saturday ends at the jump too: `sat 22:00-00:00` as `sat 22:00-24:00`
    reply = await desk(sqlite_store, clock).reply(s, "cover", "sat 22:00-00:00", "alice")
    assert "from Sat 2026-09-05 22:00 -04 to Sun 2026-09-06 01:00 -03" in reply.text, reply.text
    # a skipped time that is no midnight is still refused, saying what to write
    reply = await desk(sqlite_store, clock).reply(s, "cover", "sun 00:30 to 09:00", "alice")
    assert not reply.ok and "00:30 never comes in America/Santiago" in reply.text


async def test_the_forms_calendars_and_offsets_write_are_read(sqlite_store: Store,
                                                              clock: FakeClock) -> None:
    """`cover from 22:00-24:00` (from before a dashed span, as before one with to), `cover sat
    22:00-sun 02:00` (a dashed span whose end names its day) and a UTC offset where a zone is
    taken (`+05:30`, `UTC+5:30`, `UTC-5`: PagerDuty's and calendars' way) were each 'is not a
    span' or 'is not a time'. Monday 2026-11-23 10:00 CET."""
    s = schedule("Europe/Berlin")
    for typed, span in (
            ("from 22:00-24:00", "Mon 2026-11-23 22:00 CET to Tue 2026-11-24 00:00 CET"),
            ("sat 22:00-sun 02:00", "Sat 2026-11-28 22:00 CET to Sun 2026-11-29 02:00 CET"),
            ("tomorrow 09:00 +05:30 to 17:00",
             "Tue 2026-11-24 04:30 CET to Tue 2026-11-24 12:30 CET"),
            ("22:00-23:00 UTC+5:30", "Mon 2026-11-23 17:30 CET to Mon 2026-11-23 18:30 CET"),
            ("sat 22:00 to 24:00 UTC-5", "Sun 2026-11-29 04:00 CET to Sun 2026-11-29 06:00 CET"),
            ("wed 08:00 GMT+01:00 - thu 08:00 GMT+01:00",
             "Wed 2026-11-25 08:00 CET to Thu 2026-11-26 08:00 CET")):
        reply = await desk(sqlite_store, clock).reply(s, "cover", typed, "alice")
        assert reply.ok and f"from {span} (" in reply.text, (typed, reply.text)
    # what is still no time says, in one line, the forms that are
    for typed, why in (
            ("22:00-23:00 UTC+15", "'UTC+15' is not a UTC offset: offsets run from -12:00 to "
                                   "+14:00 (write +05:30, UTC+5:30 or a zone such as "
                                   "Europe/Berlin)"),
            ("sat 22:00-sun", "is not a span: write cover 2h, until tomorrow 9am, "
                              "18:00-22:00, sat 22:00-sun 02:00 or mon 09:00 to 17:00")):
        reply = await desk(sqlite_store, clock).reply(s, "cover", typed, "alice")
        assert not reply.ok and why in reply.text and "\n" not in reply.text, reply.text


async def test_est_typed_is_refused_with_new_yorks_zone(sqlite_store: Store,
                                                         clock: FakeClock) -> None:
    """tzdata's EST is UTC-05:00 all year (no daylight saving): `cover tomorrow 9am EST to 5pm`
    was read so, an hour from New York's clock from March to November, without a word. It is
    refused in one line naming the zone meant; MST alike (HST is Hawaii's own clock)."""
    s = schedule("Europe/Berlin")
    # typed in small letters, it was answered "did you mean 'EST'?": pointed at the refusal
    for typed, meant in (("tomorrow 9am EST to 5pm", "America/New_York"),
                         ("22:00-23:00 MST", "America/Denver"),
                         ("tomorrow 9am est to 5pm", "America/New_York"),
                         ("22:00-23:00 Mst", "America/Denver"),
                         # Etc/GMT+5 is UTC-05:00 (POSIX's sign) while `GMT+5` typed is
                         # UTC+05:00: read as written it was ten hours from what was meant
                         ("tomorrow 9am Etc/GMT+5 to 5pm", "-05:00"),
                         ("tomorrow 9am Etc/GMT-3 to 5pm", "+03:00")):
        reply = await desk(sqlite_store, clock).reply(s, "cover", typed, "alice")
        assert not reply.ok and "\n" not in reply.text, reply.text
        assert f"write {meant}" in reply.text and ("all year" in reply.text
                                                   or "POSIX" in reply.text), reply.text
    # the zone meant, or the offset for a clock that never changes, is read
    for typed in ("tomorrow 9am America/New_York to 5pm", "wed 9am -05:00 to 5pm",
                  "thu 9am HST to 5pm"):
        assert (await desk(sqlite_store, clock).reply(s, "cover", typed, "alice")).ok, typed


async def test_an_offset_with_a_one_digit_hour_is_read_as_with_two(sqlite_store: Store,
                                                                   clock: FakeClock) -> None:
    """`+05:30` and `UTC+5:30` were read, but `+5:30`, `-5` or `+530` (as people and phones
    write an offset) were 'is not a time', saying nothing of the offset. Each now covers what
    its two-digit form does; what is no offset (`+5:3`, `+5.5`) says the form in one line."""
    s = schedule("Europe/Berlin")
    for typed, same in (("tomorrow 09:00 +5:30 to 17:00", "tomorrow 09:00 +05:30 to 17:00"),
                        ("22:00-23:00 -5", "22:00-23:00 -05:00"),
                        ("sat 22:00 to 24:00 +530", "sat 22:00 to 24:00 +0530"),
                        ("wed 9am \u22123:30 to 5pm", "wed 9am -03:30 to 5pm")):
        spans = []
        for text in (typed, same):
            reply = await desk(sqlite_store, clock).reply(s, "cover", text, "alice")
            assert reply.ok, (text, reply.text)
            spans.append(reply.text.split(" from ", 1)[1].split(" (drop")[0])
            oid = reply.text.split(":")[0]
            assert (await desk(sqlite_store, clock).reply(s, "drop", oid, "alice")).ok
        assert spans[0] == spans[1], (typed, spans)
    for typed in ("tomorrow 09:00 +5:3 to 17:00", "22:00-23:00 +5.5", "22:00-23:00 UTC+5h"):
        reply = await desk(sqlite_store, clock).reply(s, "cover", typed, "alice")
        assert not reply.ok and "\n" not in reply.text, reply.text
        assert "is not a UTC offset: hours, then two digits of minutes (write +05:30" in \
            reply.text, reply.text


async def test_a_posix_style_zone_is_read_as_tzdata_has_it_or_said_what_to_write(
        sqlite_store: Store, clock: FakeClock) -> None:
    """`9am EST5EDT` (tzdata's zone on the US Eastern clock, daylight saving included) was 'is
    not a time'. tzdata's four such names are read as the zones they are; a POSIX TZ string
    that names no zone (`CET-1CEST`, `JST-9`, whose sign is the reverse of ISO 8601's) is
    refused in one line with its offset said as ISO 8601 signs it and what to write."""
    s = schedule("Europe/Berlin")
    clock.now = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)  # summer: EST5EDT is on -04:00
    for typed, same in (("tomorrow 9am EST5EDT to 5pm", "tomorrow 9am America/New_York to 5pm"),
                        ("22:00-23:00 PST8PDT", "22:00-23:00 America/Los_Angeles")):
        spans = []
        for text in (typed, same):
            reply = await desk(sqlite_store, clock).reply(s, "cover", text, "alice")
            assert reply.ok, (text, reply.text)
            spans.append(reply.text.split(" from ", 1)[1].split(" (drop")[0])
            oid = reply.text.split(":")[0]
            assert (await desk(sqlite_store, clock).reply(s, "drop", oid, "alice")).ok
        assert spans[0] == spans[1], (typed, spans)
    for typed, said in (
            ("tomorrow 9am CET-1CEST to 5pm", "CET-1 is UTC+01:00, with summer time; write the "
                                              "place's IANA zone, Region/City"),
            ("22:00-23:00 JST-9", "JST-9 is UTC+09:00; write the place's IANA zone, "
                                  "Region/City (or +09:00 after a typed time)"),
            ("22:00-23:00 EST5EDT,M3.2.0,M11.1.0", "EST5 is UTC-05:00, with summer time")):
        reply = await desk(sqlite_store, clock).reply(s, "cover", typed, "alice")
        assert not reply.ok and "\n" not in reply.text, reply.text
        assert "is a POSIX TZ string, which counts hours west of UTC" in reply.text \
            and said in reply.text, reply.text


async def test_the_list_and_the_refusals_say_the_askers_clock_too(sqlite_store: Store,
                                                                  clock: FakeClock) -> None:
    """Cover and drop confirm on the asker's clock too (54ad335), but `overrides` listed, and
    a refused cover (an overlap, too long) said, the schedule's clock alone: asked from New
    York of a Berlin schedule, 18:00 CET with no 12:00 beside it. Each time in them is said on
    the asker's clock too, where it reads otherwise; asked on the schedule's own, once."""
    s = schedule("Europe/Berlin")
    ny = ZoneInfo("America/New_York")
    made = await desk(sqlite_store, clock).reply(s, "cover", "18:00-22:00", "alice", reader=ny)
    assert made.ok, made.text
    listed = await desk(sqlite_store, clock).reply(s, "overrides", "", "bob", reader=ny)
    assert ("alice, Mon 2026-11-23 18:00 CET (12:00 America/New_York) to Mon 2026-11-23 "
            "22:00 CET (16:00 America/New_York) (made by alice)") in listed.text, listed.text
    clash = await desk(sqlite_store, clock).reply(s, "cover", "19:00-20:00", "bob", reader=ny)
    assert not clash.ok and ("(alice, Mon 2026-11-23 18:00 CET (12:00 America/New_York) to "
                             "Mon 2026-11-23 22:00 CET (16:00 America/New_York)") in clash.text
    long = await desk(sqlite_store, clock).reply(s, "cover", "tomorrow 09:00 to "
                                                 "2027-01-20T09:00", "bob", reader=ny)
    assert not long.ok and long.text.startswith(
        "Tue 2026-11-24 09:00 CET (03:00 America/New_York) to Wed 2027-01-20 09:00 CET (03:00 "
        "America/New_York) is longer than 30 days"), long.text
    same = await desk(sqlite_store, clock).reply(s, "overrides", "", "bob",
                                                 reader=ZoneInfo("Europe/Berlin"))
    assert "alice, Mon 2026-11-23 18:00 CET to Mon 2026-11-23 22:00 CET (made" in same.text


async def test_a_clocks_abbreviation_names_the_zones_that_show_it(sqlite_store: Store,
                                                                  clock: FakeClock) -> None:
    """`9am PST` (as a calendar invite writes it) was answered 'use a name such as UTC or
    Europe/Berlin', naming no zone near what was meant; any abbreviation tzdata's zones show,
    in winter or summer, now names them (EST and MST are tzdata zones, refused as before)."""
    s = schedule("Europe/Berlin")
    for typed, said in (
            ("tomorrow 9am PST to 5pm", "PST is a clock's abbreviation, not a zone's name: write "
                                        "the place's IANA zone, Region/City (PST is the clock "
                                        "of America/Los_Angeles, "),
            ("22:00-23:00 edt", "EDT is a clock's abbreviation"),
            ("22:00-23:00 JST", "(JST is the clock of Asia/Tokyo)"),
            ("22:00-23:00 IST", "IST is the clock of Asia/Jerusalem, Asia/Kolkata, "
                                "Europe/Dublin)")):
        reply = await desk(sqlite_store, clock).reply(s, "cover", typed, "alice")
        assert not reply.ok and "\n" not in reply.text and said in reply.text, reply.text
    reply = await desk(sqlite_store, clock).reply(s, "cover", "22:00-23:00 XYZ", "alice")
    assert reply.text.endswith("use a name such as UTC or Europe/Berlin"), reply.text
