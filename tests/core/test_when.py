"""bot.core.when against what people type that its author did not write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.config import load_config
from bot.core.durations import time_before
from bot.core.errors import ConfigError, Refusal
from bot.core.when import EXAMPLES, cover_span, publish_time, shown_at, snooze_end

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def refused(text: str, now: datetime = NOW, zone: str | None = None) -> str:
    with pytest.raises(Refusal) as caught:
        publish_time(text, now, zone=zone)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300, message
    return message


def test_what_is_read_is_what_was_typed_however_long() -> None:
    """The text was cut to 60 characters before it was read: an ISO time whose offset came
    after a long fraction of a second lost its offset and was read on the workspace's clock,
    five hours off, without a word."""
    typed = "2026-12-07T09:00:00." + "0" * 40 + "+05:00"
    assert datetime.fromisoformat(typed) == datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    try:
        assert publish_time(typed, NOW) == datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    except Refusal as exc:  # refusing is fine too; reading another time is not
        assert "characters" in str(exc), exc
    message = refused("tomorrow 9am " + "x" * 10_000)
    assert "characters" in message and len(message) < 300, message
    message = refused("tomorrow 9am\n" * 2_000)
    assert "characters" in message, message


def test_a_time_the_clock_skips_is_refused_saying_so() -> None:
    """Berlin's clocks go from 02:00 to 03:00 on 2027-03-28: 02:30 never comes there. It was
    read as 03:30 without a word."""
    saturday = datetime(2027, 3, 27, 10, 0, tzinfo=UTC)
    for typed in ("tomorrow 02:30", "2027-03-28 02:30", "sun 2:30am",
                  "2027-03-28T02:30[Europe/Berlin]"):
        message = refused(typed, saturday, "Europe/Berlin")
        assert "02:30 never comes in Europe/Berlin on 2027-03-28" in message, message
        assert "2027-03-28T03:00+02:00" in message, message  # what to write instead
    assert publish_time("tomorrow 03:00", saturday, zone="Europe/Berlin") == \
        datetime(2027, 3, 28, 1, 0, tzinfo=UTC)
    assert publish_time("tomorrow 01:59", saturday, zone="Europe/Berlin") == \
        datetime(2027, 3, 28, 0, 59, tzinfo=UTC)


@pytest.mark.parametrize(("zone", "typed", "now", "gap", "after", "before"), [
    # days ahead: the hint was a bare `03:30`, which is today's 03:30 when typed back (or
    # refused as passed, or as no date in a plan's cell), not the night of the change
    ("Europe/Berlin", "2027-03-28 02:30", datetime(2027, 3, 24, 0, 30, tzinfo=UTC),
     "from 02:00 to 03:00", "2027-03-28T03:00+02:00", "2027-03-28T01:59+01:00"),
    # a 30-minute change
    ("Australia/Lord_Howe", "sun 02:15", datetime(2026, 10, 1, 0, 0, tzinfo=UTC),
     "from 02:00 to 02:30", "2026-10-04T02:30+11:00", "2026-10-04T01:59+10:30"),
    # the southern hemisphere's spring, at midnight: the time just before is the day before
    ("America/Santiago", "tomorrow 00:20", datetime(2026, 9, 5, 12, 0, tzinfo=UTC),
     "from 00:00 to 01:00", "2026-09-06T01:00-03:00", "2026-09-05T23:59-04:00"),
])
def test_a_skipped_time_names_the_gap_and_the_times_either_side_of_it_with_their_date(
        zone: str, typed: str, now: datetime, gap: str, after: str, before: str) -> None:
    message = refused(typed, now, zone)
    assert f"its clocks go forward {gap}" in message, message
    assert f"write {after} just after or {before} just before" in message, message
    for hint in (after, before):  # typed back, each is the moment it says, on that night
        assert publish_time(hint, now, zone=zone) == datetime.fromisoformat(hint)


def test_a_time_the_clock_shows_twice_asks_which() -> None:
    """Berlin's clocks go back from 03:00 to 02:00 on 2026-10-25: 02:30 comes twice, an hour
    apart. The first was taken without a word; the answer asks which, each as an ISO time with
    its offset, and either is taken as typed."""
    saturday = datetime(2026, 10, 24, 10, 0, tzinfo=UTC)
    message = refused("tomorrow 02:30", saturday, "Europe/Berlin")
    assert "02:30 comes twice in Europe/Berlin on 2026-10-25" in message, message
    assert "2026-10-25T02:30+02:00" in message and "2026-10-25T02:30+01:00" in message, message
    assert publish_time("2026-10-25T02:30+02:00", saturday, zone="Europe/Berlin") == \
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert publish_time("2026-10-25T02:30+01:00", saturday, zone="Europe/Berlin") == \
        datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert publish_time("tomorrow 03:00", saturday, zone="Europe/Berlin") == \
        datetime(2026, 10, 25, 2, 0, tzinfo=UTC)
    assert publish_time("tomorrow 02:30", saturday) == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


def test_an_offset_and_a_zone_that_disagree_are_refused() -> None:
    """``2026-12-07T09:00+05:00 Europe/Berlin``: Berlin is at +01:00 that day. The offset was
    taken and the zone dropped without a word, so the answer showed 05:00 Berlin for 09:00."""
    for typed in ("2026-12-07T09:00+05:00 Europe/Berlin", "2026-12-07T09:00+05:00[Europe/Berlin]"):
        message = refused(typed, zone="Europe/Berlin")
        assert "+05:00 is not Europe/Berlin's offset on 2026-12-07 (+01:00)" in message, message
    agreeing = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert publish_time("2026-12-07T09:00+01:00[Europe/Berlin]", NOW) == agreeing
    assert publish_time("2026-12-07T09:00+01:00 Europe/Berlin", NOW) == agreeing
    assert publish_time("2026-12-07T08:00Z[Europe/Berlin]", NOW) == agreeing  # Z: UTC, shown there
    # the workspace's own zone is no zone typed: an offset is taken as typed there
    assert publish_time("2026-12-07T09:00+05:00", NOW, zone="Europe/Berlin") == \
        datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


def test_a_time_is_read_in_any_width_and_without_invisible_marks() -> None:
    """A time pasted from a right-to-left conversation carries direction marks, and one typed
    with an input method's full width has a full-width colon: `tomorrow 9am\\u200f` and
    `１７：３０` were refused as no time, though ids are read in any width (NFKC)."""
    at = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    for typed in ("tomorrow 9am\u200f", "\u2067tomorrow 9am\u2069", "\u200etomorrow\u200b 9am",
                  "ｔｏｍｏｒｒｏｗ ９ａｍ", "２０２６－１２－０２Ｔ０９：００Ｚ",
                  "tomorrow 9\u202fam"):
        assert publish_time(typed, NOW) == at, typed
    assert publish_time("１７：３０", NOW) == datetime(2026, 12, 1, 17, 30, tzinfo=UTC)
    assert publish_time("tomorrow 9 AM", NOW) == at  # as a phone's clock writes it
    message = refused("\u202etomorrow 9am 10")  # no mark reaches the answer
    assert "'tomorrow 9am 10'" in message and "\u202e" not in message, message


@pytest.mark.parametrize("name", ["right/Europe/Berlin", "posix/Europe/Berlin", "localtime",
                                  "posixrules"])
def test_only_a_civil_zone_is_a_zone(name: str, tmp_path: Path) -> None:
    """The zone files beside the IANA names were taken too: `right/Europe/Berlin` (leap
    seconds) reads 09:00 on 2026-12-02 as CEST, so `tomorrow 9am right/Europe/Berlin` went out
    at 07:00 UTC, an hour early; `localtime` is whatever the host's clock is set to. Refused
    in one line, typed or configured, naming the zone meant."""
    message = refused(f"tomorrow 9am {name}")
    assert f"{name!r} is not a time zone" in message, message
    if "/" in name:
        assert "did you mean 'Europe/Berlin'?" in message, message
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces:\n  - {name: console, type: console, timezone: "
                      f"{name}}}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config, env={})
    assert f"{name!r} is not a time zone" in str(info.value), info.value
    assert "\n" not in str(info.value)


def test_a_span_in_words_is_a_span_and_one_too_long_names_the_latest() -> None:
    """`in 2 hours` was answered `'hours' is not a time zone`; `in 5000d` said it was more than
    90 days ahead without the latest time, which the docs promise."""
    assert publish_time("in 2 hours", NOW) == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert publish_time("90 minutes", NOW) == datetime(2026, 12, 1, 11, 30, tzinfo=UTC)
    assert publish_time("in 1 day", NOW) == datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    assert publish_time("in 1.5 hrs", NOW) == datetime(2026, 12, 1, 11, 30, tzinfo=UTC)
    for typed in ("in two hours", "in 2 fortnights"):
        message = refused(typed)
        assert "is not a span: write in 30m, in 2h or in 1d" in message, message
    assert refused("in 2hrs 5") == "'in 2hrs 5' is not a span: 5 has no unit; write in 2h5m"
    message = refused("in 5000d")
    assert "the latest is 2027-03-01 10:00 UTC" in message, message


def test_a_weekday_gone_today_is_next_weeks_even_at_a_time_skipped_today() -> None:
    """`sun 02:30` typed on Berlin's Sunday 2027-03-28 at noon means the next Sunday; today's
    02:30 (which never came: the clocks went forward) was read first and refused."""
    sunday_noon = datetime(2027, 3, 28, 10, 0, tzinfo=UTC)
    assert publish_time("sun 02:30", sunday_noon, zone="Europe/Berlin") == \
        datetime(2027, 4, 4, 0, 30, tzinfo=UTC)
    assert publish_time("sun 13:00", sunday_noon, zone="Europe/Berlin") == \
        datetime(2027, 3, 28, 11, 0, tzinfo=UTC)
    assert publish_time("sun 11:00", sunday_noon, zone="Europe/Berlin") == \
        datetime(2027, 4, 4, 9, 0, tzinfo=UTC)


def test_an_override_span_is_read_on_the_schedules_clock() -> None:
    """``oncall primary cover <when>``: NOW is Tuesday 2026-12-01 11:00 in Berlin (CET)."""
    def span(text: str) -> tuple[str, str]:
        start, end = cover_span(text, NOW, zone="Europe/Berlin")
        return start.isoformat(timespec="minutes"), end.isoformat(timespec="minutes")

    assert span("2h") == ("2026-12-01T10:00+00:00", "2026-12-01T12:00+00:00")
    assert span("until tomorrow 9am") == ("2026-12-01T10:00+00:00", "2026-12-02T08:00+00:00")
    assert span("18:00-22:00") == ("2026-12-01T17:00+00:00", "2026-12-01T21:00+00:00")
    assert span("6pm - 10pm") == span("from 18:00 until 22:00") == span("18:00 to 22:00")
    # a bare end at or before its start is the next day's; a span after `to` counts from it
    assert span("22:00-06:00") == ("2026-12-01T21:00+00:00", "2026-12-02T05:00+00:00")
    assert span("tomorrow 9am to 2h") == ("2026-12-02T08:00+00:00", "2026-12-02T10:00+00:00")
    # the unit as a word, as a scheduled post's `in 2 hours` takes it (was 'not a span'), and
    # PagerDuty's "for 2 hours"
    assert span("2 hours") == span("for 2 hours") == span("For 2h") == span("2h")
    assert span("tomorrow 9am to 2 hours") == span("tomorrow 9am to 2h")
    # `now to 18:00` (was ''now' is not a time') is `until 18:00`
    assert span("now to 18:00") == span("from now until 18:00") == span("until 18:00")
    assert span("now to 3h") == span("3h")
    assert span("2026-12-24T09:00 to 2026-12-26T09:00") == (
        "2026-12-24T08:00+00:00", "2026-12-26T08:00+00:00")
    # an inverted span is read as typed: the caller refuses it, naming both ends
    assert span("tomorrow 12:00 to tomorrow 10:00") == (
        "2026-12-02T11:00+00:00", "2026-12-02T09:00+00:00")
    for text, why in (("", "say when: cover 2h"), ("soon", "'soon' is not a span: write cover"),
                      ("for", "'for' is not a span"), ("2 apples", "'2 apples' is not a span"),
                      ("09:00-10:00", "'09:00' has passed today; write tomorrow 09:00"),
                      ("x" * 200, "characters, no time")):
        with pytest.raises(Refusal, match=why):
            cover_span(text, NOW, zone="Europe/Berlin")


def test_an_end_of_24_00_where_the_clocks_skip_midnight_is_when_the_next_day_begins() -> None:
    """Santiago's clocks go from 00:00 to 01:00 on 2026-09-06: Saturday's 24:00, the next
    day's 00:00, never shows on the clock, and an end typed as 24:00 was refused as a time
    the clock skips. Saturday ends, and Sunday begins, at the jump: 04:00 UTC (01:00 -03)."""
    saturday = datetime(2026, 9, 5, 12, 0, tzinfo=UTC)  # 08:00 in Santiago
    jump = datetime(2026, 9, 6, 4, 0, tzinfo=UTC)
    for typed in ("22:00-24:00", "until 24:00", "sat 20:00 to sat 24:00",
                  "2026-09-05T22:00 to 2026-09-05T24:00"):
        assert cover_span(typed, saturday, zone="America/Santiago")[1] == jump, typed
    # a time the clock skips that is no end of a day is still refused, saying so
    with pytest.raises(Refusal, match="00:20 never comes in America/Santiago"):
        cover_span("22:00 to sun 00:20", saturday, zone="America/Santiago")


def test_24_00_with_seconds_past_it_is_no_end_of_a_day() -> None:
    """ISO 8601's 24:00 is the end of a day, 24:00:00 too; 24:00:30 or 24:00:00.5 is no time.
    end_of_day took whatever followed 24:00 for the offset, so 'until 2026-12-01T24:00:30'
    was read as the next day's 00:00:30 and a snooze or cover ran on past the day's end."""
    assert cover_span("until 2026-12-01T24:00:00", NOW, zone="Europe/Berlin")[1] == datetime(
        2026, 12, 1, 23, 0, tzinfo=UTC)
    for typed in ("2026-12-01T24:00:30", "2026-12-01T24:00:00.5", "2026-12-01T24:00:01Z",
                  "2026-12-01T24:00.5"):
        with pytest.raises(Refusal, match="is not a time"):
            cover_span(f"until {typed}", NOW, zone="Europe/Berlin")
        with pytest.raises(Refusal, match="is not a time"):
            snooze_end(typed, NOW, zone="Europe/Berlin")


def test_a_report_until_of_24_00_is_when_the_next_day_begins_on_the_clock() -> None:
    """report's until=...T24:00 (an end: ``end=True``) is the next day's 00:00 on the
    workspace's clock: where the clocks skip midnight (Santiago, 2026-09-06) the jump, where
    midnight shows twice (Havana, 2026-11-01) the first; as a since it is refused."""
    later = datetime(2026, 12, 1, tzinfo=UTC)
    assert time_before("2026-09-05T24:00", later, name="until", end=True,
                       zone=ZoneInfo("America/Santiago")) == datetime(2026, 9, 6, 4, tzinfo=UTC)
    assert time_before("2026-10-31T24:00", later, name="until", end=True,
                       zone=ZoneInfo("America/Havana")) == datetime(2026, 11, 1, 4, tzinfo=UTC)
    assert time_before("2026-11-22T24:00", later, name="until", end=True) == datetime(
        2026, 11, 23, tzinfo=UTC)
    with pytest.raises(Refusal, match="24:00 ends a day and starts none; write 2026-11-23T00:00"):
        time_before("2026-11-22T24:00", later, name="since")


def test_a_span_of_times_of_day_that_began_today_says_how_to_cover_the_rest() -> None:
    """`cover 22:00-06:00` typed at 23:00: tonight's span began an hour ago. Its start is
    refused as any start passed, but the answer said only to write tomorrow 22:00 (another
    night); it says `cover until 06:00` covers the rest of this one from now."""
    late = datetime(2026, 12, 1, 22, 0, tzinfo=UTC)  # 23:00 in Berlin
    for text, until in (("22:00-06:00", "06:00"), ("22:00 to 06:00", "06:00"),
                        ("10pm-2am", "2am")):
        with pytest.raises(Refusal) as got:
            cover_span(text, late, zone="Europe/Berlin")
        first = text.split("-")[0].split(" to ")[0]
        assert got.value.message == (
            f"{first!r} has passed today; write cover until {until} to cover from now, or "
            f"tomorrow {first} for tomorrow's")
    with pytest.raises(Refusal, match="'21:00' has passed today; write tomorrow 21:00"):
        cover_span("21:00-22:30", late, zone="Europe/Berlin")  # over: nothing to cover now


def test_a_bare_end_is_on_the_clock_of_a_zone_typed_with_the_start() -> None:
    """A New Yorker on Berlin's schedule: `tomorrow 09:00 America/New_York to 17:00` is their
    working day, 14:00 to 22:00 UTC. The end was read on the schedule's clock (17:00 in
    Berlin): a two-hour override; `tomorrow 20:00 America/New_York to 23:00`, 21 hours."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for text, start, end in (
            ("tomorrow 09:00 America/New_York to 17:00", "2026-11-24T14:00", "2026-11-24T22:00"),
            ("tomorrow 20:00 America/New_York to 23:00", "2026-11-25T01:00", "2026-11-25T04:00"),
            ("tomorrow 9am UTC to 5pm", "2026-11-24T09:00", "2026-11-24T17:00"),
            ("2026-11-24T09:00[UTC] to 17:00", "2026-11-24T09:00", "2026-11-24T17:00"),
            ("tomorrow 9am to 5pm", "2026-11-24T08:00", "2026-11-24T16:00")):  # Berlin's
        got = cover_span(text, now, zone="Europe/Berlin")
        assert tuple(t.isoformat(timespec="minutes") for t in got) == (
            start + "+00:00", end + "+00:00"), text


