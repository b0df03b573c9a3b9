"""Time spans as people write them (``90``, ``90s``, ``5m``, ``1.5h``, ``2d``, ``1w``): the one
parser for the config, the rules file, chat commands and the CLI. All of them (``seconds`` for
the config and rules, ``parse_duration`` for chat and the CLI) also take the units' words and
compound spans, as PagerDuty's snooze and Slack's reminders do: ``1h30m``, ``1 h 30 min``,
``2 hours and 15 minutes``, largest unit first, each unit once (a near miss, ``1h30``, is
``Unclear``: its message says what to write). They differ in a bare number only: seconds (or
the unit a config field's name says) in the files, minutes in chat. Beside them, the clock
arithmetic those readers share: windows on a zone's wall clock (``next_boundary``), a
wall-clock time a zone skips or shows twice (``clock_trouble``), and civil zones by name."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field

from bot.core.errors import Refusal
from bot.core.text import grapheme_cut, quoted_cut

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
MAX_SECONDS = 10 * 366 * 86400.0  # ten years: longer spans are typos, and overflow dates
HINT = "expected a duration such as 30s, 5m, 1h or 1d"


def seconds(value: Any) -> float:
    """Seconds in a duration; a bare number is seconds. ValueError quoting the value and
    saying what to write otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a duration: {HINT}")
    if isinstance(value, int | float):
        out = float(value)
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        out = float(m.group(1)) * _UNITS[m.group(2) or "s"]
    elif isinstance(value, str):
        try:
            read = _read(value)
        except Unclear as exc:
            raise ValueError(exc.message) from None
        if read is None:
            raise ValueError(_not_a_duration(value))
        out = read
    else:
        raise ValueError(_not_a_duration(value))
    if out > MAX_SECONDS:
        raise ValueError(f"{value!r} is longer than ten years")
    return out


# unit words people write, and the unit socialops reads
_UNIT_WORDS = {
    "msec": "ms", "millisecond": "ms", "milliseconds": "ms",
    "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "day": "d", "days": "d", "wk": "w", "wks": "w", "week": "w", "weeks": "w",
}
_WRITTEN = re.compile(r"^\s*(-?)\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$")


# ISO 8601's durations, as pasted from other tools' configs (PT30M, P1DT2H): what to write
_ISO = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
                  r"(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$", re.IGNORECASE)
# a clock's H:MM (1:30): an hour and a half, or a minute and a half?
_CLOCK = re.compile(r"^(\d{1,3}):([0-5]\d)$")


# a span said as a word, as chat's digest=hourly|daily says it (interval: daily)
_EVERY = {"hourly": "h", "daily": "d", "nightly": "d", "weekly": "w"}
_ONE = re.compile(r"^(?:(?:every|each|once an?|an?|one)\s+)?([a-z]+)$")


def _not_a_duration(value: Any) -> str:
    shown = quoted_cut(value) if isinstance(value, str) else str(value)[:40]
    plain = value.strip() if isinstance(value, str) else ""
    if (one := _ONE.match(" ".join(plain.lower().split()))) and (
            unit := _EVERY.get(one.group(1)) or _UNIT_WORDS.get(one.group(1))):
        return f"{shown} is not a duration; write 1{unit}"
    if (iso := _ISO.match(plain)) and plain[1:] and plain[-1:].upper() != "T":
        years, months, weeks, days, hours, minutes, secs = iso.groups()
        if years or months:
            return f"{shown} is not a duration: write years and months as days, e.g. 365d or 30d"
        total = (int(weeks or 0) * 604800 + int(days or 0) * 86400 + int(hours or 0) * 3600
                 + int(minutes or 0) * 60 + float(secs or 0))
        return f"{shown} is an ISO 8601 duration; write {_compact(total)}"
    if clock := _CLOCK.match(plain):
        first, second = (int(n) for n in clock.groups())
        return (f"{shown} is not a duration: write {_compact(first * 3600 + second * 60)} "
                f"(hours and minutes) or {_compact(first * 60 + second)} (minutes and seconds)")
    m = _WRITTEN.match(value) if isinstance(value, str) else None
    if m is None and plain.startswith("-"):
        try:  # `-1h30m`: said to be negative, as `-1h` is
            negative = _read(plain[1:]) is not None
        except Unclear:
            negative = True
        if negative:
            return f"{shown} is negative: a duration is 0 or more, such as 30s, 5m, 1h or 1d"
    if m is None:
        return f"{shown} is not a duration: {HINT}"
    sign, number, word = m.group(1), m.group(2), m.group(3).lower()
    unit = word if word in _UNITS or not word else _UNIT_WORDS.get(word)
    if unit is None and word in ("y", "yr", "yrs", "year", "years", "mo", "month", "months"):
        return f"{shown} is not a duration: write years and months as days, e.g. 365d or 30d"
    if unit is None:
        import difflib

        near = difflib.get_close_matches(word, list(_UNIT_WORDS), n=1, cutoff=0.75)
        unit = _UNIT_WORDS[near[0]] if near else None
    if sign:
        return f"{shown} is negative: a duration is 0 or more, such as 30s, 5m, 1h or 1d"
    if unit is not None:
        return f"{shown} is not a duration; write {number}{unit}"
    return f"{shown} is not a duration: {HINT}"


