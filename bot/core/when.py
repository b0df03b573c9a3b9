"""When a scheduled post goes out, as people type it (``schedule A-3 <when>``, ``draft ...
at=<when>``, ``socialops draft --at <when>``), and how the time is shown back.

Accepted, all read on ``zone``'s wall clock (the workspace's ``timezone:``, else UTC) unless
they carry their own offset or zone:

- a span from now: ``in 2h``, ``2h``, ``90m``, ``1d``, ``in 1h30m``, ``in 1 h 30 min``
  (``bot.core.durations``);
- an ISO date and time: ``2026-12-07T09:00+01:00``, ``2026-12-07T08:00Z``,
  ``2026-12-07T09:00`` or ``2026-12-07 09:00``, optionally followed by a zone:
  ``2026-12-07T09:00[Europe/Berlin]`` or ``2026-12-07 09:00 Europe/Berlin``;
- a time of day, as Hootsuite's and Sprout Social's pickers read: ``17:30``, ``5pm``,
  ``5:30pm`` (today), ``tomorrow 9am``, ``today 17:30``, ``mon 09:00`` / ``monday 09:00``
  (the next Monday; today if that time is still to come), each optionally followed by a zone;
- where a zone is taken, a UTC offset (``+05:30``, ``+5:30``, ``UTC+5:30``, ``GMT-5``,
  ``-5``): a fixed clock; tzdata's POSIX-style names (``EST5EDT``) as the zones they are;
- where the time ends something (an override's end, ``until``, a snooze's end), ISO 8601's
  end of a day as calendars write it, ``24:00`` (``22:00-24:00``, ``fri 24:00``,
  ``2026-12-24T24:00``): the next day's 00:00 on the clock, so a day the clocks change is 23
  or 25 hours long; a start at 24:00 is refused saying which 00:00 to write. A day's 00:00 is
  when the day begins, where the clocks skip midnight (the jump) or show it twice (the first).

Refused in one line saying what to type: a time already past, one more than ``MAX_AHEAD``
ahead, a date without a time, a bare number (``15``: 15 minutes or 15:00?), a zone that is no
IANA name (``zone_hint``'s "did you mean"; a POSIX TZ string's offset said with ISO's sign).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from bot.core.durations import (
    POSIX_TZ,
    UNIT_WORDS,
    TooLong,
    Unclear,
    clock_trouble,
    end_of_day,
    fixed_all_year,
    misspelt_unit,
    named_zone,
    no_such_day,
    parse_duration,
    posix_offset,
)
from bot.core.errors import Refusal
from bot.core.text import quoted_cut

MAX_AHEAD = timedelta(days=90)  # a quarter's campaign; further is a typo (2027 for 2026)
# the longest a time is typed: an ISO time with seconds, an offset and the longest IANA name
# (``America/Argentina/ComodRivadavia``) is 60; longer is no time, and is read whole or not at all
LONGEST = 80
EXAMPLES = "in 2h, 17:30, tomorrow 9am, mon 09:00 or 2026-12-07T09:00+01:00"
_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)
_ISO_ZONE = re.compile(r"^(.+)\[([^\]]+)\]$")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# a day's usual short form that is not its start (tues, thur are): too far for difflib
_SHORT = {"weds": "wednesday"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# words for a time of day, never a zone: noon is 12:00; midnight is refused saying its two
# readings (a day's 00:00 or its 24:00)
_DAY_TIMES = ("noon", "midnight")


# a UTC offset typed where a zone is taken: `+05:30`, `+0530`, `-05` (as ISO 8601 writes
# them), `+5:30`, `-5` (one digit of hours, as people and phones write them), or after UTC or
# GMT, `UTC+5:30`, `GMT-5`, `UTC+05:30` (as calendars and PagerDuty's zone pickers label
# them): read alike, with or without UTC before; east of UTC is +, as ISO 8601 has it
_OFFSET = re.compile(r"^(?:utc|gmt)?([+\-\u2212])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
# what is typed as an offset and is none (`+5:3`, `+5.5`, `UTC+530:00`): refused saying the form
_OFFSET_LIKE = re.compile(r"^(?:utc|gmt)?[+\-\u2212]\d[\d:.,h]*$", re.IGNORECASE)
OFFSETS = "write +05:30, UTC+5:30 or a zone such as Europe/Berlin"


def _fixed(word: str) -> tzinfo | None:
    """The fixed offset ``word`` names (``+05:30``, ``UTC+5:30``), or None when it names none;
    ``Refusal`` for one no clock has (past +14:00 or -12:00, minutes past 59)."""
    m = _OFFSET.match(word)
    if m is None and _OFFSET_LIKE.match(word):
        raise Refusal(f"{quoted_cut(word, 20)} is not a UTC offset: hours, then two digits of "
                      f"minutes ({OFFSETS})")
    if m is None:
        return None
    sign = -1 if m.group(1) in ("-", "\u2212") else 1
    hours, minutes = int(m.group(2)), int(m.group(3) or 0)
    offset = sign * timedelta(hours=hours, minutes=minutes)
    if minutes > 59 or not -timedelta(hours=12) <= offset <= timedelta(hours=14):
        raise Refusal(f"{quoted_cut(word, 20)} is not a UTC offset: offsets run from -12:00 to "
                      f"+14:00 ({OFFSETS})")
    if not offset:
        return UTC
    shown = f"UTC{'-' if sign < 0 else '+'}{hours:02d}:{minutes:02d}"
    return timezone(offset, shown)


def _zone(name: str) -> tzinfo:
    """A zone as typed beside a time: an IANA name, or a UTC offset (a fixed clock, no
    daylight saving)."""
    if (fixed := _fixed(name)) is not None:
        return fixed
    if (why := fixed_all_year(name)) is not None:  # `9am EST` for New York: refused
        raise Refusal(_typed_instead(name, why))
    try:
        return named_zone(name)
    except ValueError as exc:
        raise Refusal(str(exc)) from None


def _typed_instead(name: str, why: str) -> str:
    """``fixed_all_year``'s line for a typed time: for ``Etc/GMT+5`` the offsets to type (a
    config's Etc/GMT-5 is no form a typed time needs)."""
    if not name.startswith("Etc/GMT"):
        return why
    west, hours = name[7] == "+", int(name[8:])
    plain = f"{'-' if west else '+'}{hours:02d}:00"
    other = f"{'+' if west else '-'}{hours:02d}:00"
    return (f"{why.split('; ', maxsplit=1)[0]}: write {plain} for that clock"
            + (f", or {other} for the other side of UTC" if west or hours <= 12 else ""))