def test_a_span_of_times_of_day_takes_any_dash() -> None:
    """`18:00 – 22:00` as a calendar writes a span (an en dash), `18:00—22:00`: each
    was refused ''18:00–22:00' is not a span: write cover ..., 18:00-22:00 ...', an example
    that looks the same as what was typed."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    for text in ("18:00–22:00", "18:00 – 22:00", "18:00—22:00", "18:00‐22:00", "18:00−22:00"):
        assert cover_span(text, now, zone="Europe/Berlin") == cover_span(
            "18:00-22:00", now, zone="Europe/Berlin"), text
    assert [t.hour for t in cover_span("9pm—5am", now, zone="Europe/Berlin")] == [20, 4]


def test_a_compound_span_is_a_span_from_now() -> None:
    """`in 1h30m`, `in 1 h 30 min`, `2 hours 15 minutes` (as Slack's reminders and PagerDuty's
    snooze take them) were refused as no time; a near miss says what to write."""
    for typed in ("in 1h30m", "1h30m", "in 1 h 30 min", "1 hour and 30 minutes", "in 90 min"):
        assert publish_time(typed, NOW) == datetime(2026, 12, 1, 11, 30, tzinfo=UTC), typed
    assert publish_time("in 2 hours 15 minutes", NOW) == datetime(2026, 12, 1, 12, 15,
                                                                   tzinfo=UTC)
    assert publish_time("1d2h", NOW) == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert refused("in 1h30") == "'in 1h30' is not a span: 30 has no unit; write in 1h30m"
    assert refused("in 1h1h") == "'in 1h1h' is not a span: hours twice; write in 2h"
    assert refused("in 30m1h") == ("'in 30m1h' is not a span: the largest unit goes first; "
                                   "write in 1h30m")
    # `17h30` is how much of Europe writes 17:30: both readings are offered
    assert refused("17h30") == ("'17h30' is not a time: 30 has no unit; write in 17h30m for "
                                "that long from now, or 17:30 for a time of day")
    assert refused("1d30") == "'1d30' is not a time: 30 has no unit; write in 1d30h"
    assert refused("15") == ("'15' is not a time: write 15:00 for a time of day or 15m for "
                             "minutes from now")  # as before


def test_an_override_may_be_a_compound_span() -> None:
    def span(text: str) -> tuple[str, str]:
        start, end = cover_span(text, NOW, zone="Europe/Berlin")
        return start.isoformat(timespec="minutes"), end.isoformat(timespec="minutes")

    ninety = ("2026-12-01T10:00+00:00", "2026-12-01T11:30+00:00")
    assert span("1h30m") == span("1 h 30 min") == span("for 1 hour 30 minutes") == ninety
    assert span("tomorrow 9am to 1h30m") == ("2026-12-02T08:00+00:00", "2026-12-02T09:30+00:00")
    for text, why in (("1h30", "'1h30' is not a span: 30 has no unit; write cover 1h30m"),
                      ("30m1h", "'30m1h' is not a span: the largest unit goes first; write "
                                "cover 1h30m"),
                      ("tomorrow 9am to 1h30", "'1h30': 30 has no unit; write 1h30m")):
        with pytest.raises(Refusal) as got:
            cover_span(text, NOW, zone="Europe/Berlin")
        assert got.value.message == why, text


@pytest.mark.parametrize(("typed", "why"), [
    ("2027-02-29 09:00", "February 2027 has 28 days, no 29 (the last is 2027-02-28)"),
    ("2027-02-29T09:00+01:00", "February 2027 has 28 days, no 29 (the last is 2027-02-28)"),
    ("2027-02-29", "February 2027 has 28 days, no 29 (the last is 2027-02-28)"),
    ("2026-04-31 09:00", "April 2026 has 30 days, no 31 (the last is 2026-04-30)"),
    ("2026-12-32T09:00", "December 2026 has 31 days, no 32 (the last is 2026-12-31)"),
    ("2027-13-01 09:00", "2027-13-01 has no month 13 (write 01 to 12)"),
])
def test_a_day_the_calendar_has_not_is_named_as_such(typed: str, why: str) -> None:
    """A 29th of February in a year that has none was told to "write an ISO date and time",
    which it is (and `2027-02-29` alone to write `2027-02-29T09:00`): the month's last day is
    what to fix. The same for an override's span and a report's since=."""
    assert refused(typed, NOW, "Europe/Berlin") == f"{typed!r} is not a time: {why}"
    with pytest.raises(Refusal) as caught:
        cover_span(f"{typed} to 2027-03-01T09:00", NOW, zone="Europe/Berlin")
    assert str(caught.value) == f"{typed!r} is not a time: {why}"
    if "T" in typed or " " not in typed:
        with pytest.raises(Refusal) as caught:
            time_before(typed, NOW, name="since=")
        assert str(caught.value) == f"since= {typed!r}: {why}"
    # a leap year's 29th, and the month ends that are days, are read
    assert publish_time("2027-02-28 09:00", NOW, zone="Europe/Berlin") == \
        datetime(2027, 2, 28, 8, 0, tzinfo=UTC)
    assert time_before("2024-02-29T00:00", NOW, name="since=") == \
        datetime(2024, 2, 29, tzinfo=UTC)


@pytest.mark.parametrize(("typed", "said"), [
    # a day without a time: 'is not a time: write in 2h, 17:30, ...' named no fault, where a
    # date without one ('2026-12-07') is told it has no time of day
    ("monday", "'monday' has no time of day; write monday 9am (or another time)"),
    ("tomorrow", "'tomorrow' has no time of day; write tomorrow 9am (or another time)"),
    ("Fri Europe/Berlin", "'Fri Europe/Berlin' has no time of day; write Fri 9am Europe/Berlin "
                          "(or another time)"),
    # 'next monday' is the coming one to some and the one after to others: both named, dated
    # on the clock it is read on (NOW is Tuesday 2026-12-01)
    ("next monday 9am", "'next monday 9am': next is read two ways; write monday 9am for the "
                        "coming Monday (2026-12-07) or 2026-12-14T09:00 for the one after"),
    ("next Mon", "'next Mon': next is read two ways; write monday 9am for the coming Monday "
                 "(2026-12-07) or 2026-12-14T09:00 for the one after"),
    ("next tuesday 17:30", "'next tuesday 17:30': next is read two ways; write tuesday 17:30 "
                           "for the coming Tuesday (2026-12-01) or 2026-12-08T17:30 for the "
                           "one after"),
])
def test_a_day_without_a_time_or_after_next_says_what_to_write(typed: str, said: str) -> None:
    with pytest.raises(Refusal) as refused:
        publish_time(typed, NOW, zone="Europe/Berlin")
    assert refused.value.message == said


@pytest.mark.parametrize(("zone", "said"), [
    # 2026-11-23 09:00 UTC: 10:00 that day in Berlin, 23:00 that day at +14, 22:00 the day
    # before at -11: "yesterday" is another date on each clock, and the date is what to write
    ("Europe/Berlin", "since 'yesterday': write its date, since=2026-11-22 (from its midnight "
                      "on Europe/Berlin's clock; add until=2026-11-23 for that day alone)"),
    ("Pacific/Kiritimati", "since 'yesterday': write its date, since=2026-11-22 (from its "
                           "midnight on Pacific/Kiritimati's clock; add until=2026-11-23 for "
                           "that day alone)"),
    ("Pacific/Pago_Pago", "since 'yesterday': write its date, since=2026-11-21 (from its "
                          "midnight on Pacific/Pago_Pago's clock; add until=2026-11-22 for "
                          "that day alone)"),
    (None, "since 'yesterday': write its date, since=2026-11-22 (from its midnight on UTC's "
           "clock; add until=2026-11-23 for that day alone)"),
])
def test_yesterday_for_a_report_is_answered_with_its_date_on_the_clock(
        zone: str | None, said: str) -> None:
    """`report since=yesterday` was told 'use an ISO time (2026-11-20T09:00) or a duration':
    which date is yesterday depends on the clock, and at +14 or -11 it is not UTC's."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with pytest.raises(Refusal) as refused:
        time_before("Yesterday", now, name="since", zone=ZoneInfo(zone) if zone else None,
                    until="until")
    assert refused.value.message == said.replace("'yesterday'", "'Yesterday'")
    with pytest.raises(Refusal) as refused:
        time_before("today", now, name="--since", zone=ZoneInfo("Pacific/Pago_Pago"))
    assert refused.value.message == ("--since 'today': write its date, --since 2026-11-22 "
                                     "(from its midnight on Pacific/Pago_Pago's clock)")