# the words of each unit as people type them ("2 hours", "5 min"), for ``misspelt_unit``
UNIT_WORDS = {word: unit for unit, words in (
    ("s", "sec secs second seconds"), ("m", "min mins minute minutes"),
    ("h", "hr hrs hour hours"), ("d", "day days"), ("w", "wk wks week weeks"))
    for word in words.split()}

# each unit's name, said as "1 minute" and "2 minutes" whichever word was near the typed one
UNIT_NAMES = {"s": "second", "m": "minute", "h": "hour", "d": "day", "w": "week"}


def misspelt_unit(text: str) -> str | None:
    """A number and a word near a unit's ("5 minuets", "3 dyas"), said as that: the unit it
    seems to be and how to write the span; else None. Without it "5 minuets" was read as 5
    o'clock in a time zone named "minuets", or as no duration at all."""
    import difflib

    words = text.split()
    if len(words) != 2 or not re.fullmatch(r"\d+(?:[.,]\d+)?", words[0]):
        return None
    word = words[1].lower()
    if not word.isalpha() or word in UNIT_WORDS or word in ("utc", "gmt"):
        return None
    near = difflib.get_close_matches(word, UNIT_WORDS, n=1, cutoff=0.6)
    if not near:
        return None
    unit, number = UNIT_WORDS[near[0]], words[0].replace(",", ".")  # a span takes a point
    name = UNIT_NAMES[unit] + ("" if float(number) == 1 else "s")
    return (f"{quoted_cut(words[1], 20)} is no unit of time; did you mean {words[0]} {name}? "
            f"(write {number}{unit})")


def written(total: float) -> str:
    """Seconds as people write a duration: ``7d``, ``90m``, ``30s``, ``0.5s``."""
    for unit, size in (("d", 86400.0), ("h", 3600.0), ("m", 60.0)):
        if total >= size and total % size == 0:
            return f"{total / size:g}{unit}"
    return f"{total:g}s"


def at_least(minimum: float, *, why: str = "") -> Callable[[Any], float]:
    """A pydantic BeforeValidator's function: a duration of at least ``minimum`` seconds,
    refused in one line saying the minimum (never silently rounded or replaced)."""
    def check(value: Any) -> float:
        out = seconds(value)
        if out < minimum:
            shown = str(value).strip() if not isinstance(value, float) else f"{value:g}"
            raise ValueError(f"{shown} is too short: at least {written(minimum)}{why}")
        return out

    return check


class TooLong(Refusal):
    """A well-formed duration past ``MAX_SECONDS``."""


class Unclear(Refusal):
    """A compound duration written almost right (``1h30``, ``1h1h``, ``30m1h``): ``why`` it is
    not read, and ``fix``, the duration to write instead; the message says both."""

    def __init__(self, shown: str, *, why: str, fix: str) -> None:
        self.why, self.fix = why, fix
        super().__init__(f"{quoted_cut(shown, 40)}: {why}; write {fix}")


# a number, a word or any other one character: read left to right, never backtracking
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+|\S")
_ORDER = ("w", "d", "h", "m", "s", "ms")  # largest first
_NAMES = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds",
          "ms": "milliseconds"}


