"""Named time intervals (quiet hours), Alertmanager style: weekdays, times of day and months in
a time zone. Pure: the instant to test is passed in.

A time range must end after it starts; a night that crosses midnight is written as two ranges
(``22:00-24:00`` and ``00:00-07:00``), as in Alertmanager. Weekdays and months take single
names or inclusive ranges (``monday:friday``, ``june:august``, ``1:3``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.durations import civil_zone, zone_hint
from bot.core.text import ascii_digits
from rules.schema import Interval, TimeInterval

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


_WHAT = {"weekday": "monday..sunday, or a range like monday:friday",
         "month": "1-12 or january..december, or a range like june:august"}


def _span(value: str, names: tuple[str, ...], what: str) -> frozenset[int]:
    """``"monday"`` / ``"monday:friday"`` / ``"3"`` / ``"1:3"`` -> 0-based indexes."""

    def one(part: str) -> int:
        p = part.strip().lower()
        if ascii_digits(p) and 1 <= int(p) <= len(names):
            return int(p) - 1
        if p in names:
            return names.index(p)
        shown = part if part.strip().isdigit() else repr(part)
        hint = next((n for n in names if p and n.startswith(p)), None)
        raise ValueError(f"{shown} is not a {what} ({_WHAT[what]})"
                         + (f"; did you mean {hint}?" if hint else ""))

    if ":" in value:
        lo, hi = (one(x) for x in value.split(":", 1))
        if hi < lo:
            raise ValueError(f"{what} range {value!r} ends before it starts")
        return frozenset(range(lo, hi + 1))
    return frozenset((one(value),))


@dataclass(frozen=True, slots=True)
class CompiledInterval:
    weekdays: frozenset[int]  # empty: every day
    months: frozenset[int]  # empty: every month
    times: tuple[tuple[int, int], ...]  # minutes since midnight, [start, end); empty: all day

    def contains(self, local: datetime) -> bool:
        if self.weekdays and local.weekday() not in self.weekdays:
            return False
        if self.months and local.month - 1 not in self.months:
            return False
        if not self.times:
            return True
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.times)


@dataclass(frozen=True, slots=True)
class CompiledTimeInterval:
    name: str
    zone: ZoneInfo
    intervals: tuple[CompiledInterval, ...]

    def contains(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        return any(i.contains(local) for i in self.intervals)


def interval_problems(spec: Interval) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every impossible value of ``spec``, each at its path inside the interval (what
    ``compile_interval`` would refuse, all of them rather than the first)."""
    for key, names, what in (("weekdays", WEEKDAYS, "weekday"), ("months", MONTHS, "month")):
        for k, value in enumerate(getattr(spec, key)):
            try:
                _span(value, names, what)
            except ValueError as exc:
                yield (key, k), str(exc)
    for k, t in enumerate(spec.times):
        if _minutes(t.end) <= _minutes(t.start):
            yield ("times", k), _backwards(t.start, t.end)
    if not (spec.weekdays or spec.times or spec.months):
        # an interval with no bounds holds at every instant: its route would be muted forever
        yield (), ("empty interval: it holds at every moment, so its route would never be "
                   "posted; say when, e.g. {weekdays: [saturday:sunday]} or {times: [{start: "
                   "\"22:00\", end: \"24:00\"}]}")


def _backwards(start: str, end: str) -> str:
    if start == end:
        return (f"time range {start}-{end} is empty: it ends where it starts; write the end "
                "after the start (e.g. 09:00-17:00), or 00:00-24:00 for the whole day")
    return (f"time range {start}-{end} ends before it starts; split a range that crosses "
            "midnight in two (22:00-24:00 and 00:00-07:00)")


def compile_interval(spec: Interval) -> CompiledInterval:
    """Raises ValueError (with the offending value) for an impossible interval."""
    weekdays: set[int] = set()
    for w in spec.weekdays:
        weekdays |= _span(w, WEEKDAYS, "weekday")
    months: set[int] = set()
    for m in spec.months:
        months |= _span(m, MONTHS, "month")
    times = []
    for t in spec.times:
        start, end = _minutes(t.start), _minutes(t.end)
        if end <= start:
            raise ValueError(_backwards(t.start, t.end))
        times.append((start, end))
    return CompiledInterval(frozenset(weekdays), frozenset(months), tuple(times))


def zone(name: str) -> ZoneInfo:
    """``name``'s zone, a civil IANA one as the config's zones are: not the host's
    ``localtime`` (quiet hours that move with the machine the bot runs on) nor a ``right/``
    or ``posix/`` copy."""
    try:
        return civil_zone(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name[:60]!r}; {zone_hint(name[:60])}") from exc


def compile_time_interval(spec: TimeInterval) -> CompiledTimeInterval:
    return CompiledTimeInterval(
        spec.name, zone(spec.time_zone), tuple(compile_interval(i) for i in spec.intervals)
    )