def _label(tz: tzinfo) -> str:
    """A zone's name as said back: its IANA key, or ``UTC+05:30``."""
    return tz.key if isinstance(tz, ZoneInfo) else str(tz.tzname(None))


def _looks_like_zone(word: str) -> bool:
    """A trailing word that is meant as a zone: ``UTC``, ``Europe/Berlin``, or any word of
    letters that is no keyword of a time (``Berlin``, ``New_York``: refused with a hint, not
    ignored)."""
    low = word.lower()
    return ("/" in word or low in ("utc", "gmt") or _OFFSET_LIKE.match(word) is not None
            or POSIX_TZ.match(word) is not None or (word.replace("_", "").isalpha()
                and low not in ("am", "pm", "today", "tomorrow", "in", *_DAY_TIMES)
                and _weekday(low) is None))


def _weekday(word: str) -> int | None:
    low = word.lower()
    return next((n for n, day in enumerate(_DAYS) if len(low) >= 3 and day.startswith(low)),
                None)


def _midnight(shown: str, day_word: str | None, now: datetime,
              tz: tzinfo) -> Refusal:
    """``24:00`` typed as a time of day (a calendar's end of the day): the next day's 00:00,
    said as what to write."""
    low = (day_word or "today").lower()
    if low == "today":
        fix = "tomorrow 00:00"
    elif (weekday := _weekday(low)) is not None:
        fix = f"{_DAYS[(weekday + 1) % 7][:3]} 00:00"
    else:
        fix = f"{now.astimezone(tz).date() + timedelta(days=2)}T00:00" if low == "tomorrow" \
            else "the next day's 00:00"
    return Refusal(f"{shown!r} is not a time: midnight is 00:00 of the next day; write {fix}")


def _clock(word: str) -> time | None:
    if word.lower() == "noon":  # `tomorrow at noon`, as Slack's /remind and planners read it
        return time(12, 0)
    m = _CLOCK.match(word)
    if m is None or (m.group(2) is None and m.group(3) is None):
        return None  # "15" alone: minutes or a time of day? refused below
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _wall(day: date, at: time, tz: tzinfo, shown: str) -> datetime:
    """``at`` on ``day`` on ``tz``'s clock; ``00:00`` is when the day begins, one moment even
    where the clocks skip midnight (Santiago's spring: ``sun 00:00 to 24:00`` is Sunday from
    the jump) or show it twice (the first), as ``24:00`` is where the day before ends."""
    if at == time(0):
        return _day_begins(day, tz)
    return _local(datetime.combine(day, at), tz, shown)


def _day_begins(day: date, tz: tzinfo) -> datetime:
    """When ``day`` begins on ``tz``'s clock, in UTC: the moment an end typed as the day
    before's 24:00 names. Its 00:00, or, where the clocks skip midnight (Santiago's spring),
    the jump (fold 0 reads a skipped time on the offset before it); the first 00:00 where
    midnight shows twice."""
    return datetime.combine(day, time(0)).replace(tzinfo=tz, fold=0).astimezone(UTC)