def _compound(raw: str, shown: str) -> float | None:
    """Seconds in ``raw`` (lower case): number and unit pairs, largest unit first, each once,
    optionally parted by ``,`` or ``and``; None when it is no duration at all."""
    tokens = _TOKEN.findall(raw)
    parts: list[tuple[str, str | None]] = []
    i = 0
    while i < len(tokens):
        if parts:
            if tokens[i] == ",":
                i += 1
            if i < len(tokens) and tokens[i] == "and":
                i += 1
            if i == len(tokens) or parts[-1][1] is None:
                return None  # `1h and`, `1 30m`
        number = tokens[i]
        if not number[:1].isdecimal():  # isdigit is also true of "፩", which float() refuses
            return None
        unit = _UNIT_WORDS.get(tokens[i + 1], tokens[i + 1]) if i + 1 < len(tokens) else None
        unit = unit if unit in _UNITS else None
        parts.append((number, unit))
        i += 2 if unit else 1
    if not parts or (len(parts) == 1 and parts[0][1] is None):
        return None
    total = sum(float(n) * _UNITS[u or "s"] for n, u in parts)
    units = [u for _, u in parts]
    said = [f"{n}{u}" for n, u in sorted(parts, key=lambda p: _ORDER.index(p[1] or "ms"))]
    if total > MAX_SECONDS:  # too long, however written: said so (``TooLong``)
        return total
    if units[-1] is None:
        after = _ORDER[min(_ORDER.index(units[-2] or "s") + 1, len(_ORDER) - 1)]
        raise Unclear(shown, why=f"{parts[-1][0]} has no unit",
                      fix="".join(f"{n}{u}" for n, u in parts[:-1]) + f"{parts[-1][0]}{after}")
    twice = next((u for n, u in enumerate(units) if u in units[:n]), None)
    if twice is not None:
        raise Unclear(shown, why=f"{_NAMES[twice]} twice", fix=_compact(total))
    if units != sorted(units, key=lambda u: _ORDER.index(u or "s")):
        raise Unclear(shown, why="the largest unit goes first", fix="".join(said))
    if any("." in n for n, _ in parts[:-1]):
        raise Unclear(shown, why="only the last part takes a fraction", fix=_compact(total))
    return total


def _compact(total: float) -> str:
    """Seconds as one compound duration: ``2h``, ``1h30m``, ``1d2h``, ``45s``."""
    out, left = "", total
    for unit, size in (("d", 86400.0), ("h", 3600.0), ("m", 60.0)):
        count, left = divmod(left, size)
        out += f"{count:g}{unit}" if count else ""
    return out + (f"{left:g}s" if left or not out else "")


def _read(text: str, *, bare: str = "s") -> float | None:
    """Seconds in ``text``, single (``90m``, ``2 hours``) or compound (``1h30m``), read in any
    width (an input method's ``１ｈ３０ｍ``) and case, a bare number in the unit ``bare``; None
    when it is no duration at all, ``Unclear`` for a near miss. Not bounded (``MAX_SECONDS``)."""
    # the Arabic decimal separator: ١٫٥h is 1.5h, as its digits are read (float() reads them)
    raw = unicodedata.normalize("NFKC", text).strip().lower().replace("\u066b", ".")
    if raw.replace(".", "", 1).isdecimal():
        raw += bare
    if (comma := _DECIMAL_COMMA.fullmatch(raw)) and (
            point := raw.replace(",", ".", 1)) and _compound(point, point) is not None:
        # 1,5h: 1.5 as much of Europe writes it, read as no duration at all; three digits
        # after it may be a thousand as English writes it (1,000s), so both are offered
        if len(comma[1]) == 3:
            raise Unclear(text.strip(), why="a comma is no decimal point nor a thousands "
                          "separator", fix=f"{raw.replace(',', '', 1)} or {point}")
        raise Unclear(text.strip(), why="a comma is no decimal point", fix=point)
    return _compound(raw, text.strip())


_DECIMAL_COMMA = re.compile(r"\d+,(\d+)\s*[a-z]+")


def parse_duration(text: str) -> timedelta:
    """A duration typed in chat or on the command line (a bare number is minutes there, as
    people mean in ``snooze T-3 30``), single (``90m``, ``2 hours``) or compound (``1h30m``).
    Refusal, saying what to type, otherwise (``Unclear`` for a near miss, ``TooLong``)."""
    total = _read(text, bare="m")
    if total is None:
        raise Refusal(f"bad duration {text!r}: use e.g. 30m, 2h or 1d")
    if total > MAX_SECONDS:  # a duration, but too long: say that, not "bad duration"
        raise TooLong(f"{text.strip()!r} is longer than ten years; use a shorter duration")
    return timedelta(seconds=total)