def test_yesterday_names_until_only_where_there_is_one() -> None:
    """`socialops audit --since yesterday` (and the delivery report's --since) was told to
    'add --until 2026-11-23 for that day alone': neither has an --until. The report's window
    has one, and names it."""
    from handlers.ticket_report import window

    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with pytest.raises(Refusal) as refused:
        time_before("yesterday", now, name="--since")
    assert refused.value.message == ("--since 'yesterday': write its date, --since 2026-11-22 "
                                     "(from its midnight on UTC's clock)")
    with pytest.raises(Refusal) as refused:
        window("yesterday", None, now, names=("--since", "--until"))
    assert refused.value.message == ("--since 'yesterday': write its date, --since 2026-11-22 "
                                     "(from its midnight on UTC's clock; add --until "
                                     "2026-11-23 for that day alone)")


def test_a_past_time_the_clock_skipped_or_showed_twice_is_said_to_be_past() -> None:
    """02:30 on 2026-03-29 never came in Berlin, and that night is eight months gone: it was
    answered with the times either side of the gap to write instead, each refused in turn as
    past. The night of the clocks going back, likewise. A past time is said to be past."""
    for typed in ("2026-03-29 02:30", "2026-03-29T02:30", "2026-10-25 02:30"):
        message = refused(typed, NOW, "Europe/Berlin")
        assert message == (f"{typed!r} is in the past (now is 2026-12-01 10:00 UTC (11:00 "
                           "Europe/Berlin)); give a later time, or `off` to publish as soon "
                           "as it is approved"), message
    with pytest.raises(Refusal) as caught:
        cover_span("2026-03-29T02:30 to 2026-03-29T05:00", NOW, zone="Europe/Berlin")
    assert str(caught.value) == ("'2026-03-29T02:30' is in the past (now is 2026-12-01 10:00 "
                                 "UTC (11:00 Europe/Berlin)); give a later time"), caught.value
    with pytest.raises(Refusal) as caught:
        cover_span("until 2026-03-29T02:30", NOW, zone="Europe/Berlin")
    assert "is in the past" in str(caught.value), caught.value
    message = refused("2027-03-28 02:30", datetime(2027, 3, 27, 10, 0, tzinfo=UTC),
                      "Europe/Berlin")  # still to come: the gap, as before
    assert "02:30 never comes in Europe/Berlin on 2027-03-28" in message, message