class _NoOneMoment(Refusal):
    """A wall time its clock skips or shows twice, ``shown`` as typed; ``at`` is within an
    hour of it (the later reading), which tells one past (whose gap is no matter: it is past)
    from one to come."""

    def __init__(self, message: str, *, shown: str, at: datetime) -> None:
        super().__init__(message)
        self.shown, self.at = shown, at


def _local(wall: datetime, tz: tzinfo, shown: str) -> datetime:
    """The moment the naive ``wall`` names on ``tz``'s clock. A time its clocks skip (02:30 in
    Berlin the night they go forward) or show twice (the night they go back) is refused saying
    what to write: taken as one of them, it would go out an hour from what was meant."""
    if isinstance(tz, ZoneInfo) and (trouble := clock_trouble(wall, tz)) is not None:
        # the later of its readings: a time shown twice whose second showing is still to
        # come is not past
        raise _NoOneMoment(f"{shown!r}: {trouble}", shown=shown,
                           at=max(wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)
                                  for fold in (0, 1)))
    return wall.replace(tzinfo=tz).astimezone(UTC)


class _FarYear(Refusal):
    """An ISO time in a year outside 1970-9000 (whose arithmetic near year 1 or 9999 would
    overflow): ``later`` when past 9000, which a time ahead of now says as too far ahead."""

    def __init__(self, message: str, *, later: bool) -> None:
        super().__init__(message)
        self.later = later


def _past(exc: _NoOneMoment, now: datetime, local: str | None, otherwise: str) -> Refusal:
    """``exc`` itself for a time still to come; for one past (2026-03-29 02:30 typed in
    December), that it is past: the times either side of its gap are past as well."""
    if exc.at > now:
        return exc
    return Refusal(f"{exc.shown!r} is in the past (now is {shown_at(now, local)}); give a "
                   f"later time{otherwise}")


def publish_time(text: str, now: datetime, *, zone: str | None = None) -> datetime:
    """The moment ``text`` names, in UTC, later than ``now`` and at most ``MAX_AHEAD`` after
    it. ``Refusal`` (one line, saying what to type) otherwise."""
    return _ahead(text, now, zone=zone,
                  otherwise=", or `off` to publish as soon as it is approved")


def snooze_end(text: str, now: datetime, *, zone: str | None = None) -> datetime:
    """The end of ``snooze T-3 until <text>``: the moment ``text`` names, read as
    ``publish_time`` reads a post's time (on ``zone``'s clock, the workspace's), later than
    ``now`` and at most ``MAX_AHEAD`` after it."""
    return _ahead(text, now, zone=zone, otherwise="", end=True)


def _typed(text: str) -> str:
    """``text`` read in any width (an input method's `１７：３０`), without the invisible marks
    a text pasted from a right-to-left conversation carries (`9am\\u200f`), its spaces one."""
    return " ".join("".join(c for c in unicodedata.normalize("NFKC", text)
                            if unicodedata.category(c) != "Cf").split())


# a part of a day, typed where a time goes (`tomorrow morning`), and a time offered for it
_DAY_PARTS = {"morning": "9am", "afternoon": "2pm", "evening": "6pm", "night": "9pm"}


def _ahead(text: str, now: datetime, *, zone: str | None, otherwise: str,
           end: bool = False) -> datetime:
    typed = _typed(text)
    if not typed:
        raise Refusal(f"say when: {EXAMPLES}")
    shown = quoted_cut(typed, 60)  # between characters: never half an emoji, "…" when cut
    if len(typed) > LONGEST:  # read whole or not at all: a cut text may read as another time
        raise Refusal(f"{shown} is {len(typed):,} characters, no time: write {EXAMPLES}")
    if len(words := typed.split()) > 1 and words[-1].lower() in _DAY_PARTS:
        # `tomorrow morning`, whose last word was read as a zone's name before: no time on
        # the clock, so a post would go out at a time nobody typed; one is offered
        day = "today" if words[-2].lower() == "this" else " ".join(words[:-1])
        raise Refusal(f"{shown} names no time on the clock: write {day} "
                      f"{_DAY_PARTS[words[-1].lower()]}, or the time of the "
                      f"{words[-1].lower()} you mean")
    if len(words) > 1 and words[-1].lower() == "ago":
        # a time gone by (`2h ago`), whose last word was read as a zone's name before
        raise Refusal(f"{shown} is in the past: a time ago has gone by; give a time to come "
                      f"(in 2h, tomorrow 9am){otherwise}")
    local = zone if zone and zone != "UTC" else None
    too_far = Refusal(f"{shown} is more than {MAX_AHEAD.days} days ahead; the latest is "
                      f"{shown_at(now + MAX_AHEAD, local)}")
    try:
        at = _moment(typed, now, zone or "UTC", end=end)
    except _NoOneMoment as exc:
        raise _past(exc, now, local, otherwise) from None
    except _FarYear as exc:  # 9999-12-31T09:00: too far as 2200's is, not "no time"
        raise (too_far if exc.later else Refusal(
            f"{shown} is in the past (now is {shown_at(now, local)}); give a later "
            f"time{otherwise}")) from None
    if at <= now:
        raise Refusal(f"{shown} is in the past (it was {shown_at(at, local)}; now is "
                      f"{shown_at(now, local)}); give a later time{otherwise}")
    if at > now + MAX_AHEAD:
        raise too_far
    return at