# what follows 24:00 (and :00, .000) is an offset or a zone: 24:00:30 or 24:00.5 is no time
# its date and time apart by a T or, as RFC 3339 allows and Python reads every other time, a space
_END_OF_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt ]24:00(:00(?:\.0+)?)?(?![:.,\d])(.*)$")


def end_of_day(text: str) -> str | None:
    """ISO 8601's end of a day as a calendar writes it (``2026-12-24T24:00``), which Python
    reads as no time, written as the next day's 00:00 (``2026-12-25T00:00``, its seconds and
    offset kept): what a refusal of it says to write. None for any other text."""
    m = _END_OF_DAY.match(text.strip())
    if m is None:
        return None
    try:
        day = date.fromisoformat(m.group(1)) + timedelta(days=1)
    except (ValueError, OverflowError):
        return None
    return f"{day.isoformat()}T00:00{m.group(2) or ''}{m.group(3)}"


def time_before(text: str, now: datetime, *, name: str,
                zone: ZoneInfo | None = None, until: str | None = None,
                end: bool = False) -> datetime:
    """An ISO time, or a duration before ``now``, as the option ``name`` (which the refusals
    name: ``--since`` on the command line, ``since=`` in chat) takes it. An ISO time without
    an offset is on ``zone``'s clock (chat's workspace's), else UTC; one that clock skips or
    shows twice is refused saying what to write, as a scheduled post's time is. ``end``: the
    time ends a window, so ISO 8601's end of a day (``2026-11-23T24:00``) is the next day's
    00:00 on that clock (where the clocks skip midnight, the jump; where it shows twice, the
    first); as a start it is refused saying which 00:00 to write."""
    if not text.strip():  # `--since "$SINCE"` with the variable unset: not "since ever"
        raise Refusal(f"{name} {text!r} is empty; give an ISO time (2026-11-20T09:00) or a "
                      f"duration (2h, 7d), or leave {name} out")
    too_far = Refusal(f"{name} {text!r} reaches back before the year 1; use a shorter "
                      "duration (e.g. 3650d) or an ISO time")
    span_: timedelta | None
    if (back := text.strip()).startswith("-") and _is_duration(back[1:]):
        # `--since=-5m`, the way `date -d -5min` counts back: every duration here already does
        cli = name.startswith("-")
        raise Refusal(f"{name} {text!r}: a duration counts back from now already; write "
                      f"{name}{' ' if cli else '='}{back[1:].strip()}")
    try:
        span_ = parse_duration(text)
    except (TooLong, Unclear) as exc:
        raise Refusal(f"{name} {exc}") from None
    except Refusal:  # not a duration: an ISO time, then
        span_ = None
    except OverflowError:
        raise too_far from None
    if span_ is not None:
        try:
            return now - span_
        except OverflowError:
            raise too_far from None
    if text.strip().lower() in ("today", "yesterday"):
        raise Refusal(_say_the_date(text, now, name=name, zone=zone, until=until))
    if (day := no_such_day(text.strip()[:10])) is not None:
        raise Refusal(f"{name} {text!r}: {day}")
    day_ends = end_of_day(text)
    if day_ends is not None and not end:
        raise Refusal(f"{name} {text!r}: 24:00 ends a day and starts none; write {day_ends}")
    try:
        dt = datetime.fromisoformat(day_ends or text)
    except ValueError:
        raise Refusal(f"{name} {text!r}: use an ISO time (2026-11-20T09:00) or a "
                      "duration (2h, 7d)") from None
    if dt.tzinfo is None and zone is not None and day_ends is not None:
        # when the day begins (bot.core.when._day_begins), in UTC: a wall time in a gap or a
        # fold compares unequal to every time of another zone (PEP 495)
        dt = dt.replace(tzinfo=zone, fold=0).astimezone(UTC)
    elif dt.tzinfo is None and zone is not None:
        if (trouble := clock_trouble(dt, zone)) is not None:
            raise Refusal(f"{name} {text!r}: {trouble}")
        dt = dt.replace(tzinfo=zone)
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    try:  # year 1 at +14:00 is before year 1 in UTC: `report` converted it and crashed
        dt.astimezone(UTC)
    except OverflowError:
        raise Refusal(f"{name} {text!r} falls outside the years 1 to 9999 in UTC; use a "
                      "time in them (2026-11-20T09:00)") from None
    return dt


