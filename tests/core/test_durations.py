"""Durations typed in chat and on the command line (``bot.core.durations.parse_duration``):
compound ones as PagerDuty's snooze and Slack's reminders take them (``1h30m``, ``1 h 30 min``,
``2 hours 15 minutes``), largest unit first, each unit once; a near miss is refused saying
what to write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.commands import CommandError, parse_command, parse_span
from bot.core.durations import Unclear, named_zone, parse_duration, seconds, time_before
from bot.core.errors import Refusal

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("typed", "span"), [
    ("1h30m", timedelta(minutes=90)), ("1d2h", timedelta(hours=26)),
    ("1 h 30 min", timedelta(minutes=90)), ("2 hours 15 minutes", timedelta(minutes=135)),
    ("1 hour and 30 minutes", timedelta(minutes=90)), ("1h, 30m", timedelta(minutes=90)),
    ("1H30M", timedelta(minutes=90)), ("1w2d", timedelta(days=9)),
    ("2m30s", timedelta(seconds=150)), ("1h7.5m", timedelta(minutes=67, seconds=30)),
    ("１ｈ３０ｍ", timedelta(minutes=90)),  # an input method's full width
    # the single-unit forms, as before
    ("90", timedelta(minutes=90)), ("90 min", timedelta(minutes=90)),
    ("1.5h", timedelta(minutes=90)), ("2 hours", timedelta(hours=2)),
    ("１５", timedelta(minutes=15)),
])
def test_a_compound_duration_is_read(typed: str, span: timedelta) -> None:
    assert parse_duration(typed) == span


@pytest.mark.parametrize(("typed", "why"), [
    ("1h1h", "'1h1h': hours twice; write 2h"),
    ("1 hour 2 hours", "'1 hour 2 hours': hours twice; write 3h"),
    ("30m1h", "'30m1h': the largest unit goes first; write 1h30m"),
    ("1h30", "'1h30': 30 has no unit; write 1h30m"),
    ("2 hrs 5", "'2 hrs 5': 5 has no unit; write 2h5m"),
    ("1.5h30m", "'1.5h30m': only the last part takes a fraction; write 2h"),
])
def test_a_near_miss_says_what_to_write(typed: str, why: str) -> None:
    with pytest.raises(Unclear) as refused:
        parse_duration(typed)
    assert refused.value.message == why


@pytest.mark.parametrize("typed", ["soon", "1h and", "h30m", "1 30m", "-1h30m", "in 2h", "1.5.5h"])
def test_what_is_no_duration_is_refused_as_before(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        parse_duration(typed)
    assert not isinstance(refused.value, Unclear)
    assert refused.value.message == f"bad duration {typed!r}: use e.g. 30m, 2h or 1d"


def test_snooze_and_mute_take_a_compound_duration() -> None:
    assert parse_command("snooze T-1 1h30m").args == ("T-1", "1h30m")
    assert parse_command("snooze T-1 1 h 30 min").args == ("T-1", "1 h 30 min")
    assert parse_span("1 h 30 min") == timedelta(minutes=90)
    assert parse_command("mute S-1 2 hours 15 minutes too loud").args == (
        "S-1", "2 hours 15 minutes", "too loud")
    assert parse_command("mute support 1h30m").args == ("support", "1h30m")
    # a reason after the span is kept as typed, a number in it too
    assert parse_command("mute S-1 30 5 people complained").args == (
        "S-1", "30", "5 people complained")
    assert parse_command('mute S-1 2h "5 people complained"').args == (
        "S-1", "2h", "5 people complained")


@pytest.mark.parametrize(("line", "reason"), [
    ("snooze T-1 1h1h", "bad duration '1h1h': hours twice; write 2h; `off` ends a snooze"),
    ("snooze T-1 30m1h", "bad duration '30m1h': the largest unit goes first; write 1h30m; "
                         "`off` ends a snooze"),
    ("snooze T-1 1h30", "bad duration '1h30': 30 has no unit; write 1h30m; `off` ends a snooze"),
    ("snooze T-1 1 h 30", "bad duration '1 h 30': 30 has no unit; write 1h30m; `off` ends a "
                          "snooze"),
    ("mute S-1 1h30", "bad duration '1h30': 30 has no unit; write 1h30m"),
    ("snooze T-1 0h0m", "'0h0m' is no time at all"),
    ("mute S-1 3660d1h", "'3660d1h' is too long: the longest is 3660d (ten years)"),
    ("snooze T-1 1h later", "snooze takes an id and one duration, or off"),
])
def test_a_compound_near_miss_in_a_command_says_what_to_write(line: str, reason: str) -> None:
    with pytest.raises(CommandError) as info:
        parse_command(line)
    assert info.value.reason.startswith(reason), info.value.reason
    assert "\n" not in info.value.reason


@pytest.mark.parametrize(("line", "said"), [
    ("mute S-1 1 h 30 spam", "'1 h 30': 30 has no unit; write 1h30m, or 1 h then the reason "
                             "in quotes: \"30 spam\""),
    ("mute S-1 2h 5 people complained", "'2h 5': 5 has no unit; write 2h5m, or 2h then the "
                                        "reason in quotes: \"5 people complained\""),
    ("mute support 2 hours 15 too loud", "'2 hours 15': 15 has no unit; write 2h15m, or 2 hours "
                                         "then the reason in quotes: \"15 too loud\""),
    ("mute S-1 1h\n30 spam", "'1h 30': 30 has no unit; write 1h30m"),
    ("reply T-3 at=1h 30 thanks for waiting", "at=1h 30: 30 has no unit; write at=1h30m, or "
                                              "at=\"1h\" then the text"),
    ("draft mastodon main at=2h 5 things we fixed", "at=2h 5: 5 has no unit; write at=2h5m, or "
                                                    "at=\"2h\" then the text"),
    ("reply T-3 at=1h 30m thanks", "at=1h 30m: a time of several words goes in quotes: "
                                   "at=\"1h 30m\", or at=\"1h\" then the text"),
])
def test_a_bare_number_after_a_duration_and_before_free_text_is_refused(line: str,
                                                                        said: str) -> None:
    """`mute S-1 1 h 30 spam` muted for an hour with the reason "30 spam"; `reply T-3 at=1h 30m
    thanks` published "30m thanks" in an hour. The number is the duration's last part written
    without its unit, or the text's first word: which, cannot be told."""
    with pytest.raises(CommandError) as info:
        parse_command(line)
    assert info.value.reason.startswith(said), info.value.reason
    assert "\n" not in info.value.reason