COVER_EXAMPLES = ("2h, until tomorrow 9am, 18:00-22:00, sat 22:00-sun 02:00 or mon 09:00 to "
                  "17:00")
# any dash: a calendar writes its spans with an en dash (`18:00 – 22:00`), a phone's keyboard
# may turn `-` into another, and the refusal's `18:00-22:00` looks the same as either
_CLOCK_RANGE = re.compile(r"^(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)\s*[-\u2010-\u2015\u2212]\s*"
                          r"(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)$", re.IGNORECASE)
# a day (a weekday, today, tomorrow, a date) before such a span, a zone after it, or both: `tue
# 22:00-24:00`, `2026-12-24 9am-5pm Europe/Berlin`, read as `<day> <start> <zone> to <end>`
_DAY_RANGE = re.compile(r"^(?:(\S+)\s+)?(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)"
                        r"\s*[-\u2010-\u2015\u2212]\s*"
                        r"(\d{1,2}(?::\d{2})?\s*(?:am|pm)?)(?:\s+(\S+))?$", re.IGNORECASE)
_TO = re.compile(r"\s+(?:to|until)\s+", re.IGNORECASE)
# a dashed span whose end names its day (`sat 22:00-sun 02:00`, `wed 08:00 UTC+1 - thu
# 08:00`): the dash before a day word, after a time of day or a zone
_DAYS_DASHED = re.compile(r"^(.*?(?:\d|am|pm|[a-z_]/\S*|utc\S*|gmt\S*))\s*"
                          r"[-\u2010-\u2015\u2212]\s*([a-z]\S*\s+\d.*)$", re.IGNORECASE)


def cover_span(text: str, now: datetime, *, zone: str) -> tuple[datetime, datetime]:
    """The span an on-call override covers, as typed after ``oncall <schedule> cover``, read
    on ``zone``'s wall clock (the schedule's) as ``publish_time`` reads a time: ``2h`` (from
    now), ``until tomorrow 9am`` (from now), ``18:00-22:00``, ``mon 09:00 to 17:00`` or
    ``tue 22:00-24:00`` (a day before a dashed span; an end of ``24:00`` alike in all) (an
    end typed as a bare time of day is on its start's day, or the next one when that is not
    after the start: ``22:00-06:00`` is overnight; on the clock of a zone typed with the start,
    if one is; a span after ``to`` counts from the start).
    Only the reading: whether the span is past, too long or clashes is the caller's to say,
    but for a past time its clock skipped or showed twice, said to be past here."""
    try:
        return _cover_span(text, now, zone=zone)
    except _NoOneMoment as exc:
        raise _past(exc, now, zone if zone != "UTC" else None, "") from None


def _cover_span(text: str, now: datetime, *, zone: str) -> tuple[datetime, datetime]:
    typed = _typed(text)
    if not typed:
        raise Refusal(f"say when: cover {COVER_EXAMPLES}")
    if len(typed) > 2 * LONGEST:
        raise Refusal(f"{quoted_cut(typed, 60)} is {len(typed):,} characters, no time: write "
                      f"cover {COVER_EXAMPLES}")
    if typed.lower().startswith("until "):
        return now, _moment(typed[6:], now, zone, end=True)
    if typed.lower().startswith("from ") and _TO.search(typed) is None:
        typed = typed[5:]  # `from 22:00-24:00`, as `from 22:00 to 24:00` reads
    if (m := _DAYS_DASHED.match(typed)) is not None and _day_word(m.group(2).split()[0]):
        typed = f"{m.group(1)} to {m.group(2)}"  # `sat 22:00-sun 02:00`: as with to
    if (m := _CLOCK_RANGE.match(typed)) is not None:
        halves = [m.group(1), m.group(2)]
    elif (d := _DAY_RANGE.match(typed)) is not None and (d.group(1) is None
                                                          or _day_word(d.group(1))):
        halves = [" ".join(w for w in (d.group(1), d.group(2), d.group(4)) if w), d.group(3)]
    else:
        halves = _one_zone(_TO.split(typed, maxsplit=1))
    if len(halves) == 2:
        first = halves[0].removeprefix("from ").removeprefix("From ")
        if first.strip().lower() == "now":  # `now to 18:00`, as `until 18:00`
            return now, _end(halves[1].strip(), now, now, zone)
        try:
            start = _moment(first, now, zone)
        except Refusal:
            _running(first, halves[1].strip(), now, zone)
            raise
        # `tomorrow 09:00 America/New_York to 17:00`: 17:00 in New York, as the start is
        return start, _end(halves[1].strip(), start, now, _named(first) or zone)
    try:
        relative = _relative(typed)
    except Unclear as exc:  # `cover 1h30`
        raise Refusal(f"{quoted_cut(typed, 60)} is not a span: {exc.why}; write cover "
                      f"{exc.fix}") from None
    if relative is None:
        raise Refusal(_a_day(typed) or f"{quoted_cut(typed, 60)} is not a span: write cover "
                      f"{COVER_EXAMPLES}")
    return now, now + relative