def _is_duration(text: str) -> bool:
    try:
        parse_duration(text)
    except (Refusal, OverflowError):  # TooLong and Unclear are Refusals
        return False
    return True


def _say_the_date(text: str, now: datetime, *, name: str, zone: ZoneInfo | None,
                  until: str | None) -> str:
    """``since=yesterday`` answered with its date on the clock it is read on (at +14 or -11
    another date than UTC's): a date is that day's midnight there, so ``since=2026-11-22``;
    ``until``, the option ending the window where there is one, for that day alone."""
    day = now.astimezone(zone or UTC).date()
    if text.strip().lower() == "yesterday":
        day -= timedelta(days=1)
    cli = name.startswith("-")  # --since 2026-11-22, or since=2026-11-22 in chat

    def typed(option: str, value: object) -> str:
        return f"{option} {value}" if cli else f"{option}={value}"

    said = (f"{name} {text!r}: write its date, {typed(name, day)} ("
            f"{'from its' if 'since' in name else 'its'} midnight on "
            f"{zone.key if zone else 'UTC'}'s clock")
    if text.strip().lower() == "yesterday" and until is not None:
        said += f"; add {typed(until, day + timedelta(days=1))} for that day alone"
    return said + ")"


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def no_such_day(word: str) -> str | None:
    """What is wrong with ``word``, a date as ISO writes it, when the calendar has no such day
    (2027-02-29, 2026-04-31, month 13): that, rather than "write an ISO date", which it is."""
    if (m := _ISO_DAY.match(word)) is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return f"{word} has no month {month} (write 01 to 12)"
    if not year:
        return None  # year 0: fromisoformat's own refusal
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (f"{calendar.month_name[month]} {year} has {last} days, no {day} (the last is "
                f"{year:04d}-{month:02d}-{last:02d})")
    return None


Duration = Annotated[float, BeforeValidator(seconds), Field(ge=0)]


def span(minutes: int) -> str:
    """A span as people read it: ``45 min``, ``2 h 5 min``, ``3 days 4 h``."""
    if minutes < 60:
        return f"{minutes} min"
    h, m = divmod(minutes, 60)
    if h < 48:
        return f"{h} h {m} min" if m else f"{h} h"
    return f"{h // 24} days {h % 24} h"


# windows are counted from a Monday, so that weekly ones end on Mondays
_WINDOWS_FROM = datetime(2024, 1, 1)
ZERO = timedelta(0)
_SHIFT = timedelta(hours=3)  # more than any zone's clocks ever move at once


def next_boundary(after: datetime, every: timedelta, at: str, zone: str,
                  day: int = 0) -> datetime:
    """The first end of a window after ``after``, windows of ``every`` being counted on the
    wall clock of ``zone`` from ``at`` (HH:MM): daily ones end at ``at`` each day, daylight
    saving or not; hourly ones at ``at``'s minute of each hour; weekly ones on Mondays at
    ``at``. A window ending at a time the zone skips ends at the gap's end (02:30 in Berlin
    the night its clocks go from 02:00 to 03:00: at 03:00), as cron runs such a job and as a
    rotation hands over (``bot.core.oncall``); one the zone shows twice, at its first pass
    (windows of an hour or less at both). (A digest that began with its first post came
    whenever that post did, and drifted with every quiet spell.) ``day``: the windows are
    counted from that day of the week (0: Monday), so weekly ones end on it."""
    tz = ZoneInfo(zone)
    hour, minute = (int(x) for x in at.split(":"))
    anchor = _WINDOWS_FROM.replace(hour=hour, minute=minute) + timedelta(days=day)
    # windows of an hour or less also end in the second pass of the hour the clocks go back
    # through (fold 1), or that hour's windows would be one of two hours; a daily one, once
    folds = (0, 1) if every <= timedelta(hours=1) else (0,)
    local = after.astimezone(tz).replace(tzinfo=None)
    # the wall-clock ends from a few hours before to a few after (no zone shifts by more), the
    # earliest after ``after``: a time the zone skips or repeats is out of order with the rest
    n = (local - _SHIFT - anchor) // every
    later: list[datetime] = []
    while not later or anchor + n * every <= local + _SHIFT:
        wall = anchor + n * every
        later += [due for fold in folds if (due := wall_instant(wall, tz, fold=fold)) > after]
        n += 1
    return min(later)