@pytest.mark.parametrize(("line", "reason"), [
    ("mute S-1 2h 500 duplicates", "500 duplicates"), ("mute S-1 1h 90 bots", "90 bots"),
    ("mute S-1 1d 30 reports", "30 reports"), ("mute S-1 1w 12 bots", "12 bots"),
    ("mute S-1 90s 3 retries", "3 retries"), ("mute S-1 30m 75 alerts", "75 alerts"),
    # after minutes, a bare number would be seconds, which chat never reads it as
    ("mute S-1 30m 45 spam", "45 spam"), ("mute S-1 1h30m 30 spam", "30 spam"),
])
def test_a_number_no_count_of_the_next_unit_begins_the_reason(line: str, reason: str) -> None:
    """`mute S-1 2h 500 duplicates` was refused saying to write 2h500m, `1d 30 reports` 1d30h,
    `90s 3 retries` 90s3ms: no one writes those, so the number is the reason's first word."""
    assert parse_command(line).args[2] == reason


def test_a_time_then_a_number_no_count_of_its_next_unit_is_the_text() -> None:
    said = parse_command("reply T-3 at=1d 30 days refund window")
    assert (said.options, said.args) == ({"at": "1d"}, ("T-3", "30 days refund window"))


def test_what_the_refusal_says_to_write_is_read() -> None:
    assert parse_command("mute S-1 1h30m spam").args == ("S-1", "1h30m", "spam")
    assert parse_command('mute S-1 1 h "30 spam"').args == ("S-1", "1 h", "30 spam")
    assert parse_command("mute S-1 1h \u201c30 spam\u201d").args == ("S-1", "1h", "30 spam")
    # quotes inside a reason, or only at one end, are kept as typed
    assert parse_command('mute S-1 1h "loud" said bob').args == ("S-1", "1h", '"loud" said bob')
    # two quoted words are not one pair around the reason: 'spam" from "bots' it was
    assert parse_command('mute S-1 1h "spam" from "bots"').args == (
        "S-1", "1h", '"spam" from "bots"')
    assert parse_command("mute S-1 1h \u201cspam\u201d from \u201cbots\u201d").args[2] == (
        "\u201cspam\u201d from \u201cbots\u201d")
    assert parse_command("reply T-3 at=1h30m thanks").options == {"at": "1h30m"}
    said = parse_command('reply T-3 at="1h" 30 minutes of downtime, sorry')
    assert (said.options, said.args) == ({"at": "1h"}, ("T-3", "30 minutes of downtime, sorry"))
    # a bare number's span (minutes), then a number: no unit was left out
    assert parse_command("mute S-1 30 5 people complained").args == (
        "S-1", "30", "5 people complained")
    assert parse_command("mute S-1 2h spam 5 times").args == ("S-1", "2h", "spam 5 times")