def test_a_misspelt_day_is_answered_with_the_word_meant() -> None:
    """'tomorow 9am' and 'mondy 9am' were told the word is not today, tomorrow or a weekday,
    and the examples: the typo itself never corrected. The nearest word is offered."""
    for typed, meant in (("tomorow 9am", "tomorrow 9am"), ("mondy 9am", "monday 9am"),
                         ("thrusday 17:00", "thursday 17:00"), ("tody 17:30", "today 17:30")):
        message = refused(typed)
        assert message == (f"{typed!r} is not a time: did you mean {meant}? ({EXAMPLES})"), \
            message
    message = refused("yesterday 9am")  # no near word: as before
    assert message == f"'yesterday 9am' is not a time: 'yesterday' is not today, tomorrow or " \
                      f"a weekday ({EXAMPLES})", message
    with pytest.raises(Refusal) as caught:
        cover_span("tomorow 9am to 10am", NOW, zone="Europe/Berlin")
    assert "did you mean tomorrow 9am?" in str(caught.value), caught.value


@pytest.mark.parametrize("text", ["9999-12-31T09:00 to 9999-12-31T10:00",
                                  "until 9999-12-31T09:00", "1900-01-01T09:00 to 10:00"])
def test_a_cover_in_a_year_out_of_reach_is_not_called_a_post(text: str) -> None:
    """An override typed for the year 9999 (or 1900) was refused as "not a time a post can be
    scheduled at": the words of a scheduled post's check, for an on-call cover."""
    with pytest.raises(Refusal) as exc:
        cover_span(text, NOW, zone="Europe/Berlin")
    assert "post" not in exc.value.message and "1970 to 9000" in exc.value.message, \
        exc.value.message