def _one_zone(halves: list[str]) -> list[str]:
    """``sat 22:00 to 24:00 America/New_York``: a zone typed once, after a bare end, is the
    whole span's clock, as after a dashed span (``sat 22:00-24:00 America/New_York``); read
    as the end's alone it made 22:00 in Berlin to New York's midnight, six hours more. So is
    one after an end with its day (``sat 22:00 to sun 02:00 America/New_York``, ``... to
    2026-11-01 03:00 America/New_York``), which keeps it too. A start with a zone of its own
    keeps it, and the end its own; ``now`` is now on any clock."""
    if len(halves) != 2 or _named(halves[0]) is not None \
            or halves[0].strip().lower() in ("now", "from now"):
        return halves
    words = _halves(halves[1].split())
    if len(words) == 2 and (_clock(words[0]) or words[0] == "24:00") \
            and _looks_like_zone(words[1]):
        return [f"{halves[0]} {words[1]}", words[0]]
    if len(words) >= 3 and (_clock(words[-2]) or words[-2] == "24:00") \
            and _looks_like_zone(words[-1]):
        return [f"{halves[0]} {words[-1]}", halves[1]]
    return halves


def _day_word(word: str) -> bool:
    """Whether ``word`` names a day as a span's start may (``tue``, ``tomorrow``,
    ``2026-12-24``), or nearly (``tuseday``: its refusal says the day meant)."""
    low = word.lower()
    return bool(low in ("today", "tomorrow") or low in _SHORT or _weekday(low) is not None
                or _DATE.match(word) or difflib.get_close_matches(
                    low, ("today", "tomorrow", *_DAYS), n=1, cutoff=0.75))


def _a_day(typed: str) -> str | None:
    """A day alone after cover (``tomorrow``, ``friday``, ``2026-12-24``: PagerDuty's "cover
    my shift tomorrow", a sick day), said how to write it whole, midnight to midnight (an end
    at or before its start is the next day's); None for anything else."""
    low = typed.lower()
    if low == "today":
        return (f"{typed!r} is a day, not a span: write cover until tomorrow 00:00 for the rest "
                "of it, or cover until 17:00")
    if low == "tomorrow" or low in _SHORT or _weekday(low) is not None:
        return (f"{typed!r} is a day, not a span: write cover {typed} 00:00 to 00:00 for the "
                f"whole day, or cover {typed} 09:00 to 17:00")
    if _DATE.match(typed) and no_such_day(typed) is None:
        return (f"{typed!r} is a day, not a span: write cover {typed}T00:00 to 00:00 for the "
                f"whole day, or cover {typed}T09:00 to 17:00")
    return None


def _named(shown: str) -> str | None:
    """The zone typed after a time (``... Europe/Berlin``, ``...[Europe/Berlin]``), if one
    is: a bare end after ``to`` is on that clock, not the schedule's."""
    words = _halves(shown.split())
    if not words:
        return None
    if (m := _ISO_ZONE.match(words[-1])) is not None:
        return m.group(2)
    return words[-1] if len(words) > 1 and _looks_like_zone(words[-1]) else None


def _running(first: str, last: str, now: datetime, zone: str) -> None:
    """A span typed by its times of day that began today and runs on (``22:00-06:00`` at
    23:00): refused as any start that has passed, but saying how to cover the rest of it from
    now, not only to write tomorrow's (another night than the one meant)."""
    at = _clock(first.strip()) if len(first.split()) == 1 else None
    if at is None:
        return
    tz = _zone(zone)
    try:
        start = _wall(now.astimezone(tz).date(), at, tz, first)
        end = _end(last, start, now, zone)
    except Refusal:
        return
    if start <= now < end:
        raise Refusal(f"{first.strip()!r} has passed today; write cover until {last} to cover "
                      f"from now, or tomorrow {first.strip()} for tomorrow's")