def wall_instant(wall: datetime, zone: ZoneInfo, *, fold: int = 0) -> datetime:
    """A naive wall-clock time in ``zone`` as an instant (UTC), as cron runs a job set at it:
    one the zone shows twice at its pass ``fold`` (0: the first), one the zone skips at the
    gap's end, the first instant its clock shows after it (02:30 the night Berlin goes from
    02:00 to 03:00: 03:00, where zoneinfo's fold reads 03:30 or 01:30). What a rotation's
    handoff and a digest's window take alike."""
    first = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first
    # skipped: the change is after ``wall`` read with the later offset, and no later than
    # with the earlier one
    return offset_change(wall.replace(tzinfo=zone, fold=1).astimezone(UTC),
                         wall.replace(tzinfo=zone, fold=0).astimezone(UTC), zone)


def clock_trouble(wall: datetime, tz: ZoneInfo) -> str | None:
    """Why the naive ``wall`` names no one moment on ``tz``'s clock, and what to write instead
    (``02:30 never comes in Europe/Berlin on 2027-03-28 (...); write ...``); None when it
    names one."""
    first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    said = f"{wall:%H:%M}"
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:  # in the gap
        # the nearest times on either side, each with its offset: a bare 03:00 would be read
        # as today's (or, in a plan's cell, refused), and the night may be days ahead
        change = offset_change(second.astimezone(UTC), first.astimezone(UTC), tz)
        skipped, after = change.astimezone(timezone(first.utcoffset() or ZERO)), \
            change.astimezone(tz)
        before = (change - timedelta(minutes=1)).astimezone(tz)
        clock = "%H:%M" if after.date() == skipped.date() else "%Y-%m-%d %H:%M"  # Apia, 2011
        return (f"{said} never comes in {tz.key} on {wall:%Y-%m-%d} (its clocks go "
                f"forward from {skipped:%H:%M} to {after:{clock}}); write "
                f"{after.isoformat(timespec='minutes')} just after or "
                f"{before.isoformat(timespec='minutes')} just before")
    return (f"{said} comes twice in {tz.key} on {wall:%Y-%m-%d} (its clocks go back); "
            f"write {first.isoformat(timespec='minutes')} for the first or "
            f"{second.isoformat(timespec='minutes')} for the second")


def offset_change(earlier: datetime, later: datetime, tz: ZoneInfo) -> datetime:
    """The instant, to the second, after ``earlier`` and at most ``later``, at which ``tz``'s
    offset changes (there is one: ``earlier`` and ``later`` have different offsets, days
    apart at most: a gap's, or a week's sample in ``bot.core.oncall``). zoneinfo names no
    transitions, so halve the span until it is a second."""
    offset = earlier.astimezone(tz).utcoffset()
    while later - earlier > timedelta(seconds=1):
        middle = earlier + (later - earlier) / 2
        middle = middle.replace(microsecond=0)
        if middle.astimezone(tz).utcoffset() == offset:
            earlier = middle
        else:
            later = middle
    return later


# zone files beside the IANA names that are no civil clock: right/ (leap seconds, which
# zoneinfo misreads: right/Europe/Berlin is an hour ahead in winter) and posix/ (copies, named
# for the one meant), and the host's own, whose meaning changes with the machine
_NOT_CIVIL = ("right/", "posix/")
_HOST = ("localtime", "posixrules")