@pytest.mark.parametrize("zone", ["Etc/UTC", "GMT", "Etc/GMT", "Zulu", "Etc/Universal", "UCT",
                                  "Etc/GMT+0", "GMT-0", "Greenwich", "UTC", None])
def test_a_time_on_utcs_clock_under_another_name_is_said_once(zone: str | None) -> None:
    """A workspace with `timezone: Etc/UTC` (what a server's /etc/timezone says) was told
    '2026-12-07 08:00 UTC (08:00 Etc/UTC)': the same time twice, on a card's snooze, in the
    `tickets` line and a scheduled post's time. UTC under any of its names says it once."""
    at = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert shown_at(at, zone) == "2026-12-07 08:00 UTC"


def test_a_zone_on_utcs_clock_part_of_the_year_is_said_and_across_its_change() -> None:
    """Europe/London is UTC's clock in winter, but the workspace's: said, in winter too; on
    the day its clocks go forward, the same wall-clock reading changes by an hour."""
    assert shown_at(datetime(2026, 12, 7, 8, 0, tzinfo=UTC), "Europe/London") == \
        "2026-12-07 08:00 UTC (08:00 Europe/London)"
    assert shown_at(datetime(2027, 3, 28, 0, 30, tzinfo=UTC), "Europe/London") == \
        "2027-03-28 00:30 UTC (00:30 Europe/London)"
    assert shown_at(datetime(2027, 3, 28, 1, 30, tzinfo=UTC), "Europe/London") == \
        "2027-03-28 01:30 UTC (02:30 Europe/London)"
    assert shown_at(datetime(2027, 3, 27, 23, 30, tzinfo=UTC), "Europe/Berlin") == \
        "2027-03-27 23:30 UTC (2027-03-28 00:30 Europe/Berlin)"