def _end(shown: str, start: datetime, now: datetime, zone: str) -> datetime:
    """A span's end: a bare time of day, or one with its zone, on its start's day (the next
    one when not after the start; ``24:00``, ISO 8601's end of a day, is the next day's 00:00
    on the clock, so a day the clocks change is 23 or 25 hours), a length from the start, or a
    moment."""
    words = _halves(shown.split())
    if len(words) == 2 and (_clock(words[0]) or words[0] == "24:00") and _looks_like_zone(
            words[1]):  # `to 24:00 America/New_York`: on the start's day on that clock
        zone = words.pop()
    at = _clock(words[0]) if len(words) == 1 else None
    late = len(words) == 1 and words[0] == "24:00"
    if at is None and not late:
        relative = _relative(shown)
        return start + relative if relative is not None else _moment(shown, now, zone,
                                                                     end=True)
    tz = _zone(zone)
    day = start.astimezone(tz).date()
    if late:
        return _day_begins(day + timedelta(days=1), tz)
    assert at is not None
    end = _wall(day, at, tz, shown)
    return end if end > start else _wall(day + timedelta(days=1), at, tz, shown)


def _moment(shown: str, now: datetime, zone: str, *, end: bool = False) -> datetime:
    """``end``: the moment ends something (an override, a snooze), so ``24:00``, ISO 8601's
    end of a day, is the next day's 00:00 on the clock; a start at 24:00 is refused."""
    words = _halves(shown.split())
    if 2 <= len(words) <= 3 and words[-2].lower() == "at":  # "tomorrow at 9am", as
        del words[-2]  # planners' composers say it
    spoken = words[0].lower() == "in"
    if spoken:
        words = words[1:]
        if not words:
            raise Refusal(f"'in' needs a span: in 30m, in 2h or in 1d ({EXAMPLES})")
    if len(words) == 2 and words[1].lower() in UNIT_WORDS:  # "2 hours"
        words = [words[0] + UNIT_WORDS[words[1].lower()]]
    elif (misspelt := misspelt_unit(" ".join(words))) is not None:
        # "5 minuets": a span whose unit is misspelt, not 5 o'clock in a zone named "minuets"
        raise Refusal(f"{misspelt.removesuffix(')')}, or {EXAMPLES})")
    try:
        relative = _span(" ".join(words))
    except Unclear as exc:
        raise _unclear(shown, exc, spoken=spoken) from None
    if relative is not None:
        return now + relative
    if spoken:
        raise Refusal(f"{shown!r} is not a span: write in 30m, in 2h or in 1d (units s, m, h, "
                      "d, w, or their words)")
    tz, named = _zone(zone), True
    if (m := _ISO_ZONE.match(words[-1])) is not None:  # 2026-12-07T09:00[Europe/Berlin]
        words[-1], tz = m.group(1), _zone(m.group(2))
    elif len(words) > 1 and _looks_like_zone(words[-1]):
        tz = _zone(words.pop())
    else:
        named = False
    if named and len(words) == 3 and words[1].lower() == "at":  # "tomorrow at 9am UTC"
        del words[1]
    if len(words) == 2 and _DATE.match(words[0]):  # "2026-12-07 09:00"
        at = _clock(words[1]) if words[1][-2:].lower() in ("am", "pm") else None
        words = [f"{words[0]}T{at:%H:%M}" if at is not None  # 9am: ISO has no am/pm
                 else f"{words[0]}T{words[1]}"]
    if len(words) == 1 and words[0][:1].isdigit() and ("-" in words[0] or "T" in words[0]):
        return _iso(words[0], tz, shown, named=named, end=end)
    _day_alone(words, shown, now, tz, f" {_label(tz)}" if named else "")
    day_word, clock_word = (words if len(words) == 2 else ("today", words[0])
                            if len(words) == 1 else (None, None))
    if clock_word is not None and clock_word.lower() == "midnight":
        which = (day_word or "today").lower()
        if which == "today":  # today's start has passed: the midnight to come
            raise Refusal(f"{shown!r}: write tomorrow 00:00 for the midnight to come")
        raise Refusal(f"{shown!r}: midnight is the start of a day to some and its end to "
                      f"others; write {which} 00:00 for its start or {which} 24:00 for its "
                      "end")
    at = _clock(clock_word) if clock_word is not None else None
    late = at is None and clock_word == "24:00"  # the end of day_word: the next one's 00:00
    if late and not end:
        raise _midnight(shown, day_word, now, tz)
    if late:
        at = time(0)
    if day_word is None or at is None:
        bare = len(words) == 1 and words[0].isdigit()
        raise Refusal(f"{shown!r} is not a time: write "
                      + (f"{words[0]}:00 for a time of day or {words[0]}m for minutes from now"
                         if bare else EXAMPLES))
    today = now.astimezone(tz).date()
    low = day_word.lower()
    if late and (low in ("today", "tomorrow") or _weekday(low) is not None):
        day = (today if low == "today" else today + timedelta(days=1) if low == "tomorrow"
               else _coming(_weekday(low) or 0, time.max, now, tz))  # fri 24:00 on a Friday:
        return _day_begins(day + timedelta(days=1), tz)  # tonight's end
    if low == "today":
        due = _wall(today, at, tz, shown)
        if due <= now and len(words) == 1:  # "09:00" at 10:00: today's has passed
            raise Refusal(f"{shown!r} has passed today; write tomorrow {words[0]} (or a later "
                          "time)")
        return due
    if low == "tomorrow":
        return _wall(today + timedelta(days=1), at, tz, shown)
    if (weekday := _weekday(low)) is not None:
        return _wall(_coming(weekday, at, now, tz), at, tz, shown)
    if near := [_SHORT[low]] if low in _SHORT else difflib.get_close_matches(
            low, ("today", "tomorrow", *_DAYS), n=1, cutoff=0.75):
        # the line as typed, the day mended: its zone and "at" kept (the time meant)
        meant = re.sub(rf"(?<!\S){re.escape(day_word)}(?!\S)", near[0], shown, count=1)
        raise Refusal(f"{shown!r} is not a time: did you mean {meant}? ({EXAMPLES})")
    raise Refusal(f"{shown!r} is not a time: {quoted_cut(day_word, 20)} is not today, "
                  f"tomorrow or a weekday ({EXAMPLES})")