def civil_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; ``ZoneInfoNotFoundError`` or ``ValueError`` when it names none
    (``zone_hint`` says what to write)."""
    if name.startswith(_NOT_CIVIL) or name in _HOST:
        raise ValueError(f"{name!r} is no civil time zone")
    try:
        return ZoneInfo(name)
    except OSError as exc:  # zoneinfo opens the file the name leads to: `Asia` is a folder,
        # and a name past the file system's limit is 'File name too long'
        raise ValueError(f"{name[:60]!r} names no zone file") from exc


# tzdata's zones named by a region's abbreviation whose clock is fixed all year: EST is -05:00
# in July too, while New York is on -04:00, so a team writing it for New York is an hour off for
# eight months. Each: the offset, the region's zone with its daylight saving, and one that
# never changes. (HST is Hawaii's own clock, which keeps no daylight saving: not here.)
_FIXED_ALL_YEAR = {"EST": ("-05:00", "New York", "America/New_York", "America/Panama"),
                   "MST": ("-07:00", "Denver", "America/Denver", "America/Phoenix")}


# tzdata's Etc/GMT+5 is five hours WEST of UTC (UTC-05:00): POSIX's sign, the reverse of ISO
# 8601's, while a typed `GMT+5` (bot.core.when) and every calendar's label are UTC+05:00; one
# written for Karachi runs ten hours off, without a word
_POSIX_GMT = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")


def posix_offset(name: str) -> str | None:
    """``UTC-12:00`` for ``Etc/GMT+12``, the offset a tzdata Etc/GMT name means (POSIX's sign
    turned); None for any other name, and for Etc/GMT+0, which is UTC's."""
    if (m := _POSIX_GMT.match(name)) is None or not int(m.group(2)):
        return None
    return f"UTC{'-' if m.group(1) == '+' else '+'}{int(m.group(2)):02d}:00"


def zone_said(name: str) -> str:
    """A zone's name as said to people: as written, with its offset after an Etc/GMT one
    (``Etc/GMT+12 (UTC-12:00)``), which reads as the other side of UTC."""
    offset = posix_offset(name)
    return name if offset is None else f"{name} ({offset})"


# a POSIX TZ string (`CET-1CEST`, `JST-9`, `EST5EDT,M3.2.0,M11.1.0`, `<+0530>-5:30`), as the
# TZ variable and some tools take a zone: an abbreviation, hours WEST of UTC (the reverse of
# ISO 8601's sign), and a summer time's abbreviation. tzdata names four of them (EST5EDT,
# CST6CDT, MST7MDT, PST8PDT: the US clocks, daylight saving included), which are read as the
# zones they are; any other names no zone
_NAME = r"(?:[A-Za-z]{3,}|<[+\-]?[A-Za-z0-9]+>)"
_HOURS = r"([+\-]?)(\d{1,2})(?::(\d{2}))?(?::\d{2})?"
POSIX_TZ = re.compile(rf"^({_NAME}){_HOURS}({_NAME}(?:[+\-]?\d{{1,2}}(?::\d{{2}}){{0,2}})?)?"
                      r"(,.*)?$")


def posix_hint(name: str) -> str | None:
    """What to write for ``name``, a POSIX TZ string that is no IANA name (``CET-1CEST``,
    ``JST-9``): its offset said as ISO 8601 signs it, and the zone to write; None for any
    other text."""
    m = POSIX_TZ.match(name)
    if m is None:
        return None
    std, sign, hours, minutes, summer = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
    if int(hours) > 24 or int(minutes or 0) > 59:
        return None
    east = sign == "-"  # POSIX's -1 is an hour EAST of UTC
    offset = f"{'+' if east or (not int(hours) and not minutes) else '-'}{int(hours):02d}:" \
             f"{minutes or '00'}"
    said = (f"it is a POSIX TZ string, which counts hours west of UTC: {std}{sign}{hours}"
            f"{':' + minutes if minutes else ''} is UTC{offset}")
    if summer or m.group(6):
        return (f"{said}, with summer time; write the place's IANA zone, Region/City (such as "
                "Europe/Berlin or America/New_York), whose clock changes as that one does")
    # a config's timezone: takes IANA names only; a typed time takes the offset too
    return f"{said}; write the place's IANA zone, Region/City (or {offset} after a typed time)"


def _canonical_zones() -> list[str]:
    """tzdata's zones of places (zone1970.tab: no backward links such as US/Pacific), read
    where zoneinfo reads zones; every Region/City name when no table is found."""
    import importlib.resources
    from zoneinfo import TZPATH, available_timezones

    for folder in TZPATH:
        table = Path(folder) / "zone1970.tab"
        if table.is_file():
            text = table.read_text(encoding="utf-8", errors="replace")
            break
    else:
        try:
            text = importlib.resources.files("tzdata").joinpath(
                "zoneinfo", "zone1970.tab").read_text(encoding="utf-8")
        except (ModuleNotFoundError, OSError):
            return sorted(z for z in available_timezones() if z.split("/")[0] in _REGIONS)
    return sorted({fields[2] for line in text.splitlines()
                   if not line.startswith("#") and len(fields := line.split("\t")) >= 3})