def test_a_refused_time_is_quoted_between_characters() -> None:
    """What was typed was cut at 60 (a day word at 20) by code points before it was quoted:
    a flag across the cut was shown as half a flag, another one, with "..." only where the
    text was too long to read. Now whole characters and "…" after the quote when cut."""
    flag = "\U0001F1E9\U0001F1EA"
    with pytest.raises(Refusal) as caught:
        publish_time("x" * 59 + flag + "y" * 30, NOW)
    assert caught.value.message.startswith("'" + "x" * 59 + "'… is 91 characters"), \
        caught.value.message
    with pytest.raises(Refusal) as caught:
        publish_time("d" * 19 + flag + " 9am", NOW)
    assert "'" + "d" * 19 + "'… is not today" in caught.value.message, caught.value.message


@pytest.mark.parametrize("name", ["Asia", "Europe", "America/" + "A" * 300, "A" * 5000])
def test_a_zone_folder_or_a_name_too_long_for_a_file_is_no_zone(name: str,
                                                               tmp_path: Path) -> None:
    """zoneinfo opens the file the name leads to: `Asia` (a folder of the zone database) raised
    IsADirectoryError and a name past the file system's limit 'File name too long' (OSError,
    not the ValueError a wrong name raises), so `timezone: Asia` made check and run print a
    traceback, and a time typed with it failed. Refused in one line, as any wrong name."""
    if len(name) < 20:
        message = refused(f"tomorrow 9am {name}")
        assert f"{name!r} is not a time zone" in message, message
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces:\n  - {name: console, type: console, timezone: "
                      f"{name}}}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(config, env={})
    assert "is not a time zone" in str(info.value), info.value
    assert "\n" not in str(info.value) and len(str(info.value)) < 300, info.value


@pytest.mark.parametrize(("at", "zone"), [
    (datetime(9999, 12, 31, 23, 30, tzinfo=UTC), "Asia/Kolkata"),  # year 10000 there
    (datetime(1, 1, 1, 0, 30, tzinfo=UTC), "America/New_York"),     # year 0 there
])
def test_a_time_no_date_holds_on_the_zones_clock_is_said_in_utc_alone(
        at: datetime, zone: str) -> None:
    """A time at the calendar's end (a stored instant a network or a file sent) raised
    OverflowError from astimezone: a traceback for an answer; now UTC alone."""
    assert shown_at(at, zone) == f"{at:%Y-%m-%d %H:%M} UTC"


@pytest.mark.parametrize(("dashed", "to"), [
    ("sat 22:00-24:00 America/New_York", "sat 22:00 to 24:00 America/New_York"),
    ("tue 22:00-02:00 America/New_York", "tue 22:00 to 02:00 America/New_York"),
    ("2026-12-24 9am-5pm Asia/Tokyo", "2026-12-24 9am to 5pm Asia/Tokyo"),
])
def test_one_zone_after_a_span_is_the_whole_span_s_with_a_dash_or_to(dashed: str,
                                                                     to: str) -> None:
    """A zone typed once, after the span, is the span's clock, whichever joins its times:
    'sat 22:00-24:00 America/New_York' was 22:00 to 24:00 in New York (2 h), but 'sat 22:00 to
    24:00 America/New_York' 22:00 in Berlin to New York's midnight (8 h: ed21f34), an override
    of six hours more than anyone typed."""
    saturday_night = cover_span(dashed, NOW, zone="Europe/Berlin")
    assert cover_span(to, NOW, zone="Europe/Berlin") == saturday_night
    zone = ZoneInfo(dashed.rsplit(maxsplit=1)[-1])
    assert saturday_night[0].astimezone(zone).strftime("%H") in ("22", "09")
    # a zone of its own on each half is each one's: the end on its own clock
    own = cover_span("sat 22:00 Europe/Berlin to 24:00 America/New_York", NOW,
                     zone="Europe/Berlin")
    assert own[1] - own[0] == timedelta(hours=8)


def test_a_date_before_a_twelve_hour_time_is_read() -> None:
    """docs/workflows.md's `cover 2026-12-24 9am-5pm` (ed21f34) was refused: '2026-12-24 9am'
    is not a time (a date was read only before a 24-hour time), so was `2026-12-24 9am to
    5pm`; a date before 9am is that day's 09:00, as before 09:00."""
    nine_to_five = (datetime(2026, 12, 24, 8, 0, tzinfo=UTC), datetime(2026, 12, 24, 16, 0,
                                                                       tzinfo=UTC))
    for typed in ("2026-12-24 9am-5pm", "2026-12-24 9 am - 5 pm", "2026-12-24 9am to 5pm",
                  "2026-12-24 09:00-17:00"):
        assert cover_span(typed, NOW, zone="Europe/Berlin") == nine_to_five, typed
    assert cover_span("2026-12-24 12am to 12pm", NOW, zone="UTC") == (
        datetime(2026, 12, 24, 0, 0, tzinfo=UTC), datetime(2026, 12, 24, 12, 0, tzinfo=UTC))


@pytest.mark.parametrize(("typed", "start", "end"), [
    # an end on the next day, a day or a date with it: 12a6c0f read the zone as the end's alone
    ("sat 22:00 to sun 02:00 America/New_York", "2026-10-25 02:00", "2026-10-25 06:00"),
    ("sat 10pm to sun 2am America/New_York", "2026-10-25 02:00", "2026-10-25 06:00"),
    ("sat 22:00 to sun at 02:00 America/New_York", "2026-10-25 02:00", "2026-10-25 06:00"),
    ("2026-12-05 22:00 to 2026-12-06 02:00 America/New_York", "2026-12-06 03:00",
     "2026-12-06 07:00"),
    # the end on the day New York's clocks go back (an hour more on the clock, not Berlin's)
    ("2026-10-31 22:00 to 2026-11-01 03:00 America/New_York", "2026-11-01 02:00",
     "2026-11-01 08:00"),
])
def test_one_zone_after_an_end_with_its_day_is_the_whole_span_s(typed: str, start: str,
                                                                 end: str) -> None:
    """'sat 22:00 to sun 02:00 America/New_York' was 22:00 in Berlin to 02:00 in New York,
    10 hours, where the same line with a bare end ('sat 22:00 to 02:00 America/New_York') is
    New York's 4: a zone typed once, after the end, is the span's clock whatever the end
    names with its time. A start with a zone of its own keeps it."""
    now = datetime(2026, 10, 20, 10, 0, tzinfo=UTC)
    got = cover_span(typed, now, zone="Europe/Berlin")
    assert [f"{t.astimezone(UTC):%Y-%m-%d %H:%M}" for t in got] == [start, end]
    own = cover_span("sat 22:00 Europe/Berlin to sun 02:00 America/New_York", NOW,
                     zone="Europe/Berlin")
    assert own[1] - own[0] == timedelta(hours=10)
    assert cover_span("now to sun 02:00 America/New_York", NOW, zone="Europe/Berlin")[0] == NOW


@pytest.mark.parametrize(("typed", "said"), [
    ("sat 22:00-24:00 New_York", "'New_York' is not a time zone; did you mean "
                                 "'America/New_York'?"),
    ("sat 22:00 to 24:00 New_York", "'New_York' is not a time zone; did you mean "
                                    "'America/New_York'?"),
    ("22:00-24:00 Kolkata", "'Kolkata' is not a time zone; did you mean 'Asia/Kolkata'?"),
    ("sat 22:00 to sun 02:00 Los_Angeles", "'Los_Angeles' is not a time zone; did you mean "
                                           "'America/Los_Angeles'?"),
])
def test_a_city_alone_after_a_span_is_said_to_be_no_zone_naming_its_own(typed: str,
                                                                         said: str) -> None:
    """'cover sat 22:00-24:00 New_York' was "'sat 22:00 New_York' is not a time": a word
    with an underscore was not taken for a zone, and a city alone was answered with an
    example, not the zone it names (IANA's, written with its region)."""
    with pytest.raises(Refusal) as refused:
        cover_span(typed, NOW, zone="Europe/Berlin")
    assert str(refused.value) == said


@pytest.mark.parametrize(("typed", "meant"), [
    ("5 minuets", "5 minutes? (write 5m"), ("in 5 minuets", "5 minutes?"),
    ("3 dyas", "3 days? (write 3d"), ("2 horus", "2 hours? (write 2h"),
])
def test_a_misspelt_unit_is_said_as_one_not_as_a_time_zone(typed: str, meant: str) -> None:
    """`--at "5 minuets"` answered "'minuets' is not a time zone" (a newcomer's find,
    2026-12-05): a number and a word is a span whose unit is misspelt."""
    now = datetime(2026, 12, 5, 12, tzinfo=UTC)
    with pytest.raises(Refusal, match="is no unit of time; did you mean") as caught:
        publish_time(typed, now)
    assert meant in str(caught.value)
    # a zone after a bare number is still read as one, and a real unit as a span
    with pytest.raises(Refusal, match="not a time zone"):
        publish_time("5 Berlin", now)
    assert publish_time("5 minutes", now) == now + timedelta(minutes=5)