def _coming(weekday: int, at: time, now: datetime, tz: tzinfo) -> date:
    """The date of the next ``weekday`` on ``tz``'s clock: today if ``at`` is still to come."""
    today = now.astimezone(tz).date()
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and at <= now.astimezone(tz).time():  # gone today (on the wall clock, so
        ahead = 7  # today's time is not read at all: it may be one the clocks skipped)
    return today + timedelta(days=ahead)


def a_time(text: str) -> bool:
    """Whether ``text`` begins as a time or a day does (``monday 9am``, ``17:30``, ``9 am``,
    ``tomorrow``, ``next monday``, ``2026-11-24T09:00``), not a span: what ``snooze`` takes
    after ``until``, so a snooze typed without it is told to put it there. A bare number
    (``15``: minutes there) is none."""
    words = _halves(" ".join(unicodedata.normalize("NFKC", text).split()).split())
    if not words:
        return False
    first = words[0].lower()
    if first == "next":  # next monday; `next` alone is no time
        return len(words) > 1 and _weekday(words[1]) is not None
    return (first in ("today", "tomorrow") or _weekday(first) is not None
            or _clock(words[0]) is not None or words[0] == "24:00"
            or _DATE.match(words[0][:10]) is not None)


def _day_alone(words: list[str], shown: str, now: datetime, tz: tzinfo, zone: str) -> None:
    """Refuse, saying what to write, a day typed without its time (``monday``, ``tomorrow``),
    and ``next monday [9am]``, which is the coming Monday to some and the one after to others
    (both written out, dated); ``zone``: the zone typed after it, kept in what to write."""
    low = [w.lower() for w in words]
    if len(words) == 1 and (low[0] in ("today", "tomorrow") or _weekday(low[0]) is not None):
        raise Refusal(f"{shown!r} has no time of day; write {words[0]} 9am{zone} (or another "
                      "time)")
    if not (2 <= len(words) <= 3 and low[0] == "next"
            and (weekday := _weekday(low[1])) is not None):
        return
    clock = words[2] if len(words) == 3 else "9am"
    if (at := _clock(clock)) is None:
        return
    day = _coming(weekday, at, now, tz)
    raise Refusal(f"{shown!r}: next is read two ways; write {_DAYS[weekday]} {clock}{zone} for "
                  f"the coming {_DAYS[weekday].title()} ({day}) or "
                  f"{day + timedelta(days=7)}T{at:%H:%M}{zone} for the one after")


_FRENCH_CLOCK = re.compile(r"^(\d{1,2})h(\d{2})$")  # 17h30: 17:30 where French is written


def _unclear(shown: str, exc: Unclear, *, spoken: bool) -> Refusal:
    """A span written almost right (``in 1h30``), refused saying what to write; typed without
    ``in`` as a time is (``17h30``), the time of day it may mean too."""
    if spoken:
        return Refusal(f"{shown!r} is not a span: {exc.why}; write in {exc.fix}")
    said = f"{shown!r} is not a time: {exc.why}; write in {exc.fix}"
    m = _FRENCH_CLOCK.match(shown.strip().lower())
    if m is not None and int(m.group(1)) <= 23 and int(m.group(2)) <= 59:
        said += (f" for that long from now, or {int(m.group(1)):02d}:{m.group(2)} for a time "
                 "of day")
    return Refusal(said)


def _halves(words: list[str]) -> list[str]:
    """``9 am`` as ``9am`` (a phone's clock writes ``9:00 AM``)."""
    out: list[str] = []
    for word in words:
        if out and word.lower() in ("am", "pm") and out[-1][-1:].isdigit():
            out[-1] += word
        else:
            out.append(word)
    return out


