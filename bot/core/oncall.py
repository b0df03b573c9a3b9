"""On-call schedules (``schedules:`` in the config): who is on call at an instant, who comes
next and when, and what ``socialops check`` says of a schedule.

A schedule is a rotation of people, each on call for one ``shift`` in turn, counted from
``start`` on the wall clock of its ``timezone`` (zoneinfo): a ``1d`` or ``1w`` shift hands over
at the start's time of day, summer or winter, so the shift across a daylight-saving change is
an hour shorter or longer, as PagerDuty's and Grafana OnCall's rotations are. A handoff at a
wall-clock time the zone skips comes at the gap's end (02:30 on the night Berlin goes from 02:00
to 03:00: at 03:00); one the zone repeats, at its first pass, so a shift holds both passes of
the repeated hour once. A shift left no time by a gap (an hourly rotation's 02:00 that night
starts when the 03:00 one does) is not counted, as RFC 5545 counts no instance of a time that
does not exist: whoever it would have gone to has the next, and the rotation goes on from them
(nobody loses a turn). An override (``{person, from, until}``)
wins over the rotation from ``from`` until ``until``. Times without an offset are the
schedule's wall-clock times. Before ``start`` nobody is on call but an override's person.

Pure arithmetic on an instant the caller gives (its injected clock): escalation steps ask it
when they fire (``handlers.tickets``), the ``oncall`` verb when asked (``handlers.oncall``), a
person's home when it is built (``handlers.home``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from bot.core.config import LoadedConfig, Problem, ScheduleConfig, YamlPath
from bot.core.durations import clock_trouble, offset_change, wall_instant
from bot.core.validation import suggest

NEVER = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class OnCall:
    """Who a schedule has on call at an instant, until when, and who then."""

    person: str | None  # None: nobody (before the rotation starts)
    overridden: bool  # by an override, not the rotation
    until: datetime | None  # None: nobody else is ever on call
    then: str | None


Span = tuple[datetime, datetime, str]  # an override: from, until (UTC), person


class Schedule:
    def __init__(self, config: ScheduleConfig, *, extra: Iterable[Span] = ()) -> None:
        """``extra``: overrides made in chat (``oncall primary cover 2h``, kept in the store),
        beside the config's; ``check`` and ``oncall ... cover`` refuse overlaps, so at any
        instant at most one of either kind applies."""
        self.config = config
        self.name = config.name
        self.zone = ZoneInfo(config.timezone)
        self.people = config.people
        self.shift = timedelta(seconds=config.shift)
        self._start = _wall(config.start, self.zone)
        self.configured: list[Span] = [(self.utc(o.from_), self.utc(o.until), o.person)
                                       for o in config.overrides]
        self.overrides = sorted([*self.configured, *extra], key=lambda o: o[0])

    def with_overrides(self, extra: Iterable[Span]) -> Schedule:
        """This schedule with more overrides (chat's, read from the store as it is asked)."""
        return Schedule(self.config, extra=extra)

    def clash(self, start: datetime, end: datetime) -> Span | None:
        """The first override overlapping ``start`` to ``end``, config's or chat's."""
        return next((o for o in self.overrides if start < o[1] and o[0] < end), None)

    def utc(self, at: datetime) -> datetime:
        """A time as the config writes it (an offset, or the schedule's wall clock) in UTC."""
        return (at if at.tzinfo is not None else at.replace(tzinfo=self.zone)).astimezone(UTC)

    def handoff(self, n: int) -> datetime:
        """The start of shift ``n`` (0: the first), in UTC; past the year 9999, ``NEVER``. A
        shift a gap leaves no time starts where the next does (``_turn`` skips it)."""
        try:
            return _instant(self._start + n * self.shift, self.zone)
        except OverflowError:  # a start near the end of the calendar: no later handoff
            return NEVER

    def _turn(self, n: int) -> int:
        """Whose turn shift ``n`` is (an index into the rotation): ``n`` less the shifts before
        it that a gap left no time (those whose wall-clock start is skipped, with a later
        one's start in the same gap or at its end: all start at the gap's end). Only a shift
        no longer than a gap can be one; no gap in tzdata is longer than a day."""
        if self.shift > timedelta(days=1) or n <= 0:
            return n
        try:
            last = self._start + n * self.shift
        except OverflowError:
            return n
        lost = 0
        for year in range(self._start.year - 1, last.year + 2):
            for begins, ends in _gaps(self.zone.key, year):
                # the shifts whose wall-clock start is in [begins, ends] all start at the
                # gap's end; all but the last are left no time
                first = max(0, _ceil_div(begins - self._start, self.shift))
                final = (ends - self._start) // self.shift
                lost += max(0, min(final, n) - first)
        return n - lost

    def _shift_at(self, at: datetime) -> int | None:
        """The rotation's shift at ``at``: the last whose handoff is at or before it."""
        if at < self.handoff(0):
            return None
        n = (_wall(at, self.zone) - self._start) // self.shift
        # the wall clock and the instants differ by a zone's change at most: a step or two
        while n > 0 and self.handoff(n) > at:
            n -= 1
        while self.handoff(n + 1) <= at:
            n += 1
        return n

    def _override(self, at: datetime) -> tuple[datetime, datetime, str] | None:
        return next((o for o in self.overrides if o[0] <= at < o[1]), None)

    def person_at(self, at: datetime) -> str | None:
        found = self._override(at)
        if found is not None:
            return found[2]
        n = self._shift_at(at)
        return None if n is None else self.people[self._turn(n) % len(self.people)]

    def _next_edge(self, at: datetime) -> datetime | None:
        """The next instant after ``at`` at which whoever is on call may change."""
        found = self._override(at)
        if found is not None:
            return found[1]
        n = self._shift_at(at)
        edges = [self.handoff(0 if n is None else n + 1)]
        edges += [o[0] for o in self.overrides if o[0] > at][:1]
        return None if min(edges) == NEVER else min(edges)

    def on_call(self, at: datetime) -> OnCall:
        now = self.person_at(at)
        found = self._override(at)
        t: datetime | None = at
        # a rotation may hand over to the same person (alice, bob, alice): look past that
        for _ in range(2 * len(self.people) + 2 * len(self.overrides) + 4):
            t = self._next_edge(t) if t is not None else None
            if t is None:
                break
            then = self.person_at(t)
            if then != now:
                return OnCall(now, found is not None, t, then)
        return OnCall(now, found is not None, None, None)


def _instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """A naive wall-clock time in ``zone`` as an instant (UTC): a time shown twice at its first
    pass, one the zone skips at the gap's end (``wall_instant``, as a digest's window ends)."""
    return wall_instant(wall, zone)


@lru_cache(maxsize=4096)
def _gaps(key: str, year: int) -> tuple[tuple[datetime, datetime], ...]:
    """The wall-clock times ``key`` skips where its offset grows in ``year`` (UTC), each as
    (first skipped, first shown after). The offset is sampled daily: a weekly sample missed
    Recife's (and Noronha's, Boa Vista's) summer time of 2000, one week less an hour, the
    same offset a week apart; no zone in tzdata since 1970 changes and changes back within
    two days. The change is found to the second; asked for a year once a process."""
    zone = ZoneInfo(key)
    gaps = []
    at = datetime(year, 1, 1, tzinfo=UTC)
    offset = at.astimezone(zone).utcoffset()
    while at.year == year:
        nxt = at + timedelta(days=1)
        after = nxt.astimezone(zone).utcoffset()
        if after != offset:
            change = offset_change(at, nxt, zone)
            now = change.astimezone(zone).utcoffset()
            if now is None or offset is None:
                break
            if now > offset and change.year == year:
                wall = change.replace(tzinfo=None)
                gaps.append((wall + offset, wall + now))
            at, offset = change, now  # a second change in the same day is found next
            continue
        at, offset = nxt, after
    return tuple(gaps)


def _ceil_div(a: timedelta, b: timedelta) -> int:
    return -((-a) // b)


def _wall(at: datetime, zone: ZoneInfo) -> datetime:
    """The wall-clock time (naive) of ``at`` in ``zone``; a naive time is one already."""
    return at if at.tzinfo is None else at.astimezone(zone).replace(tzinfo=None)


def schedules(configs: Iterable[ScheduleConfig]) -> dict[str, Schedule]:
    return {s.name: Schedule(s) for s in configs}


def when(at: datetime, zone: ZoneInfo) -> str:
    """An instant as a schedule's people read it: on its wall clock, its zone named."""
    return at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M %Z")


def describe(schedule: Schedule, at: datetime, *, reader: ZoneInfo | None = None) -> str:
    """One line of ``oncall``: who is on call now, until when, and who next; ``reader``: the
    asker's workspace's clock, on which the handoff is said too when it reads otherwise."""
    return f"{schedule.name}: {status(schedule, at, reader=reader)}"


def status(schedule: Schedule, at: datetime, *, reader: ZoneInfo | None = None) -> str:
    """``describe`` without the schedule's name (the App Home's row shows it apart)."""
    c = schedule.on_call(at)
    who = (f"{c.person} (override)" if c.overridden else c.person) if c.person else "nobody"
    if c.until is None:
        return who + (", with nobody after" if c.person is None else "")
    also = reader_clock(c.until, schedule.zone, reader)
    return who + f" until {when(c.until, schedule.zone)}{also}, then {c.then or 'nobody'}"


def reader_clock(at: datetime, zone: ZoneInfo, reader: ZoneInfo | None) -> str:
    """`` (04:30 America/New_York)``: ``at`` on the reader's clock, its weekday too when it is
    another day there; nothing when that clock reads as the schedule's at ``at``."""
    if reader is None or at == NEVER:
        return ""
    theirs, here = at.astimezone(zone), at.astimezone(reader)
    if theirs.replace(tzinfo=None) == here.replace(tzinfo=None):
        return ""
    day = f"{here:%a} " if here.date() != theirs.date() else ""
    return f" ({day}{here:%H:%M} {reader.key})"


# --- what `socialops check` says of schedules ---------------------------------------------------


def schedule_problems(loaded: LoadedConfig) -> Iterator[Problem]:
    """Unknown people, inverted or overlapping overrides, duplicate names, and escalation
    steps naming a schedule that is not declared, each at its own line."""
    cfg = loaded.config
    people = None if loaded.unsure("people", "id") else loaded.people_ids()
    seen: dict[str, int] = {}
    for i, sc in enumerate(cfg.schedules):
        base: YamlPath = ("schedules", i)
        # `oncall Primary` finds `primary`: names that differ only in case are one name
        same = next((n for n in seen if n.casefold() == sc.name.casefold()), None)
        if same is not None:
            first = loaded.doc.line_of(("schedules", seen[same])) if loaded.doc else None
            at = f" at line {first}" if first else ""
            yield (*base, "name"), (
                f"duplicate schedule name {sc.name!r} (first{at})" if same == sc.name else
                f"duplicate schedule name {sc.name!r}: {same!r} is declared first{at}, and "
                "oncall reads a name in any case")
        else:
            seen[sc.name] = i
        for k, person in enumerate(sc.people):
            if people is not None and person not in people:
                yield (*base, "people", k), (f"unknown person {person!r}; a rotation names "
                                             "person ids from people:")
        schedule = Schedule(sc)
        spans: list[tuple[datetime, datetime, int]] = []
        now = datetime.now(UTC)
        for j, o in enumerate(sc.overrides):
            where: YamlPath = (*base, "overrides", j)
            if people is not None and o.person not in people:
                yield (*where, "person"), (f"unknown person {o.person!r}; an override names a "
                                           "person id from people:")
            if o.stood_in():  # a time of it refused, said by the schema: the person alone
                continue
            for key, wall in (("from", o.from_), ("until", o.until)):
                # a wall-clock time the zone skips or shows twice: read as one of them, the
                # override would begin or end an hour from what was meant (chat's cover
                # refuses it the same way). One that ended a day ago changes nothing any
                # more: a config that ran before this check would not start after an upgrade
                # A from or until at a day's 00:00 (a calendar's 24:00 of the day before) is
                # when that day begins, one moment even where midnight is skipped (Santiago's
                # spring: the jump, as utc reads it) or shown twice (the first), as chat's
                # cover reads it
                begins = wall.time() == time(0)
                if (wall.tzinfo is None and schedule.utc(o.until) > now - timedelta(days=1)
                        and not begins and (trouble := clock_trouble(wall, schedule.zone))):
                    yield (*where, key), f"{_shown(wall)}: {trouble}"
            start, end = schedule.utc(o.from_), schedule.utc(o.until)
            if end <= start:
                yield (*where, "until"), (
                    f"{_shown(o.until)} is not after from ({_shown(o.from_)}): an override "
                    "ends after it begins")
                continue
            for other_start, other_end, m in spans:
                if start < other_end and other_start < end:
                    line = loaded.doc.line_of((*base, "overrides", m)) if loaded.doc else None
                    yield (*where, "from"), (
                        f"overlaps the override at {f'line {line}' if line else f'#{m + 1}'} "
                        f"({sc.overrides[m].person}, {_shown(sc.overrides[m].from_)} to "
                        f"{_shown(sc.overrides[m].until)}): one person is on call at a time; "
                        "end one where the other begins")
                    break
            spans.append((start, end, j))
    names = set(seen) | loaded.written("schedules", "name")
    known = (f"declared: {', '.join(sorted(seen))}" if seen
             else "no schedules are declared yet; add one under schedules:")
    for i, esc in enumerate(cfg.escalations):
        for j, step in enumerate(esc.steps):
            if step.schedule is not None and step.schedule not in names:
                near = suggest(step.schedule, names)
                yield ("escalations", i, "steps", j, "schedule"), (
                    f"unknown schedule {step.schedule!r}"
                    + (f"; did you mean {near}?" if near else "") + f" ({known})")


def _shown(at: datetime) -> str:
    return at.isoformat(timespec="minutes")