def test_a_report_start_may_be_compound() -> None:
    assert time_before("1d12h", NOW, name="since=") == NOW - timedelta(hours=36)
    with pytest.raises(Refusal) as refused:
        time_before("1h30", NOW, name="since=")
    assert refused.value.message == "since= '1h30': 30 has no unit; write 1h30m"


def test_a_near_miss_too_long_is_said_to_be_too_long() -> None:
    """`1h3000...0`: the fix would have repeated the thousands of digits. (A snooze's is
    left to the snooze, which says its own 90 days: tests/e2e/test_snooze_until.py.)"""
    typed = "1h3" + "0" * 3000
    with pytest.raises(CommandError) as info:
        parse_command(f"mute S-1 {typed}")
    assert info.value.reason.startswith(f"{typed[:20]!r}… is too long: the longest is 3660d")
    assert parse_command(f"snooze T-1 {typed}").args == ("T-1", typed)


@pytest.mark.parametrize(("written", "total"), [
    ("1h30m", 5400.0), ("1 h 30 min", 5400.0), ("2 hours 15 minutes", 8100.0),
    ("1d2h", 93600.0), ("1w2d", 777600.0), ("2m30s", 150.0), ("1H30M", 5400.0),
    ("１ｈ３０ｍ", 5400.0), ("5min", 300.0),
    # the single-unit forms, as before: a bare number is seconds here
    ("90", 90.0), ("90s", 90.0), ("1.5h", 5400.0), (" 5m ", 300.0), (90, 90.0),
])
def test_the_config_and_rules_read_the_compound_forms_chat_reads(written: object,
                                                                 total: float) -> None:
    """`interval: 1h30m` was refused in socialops.yaml and the rules file while chat took it."""
    assert seconds(written) == total


@pytest.mark.parametrize(("written", "said"), [
    ("1h30", "'1h30': 30 has no unit; write 1h30m"),
    ("30m1h", "'30m1h': the largest unit goes first; write 1h30m"),
    ("1h1h", "'1h1h': hours twice; write 2h"),
    ("1.5h30m", "'1.5h30m': only the last part takes a fraction; write 2h"),
    ("-1h30m", "'-1h30m' is negative: a duration is 0 or more, such as 30s, 5m, 1h or 1d"),
    ("3660d1h", "'3660d1h' is longer than ten years"),
    ("5 minuets", "'5 minuets' is not a duration; write 5m"),
    ("P1W", "'P1W' is an ISO 8601 duration; write 7d"),
    ("pt1h30m", "'pt1h30m' is an ISO 8601 duration; write 1h30m"),
    ("P1M", "'P1M' is not a duration: write years and months as days, e.g. 365d or 30d"),
    ("PT", "'PT' is not a duration: expected a duration such as 30s, 5m, 1h or 1d"),
    ("0:45", "'0:45' is not a duration: write 45m (hours and minutes) or 45s (minutes and "
             "seconds)"),
    ("soon", "'soon' is not a duration: expected a duration such as 30s, 5m, 1h or 1d"),
    # a decimal comma, as much of Europe writes 1.5: told only what a duration looks like
    ("1,5h", "'1,5h': a comma is no decimal point; write 1.5h"),
    ("2,5 Hours", "'2,5 Hours': a comma is no decimal point; write 2.5 hours"),
    # three digits after the comma may be a thousands separator, as English writes 1,000:
    # 1.000s alone offered a second for a thousand
    ("1,000s", "'1,000s': a comma is no decimal point nor a thousands separator; write 1000s "
               "or 1.000s"),
    ("1,500 ms", "'1,500 ms': a comma is no decimal point nor a thousands separator; write "
                 "1500 ms or 1.500 ms"),
])
def test_a_config_near_miss_gets_the_hint_chat_gives(written: str, said: str) -> None:
    with pytest.raises(ValueError) as refused:
        seconds(written)
    assert str(refused.value) == said