_REGIONS = {"Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe",
            "Indian", "Pacific"}


def abbreviation_hint(text: str) -> str | None:
    """What to write for ``text``, a clock's abbreviation that names no zone (``PST``, ``EDT``,
    ``AEST``, ``IST``): the zones that show it, winter or summer; None for any other text."""
    if not (3 <= len(text) <= 5 and text.isascii() and text.isalpha()):
        return None
    said = text.upper()
    samples = [datetime(2026, month, 15, 12, tzinfo=UTC) for month in (1, 7)]
    found = [z for z in _canonical_zones()
             if any(at.astimezone(ZoneInfo(z)).tzname() == said for at in samples)]
    if not found:
        return None
    named = ", ".join(found[:3]) + (f" or {len(found) - 3} more" if len(found) > 3 else "")
    return (f"{said} is a clock's abbreviation, not a zone's name: write the place's IANA "
            f"zone, Region/City ({said} is the clock of {named})")


def fixed_all_year(name: str) -> str | None:
    """Why ``name`` (``EST``, ``MST``, ``Etc/GMT+5``) is likely not the clock meant, and what
    to write; None for any other name."""
    if (m := _POSIX_GMT.match(name)) is not None and int(m.group(2)):
        hours, west = int(m.group(2)), m.group(1) == "+"
        other = (f"; {hours} hours {'east' if west else 'west'} of UTC is "
                 f"Etc/GMT{'-' if west else '+'}{hours}" if west or hours <= 12 else "")
        return (f"{name!r} is UTC{'-' if west else '+'}{hours:02d}:00, {hours} hours "
                f"{'west' if west else 'east'} of UTC (tzdata's Etc/ names count POSIX's way, "
                f"the reverse of GMT{m.group(1)}{hours} on a calendar){other}")
    if name not in _FIXED_ALL_YEAR:
        return None
    offset, city, changes, never = _FIXED_ALL_YEAR[name]
    return (f"{name!r} is UTC{offset} all year, with no daylight saving (tzdata's {name}, not "
            f"{city}'s clock): write {changes} for the clock that changes, or {never} for one "
            "that never does")


def named_zone(name: str) -> ZoneInfo:
    """``civil_zone``, or ``ValueError`` saying in one line what to write (``zone_hint``): what
    the config's zones and a typed time's zone both refuse with."""
    try:
        return civil_zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{quoted_cut(name, 60)} is not a time zone; "
                         f"{zone_hint(name[:grapheme_cut(name, 60)])}") from None


def zone_hint(text: str) -> str:
    """What to write for ``text``, which names no IANA time zone: the zone it most likely
    means (the same name in other capitals, ``europe/berlin``; a close spelling,
    ``Europe/Berlln``; ``right/Europe/Berlin``'s own), else an example."""
    import difflib
    from zoneinfo import available_timezones  # reads the zone list: only when one is wrong

    if text.startswith(_NOT_CIVIL):
        text = text.split("/", 1)[1]
    zones = sorted(z for z in available_timezones() if z not in _HOST)
    same = [z for z in zones if z.casefold() == text.casefold()]
    # a city alone (``New_York``, ``Kolkata``): the zone named after it, with its region
    city = [z for z in zones if "/" in z and "/" not in text
            and z.rsplit("/", 1)[1].casefold() == text.casefold()]
    if not same and (posix := posix_hint(text)) is not None:  # `CET-1CEST`: not "did you
        return posix  # mean 'CET'?", an hour off in summer
    if not same and (abbreviated := abbreviation_hint(text)) is not None:  # `PST`
        return abbreviated
    near = same or city[:1] or difflib.get_close_matches(text, zones, n=1, cutoff=0.75)
    if near and (why := fixed_all_year(near[0])) is not None:
        return why  # `est`: not "did you mean 'EST'?", which a typed time refuses
    return f"did you mean {near[0]!r}?" if near else "use a name such as UTC or Europe/Berlin"