def _relative(text: str) -> timedelta | None:
    """An override's length as a scheduled post's `in` takes it: ``2h``, ``2 hours`` or ``for
    2 hours`` (PagerDuty's "override for 2 hours"); None when ``text`` is no span."""
    words = text.split()
    if words and words[0].lower() == "for":
        words = words[1:]
    if len(words) == 2 and words[1].lower() in UNIT_WORDS:
        words = [words[0] + UNIT_WORDS[words[1].lower()]]
    return _span(" ".join(words)) if words else None


def _span(text: str) -> timedelta | None:
    """A span from now (``2h``, ``1h30m``), or None when ``text`` is no span (a bare number is
    not one: ``15`` may mean 15:00); ``Unclear`` for one written almost right (``1h30``)."""
    if text.replace(".", "", 1).isdigit():
        return None
    try:
        return parse_duration(text)
    except TooLong:  # past ten years: past the bound as far as any, refused naming the latest
        return MAX_AHEAD * 100
    except Unclear:
        raise
    except Refusal:
        return None


def _iso(word: str, tz: tzinfo, shown: str, *, named: bool = False,
         end: bool = False) -> datetime:
    """``named``: ``tz`` was typed beside the time, so an offset typed too must be its own
    (``Z`` excepted: a moment in UTC, shown in the zone). ``end``: ``2026-12-24T24:00`` is
    the next day's 00:00 on the clock (refused saying so as a start)."""
    if (day := no_such_day(word[:10])) is not None:
        raise Refusal(f"{shown!r} is not a time: {day}")
    if _DATE.match(word):
        raise Refusal(f"{shown!r} has no time of day; write {word}T09:00 (or another time)")
    late = end_of_day(word) if end else None
    try:
        at = datetime.fromisoformat(late or word)
    except ValueError:
        if (fixed := end_of_day(word)) is not None:
            raise Refusal(f"{shown!r} is not a time: 24:00 is 00:00 of the next day; write "
                          f"{shown.replace(word, fixed)}") from None
        raise Refusal(f"{shown!r} is not a time: write an ISO date and time such as "
                      "2026-12-07T09:00+01:00 (or " + EXAMPLES + ")") from None
    if not 1970 <= at.year <= 9000:
        raise _FarYear(f"{shown!r} is not a time: its year is {at.year}, and a time here is "
                       "in the years 1970 to 9000", later=at.year > 9000)
    if at.tzinfo is None:  # a day's 00:00 (or the day before's 24:00): when the day begins
        return _day_begins(at.date(), tz) if late or at.time() == time(0) else _local(
            at, tz, shown)
    own = at.astimezone(tz).utcoffset()
    if named and not word.upper().endswith("Z") and at.utcoffset() != own:
        raise Refusal(f"{shown!r}: {_offset(at)} is not {_label(tz)}'s offset on {at:%Y-%m-%d} "
                      f"({_offset(at.astimezone(tz))}); give the offset or the zone")
    return at.astimezone(UTC)


def _offset(at: datetime) -> str:
    return at.isoformat(timespec="minutes")[16:] or "+00:00"


def shown_at(at: datetime, zone: str | None = None) -> str:
    """``2026-12-07 08:00 UTC``, and the same moment on ``zone``'s clock when one is
    configured: ``2026-12-07 08:00 UTC (09:00 Europe/Berlin)``, its date too when it is
    another day there."""
    return f"{at.astimezone(UTC):%Y-%m-%d %H:%M} UTC{on_clock(at, zone)}"


# the zones that are UTC under another name (tzdata's aliases of Etc/UTC and Etc/GMT): their
# clock is UTC's, so a time is not said twice, "08:00 UTC (08:00 Etc/UTC)"
_UTC_NAMES = frozenset({"UTC", "UCT", "Universal", "Zulu", "GMT", "GMT0", "GMT+0", "GMT-0",
                        "Greenwich"})


def on_clock(at: datetime, zone: str | None) -> str:
    """`` (09:00 Europe/Berlin)``: ``at`` on ``zone``'s clock, said after its UTC time, its date
    too when it is another day there; nothing without a zone or for UTC's own, under any of
    its names (``Etc/UTC``, ``GMT``, ``Zulu``). A zone on UTC's clock part of the year only
    (Europe/London) is said: it is the workspace's clock, and is not UTC's all year."""
    if not zone or zone.removeprefix("Etc/") in _UTC_NAMES:
        return ""
    utc = at.astimezone(UTC)
    try:
        local = utc.astimezone(ZoneInfo(zone))
    except OverflowError:  # a post's own time at the calendar's end (9999-12-31 23:30 UTC
        return ""  # is in year 10000 in Kolkata): UTC alone, as a workspace without a zone
    day = "" if local.date() == utc.date() else f"{local:%Y-%m-%d} "
    offset = posix_offset(zone)  # Etc/GMT+12 is UTC-12:00: said, as it reads the other way
    return f" ({day}{local:%H:%M} {zone}" + (f", {offset})" if offset else ")")