def test_a_decimal_comma_in_chat_is_answered_as_in_the_config() -> None:
    """'snooze T-3 1,5h' was 'bad duration: use e.g. 30m, 2h or 1d', the comma never named."""
    with pytest.raises(CommandError) as refused:
        parse_command("snooze T-3 1,5h")
    assert str(refused.value).splitlines()[0] == (
        "bad duration '1,5h': a comma is no decimal point; write 1.5h; `off` ends a snooze")


@pytest.mark.parametrize("typed", ["\u1369h", "1h\u1369", "\u1369"])
def test_a_digit_float_cannot_read_is_no_duration(typed: str) -> None:
    """Ethiopic "፩" (and 200-odd others: ``str.isdigit`` is true of them, no normalisation
    makes them 0-9, and ``float()`` refuses them) was taken for a number and ``float()`` raised
    a ValueError: a traceback at `snooze T-1 ፩h`, `snooze T-1 until in ፩h` and `oncall ...
    cover ፩h`. Refused in one line as no duration, as "xh" is."""
    with pytest.raises(Refusal) as exc:
        parse_duration(typed)
    assert "\n" not in str(exc.value)
    with pytest.raises(CommandError):
        parse_command(f"snooze T-1 {typed}")


@pytest.mark.parametrize(("typed", "span"), [
    ("\u0663h", timedelta(hours=3)), ("\u0967\u0966m", timedelta(minutes=10)),
    ("\u00b2h", timedelta(hours=2)), ("\u2460h", timedelta(hours=1)),
])
def test_a_decimal_digit_of_any_script_is_read(typed: str, span: timedelta) -> None:
    """Arabic-Indic and Devanagari digits are digits (as ``int()`` reads them), as are those
    NFKC makes 0-9 ("²", "①"): read as before."""
    assert parse_duration(typed) == span


def test_a_refused_span_or_zone_is_quoted_between_characters() -> None:
    """The span after snooze or mute was cut at 20 code points (a zone's name at 60, a near
    miss at 40) before it was quoted: a flag across the cut was shown as half a flag, with
    nothing saying the rest was left out. Now whole characters, then "…" after the quote."""
    flag = "\U0001F1E9\U0001F1EA"
    with pytest.raises(Refusal) as caught:
        parse_span("x" + flag * 15)
    assert caught.value.message.startswith(f"bad duration 'x{flag * 9}'…: "), \
        caught.value.message
    with pytest.raises(ValueError, match=f"^'{'x' * 59}'… is not a time zone"):
        named_zone("x" * 59 + flag + "y")
    near = "1 hour and 30 minutes and 20 seconds and 5"  # 5 of what?
    with pytest.raises(Unclear) as unclear:
        parse_duration(near)
    assert unclear.value.message.startswith("'1 hour and 30 minutes and 20 seconds and'…: "), \
        unclear.value.message


def test_a_duration_in_arabic_indic_digits_takes_the_arabic_decimal_separator() -> None:
    """Arabic-Indic and Persian digits were read (٣h is 3h) but not the decimal separator an
    Arabic or Persian keyboard types between them (U+066B): '١٫٥h' was a bad duration."""
    assert parse_duration("١٫٥h") == timedelta(minutes=90)
    assert parse_duration("۲٫۵") == timedelta(seconds=150)  # a bare number: minutes
    assert parse_duration("1٫5h") == timedelta(minutes=90)
    assert seconds("٢٫٥m") == 150.0
