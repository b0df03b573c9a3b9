"""Source health: a source that goes quiet or starts failing is said once, and so is its recovery.

What is measured (``record_poll``, called by the runtime after every poll and, for streams,
once a minute while connected): per source and minute, the posts the source yielded, its polls
and its failed polls, and for sources made of several feeds (RSS) the failures of each feed.
They are kept as per-minute counts every process adds to (``keys.SOURCE_SERIES`` names).

What is learnt (the ``health`` timer, one process at a time, every ``CHECK_EVERY`` seconds):
each source's usual volume per minute for each hour of the day (so a quiet night is not a
silence), as bias-corrected exponentially weighted averages with a half-life of
``health.half_life_days``, and its usual share of failed polls. The hours are those of
``health.timezone``'s clock (``HealthConfig.hours_zone``), as people post by their local
clocks: on UTC, a daylight-saving change shifts a source's day by an hour for a week or more. A
day of 25 hours learns its repeated hour twice, one of 23 its skipped hour not at all. The
stored hours say their clock (``VERSION``); hours stored on another clock, or by a release
before (UTC, no version), are moved to this one once, by the offset between the clocks over
most of what was learnt. A release before reads "hours" as UTC's and rewrites the state whole
(dropping the version): "hours" are a UTC view for it, the clock's own are "clock_hours", and
``keys.SOURCE_HOURS_CLOCK`` says the view this release wrote, so hours one of those wrote back
are returned exactly, not moved again. An ongoing silence is not learnt until it ends, so a
source that stops does not teach the baseline that silence is normal.

When it alerts, in the ops channel, with the evidence:
- **quiet**: the polls succeed but nothing came for so long that ``health.expected_posts``
  posts were expected (the chance of that silence by luck is e^-expected) and at least
  ``health.min_quiet_minutes`` passed; only after ``health.warmup_hours`` of learning. A
  process that was down does not count as silence: only minutes a successful poll covered do.
- **failing**: in the last window (15 min, or four poll intervals), at least
  ``health.failing_polls`` polls failed and the failed share is at least
  ``health.failing_share`` and three times the usual share.
- **feed failing** (per URL): the same test over that feed's failures.

What is said when asked (``describe``, the chat and console ``status``; ``poll_ages``, the
``source_last_poll_age_seconds`` gauge): a source no process polled for longer than
``Watched.unpolled_after`` (three poll intervals, at least ``UNPOLLED_MIN``), from when any
process last polled it (``record_polled``, ``polled_key``): the process that polls it died or
was never started, which the quiet alert does not see, as it counts polled minutes only.
- **unpolled**: no process polled it for longer than ``Watched.unpolled_after`` (as
  ``describe`` says it), when the process running this check is not the one that stopped.
Each alert is followed by one recovery note. The state, the alert and the timer's next run are
one transaction, so a crash never says it twice nor loses it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Protocol, TypeGuard
from zoneinfo import ZoneInfoNotFoundError

from bot.core import keys as K
from bot.core.cards import Card, CardField, OutboxItem
from bot.core.config import HealthConfig
from bot.core.durations import civil_zone, span
from bot.core.effects import Effects
from bot.core.errors import MAX_QUOTED
from bot.core.jsonbody import loads
from bot.core.models import ChannelRef
from bot.core.ports import Clock, DueTimer, Transactions
from bot.core.text import one_line, truncate

log = logging.getLogger(__name__)

CHECK_EVERY = 60.0
SEP = "\x1f"
POLLS, ERRORS = "polls", "errors"
MIN_WINDOW = 15  # minutes
MIN_RECOVERY = 5  # minutes without failures before "recovered"
MIN_ERR_MINUTES = 60  # polled minutes learnt before the usual error share counts
STREAM_INTERVAL = 60.0  # a stream says it is alive once a minute
RECENT = 100  # alerts this process remembers having said
UNPOLLED_MIN = 120.0  # seconds: a source unpolled for less is not said to be
POLLED_EVERY = 10.0  # seconds: a process writes when it polled a source at most this often
VERSION = 2  # of the stored state: 2 names the clock of its hours ("zone"); before, UTC


def volume(source_id: str) -> str:
    return f"{K.SOURCE_SERIES}{source_id}"


def polls(source_id: str) -> str:
    return f"{K.SOURCE_SERIES}{source_id}{SEP}{POLLS}"


def errors(source_id: str, part: str | None = None) -> str:
    tail = f"{SEP}{part}" if part else ""
    return f"{K.SOURCE_SERIES}{source_id}{SEP}{ERRORS}{tail}"


def health_key(source_id: str) -> str:
    """Where the runtime keeps a source's latest error (and its failing feeds)."""
    return f"{K.HEALTH}:{source_id}"


def polled_key(source_id: str) -> str:
    """Where the time any process last polled the source is kept (``record_polled``)."""
    return f"{K.SOURCE_POLLED}:{source_id}"


@dataclass(frozen=True)
class Polled:
    """When any process last polled a source, and how long past its interval that process
    waits before the next poll (a rate limit's wait, a failure's backoff, a refused
    credential's pause), so a wait is not taken for no process polling."""

    at: datetime
    waits: float = 0.0
    # the wait is a failed poll's backoff, not the network's rate limit (written since
    # 2026-12-06; a record without it is a rate limit's or a poll that succeeded)
    failed: bool = False


def record_polled(fx: Effects, source_id: str, now: datetime, *, last: datetime | None,
                  waits: float = 0.0, failed: bool = False) -> datetime | None:
    """Keep ``now`` as when the source was last polled, unless this process wrote it less than
    ``POLLED_EVERY`` ago (``last``, what the previous call returned): a replay polled every
    10 ms would write it 100 times a second, and the bound it is judged by is minutes. A wait
    is always written, and so is the poll after it (None returned)."""
    if (not waits and last is not None
            and timedelta(0) <= now - last < timedelta(seconds=POLLED_EVERY)):
        return last
    record: dict[str, object] = {"at": now.astimezone(UTC).isoformat(), "waits": waits}
    if failed:
        record["failed"] = True
    fx.cursors[polled_key(source_id)] = json.dumps(record)
    return None if waits else now


def read_polled(raw: str) -> Polled | None:
    """What ``record_polled`` wrote, or None when it is not that."""
    data = _json_object(raw)
    if isinstance(data, str):
        return None
    at, waits = data.get("at"), data.get("waits", 0.0)
    if (not isinstance(at, str) or isinstance(waits, bool)
            or not isinstance(waits, int | float) or not math.isfinite(waits) or waits < 0):
        return None
    try:
        when = datetime.fromisoformat(at)
        when.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return (Polled(when, float(waits), data.get("failed") is True) if when.tzinfo is not None
            else None)


def record_poll(fx: Effects, source_id: str, now: datetime, *, fetched: int,
                error: str | None, parts: Mapping[str, str], last: str | None,
                moved: Mapping[str, str] | None = None) -> str:
    """Count one poll (``error`` set when it failed; ``parts`` the feeds that failed in it;
    ``moved`` the feeds a permanent redirect sent elsewhere, with what to put in the config)
    and, when it changed since ``last`` (what the previous call returned), the latest error.
    Returns what to pass as ``last`` next time."""
    minute = int(now.timestamp() // 60)
    fx.counts.append((polls(source_id), minute, 1))
    if fetched:
        fx.counts.append((volume(source_id), minute, fetched))
    if error is not None:
        fx.counts.append((errors(source_id), minute, 1))
    for part in parts:
        fx.counts.append((errors(source_id, part), minute, 1))
    state: dict[str, Any] = {"error": error, "parts": dict(sorted(parts.items()))}
    if moved:  # only then: the record of every other poll stays as a release before wrote it
        state["moved"] = dict(sorted(moved.items()))
    content = json.dumps(state, sort_keys=True)
    if content != last:
        fx.cursors[health_key(source_id)] = json.dumps({**state, "at": now.isoformat()},
                                                       sort_keys=True)
    return content


@dataclass(frozen=True)
class PollHealth:
    """A source's latest poll as ``record_poll`` keeps it (``health_key``)."""

    error: str  # "" when the poll succeeded
    at: str  # when, ISO 8601
    parts: Mapping[str, str]  # the feeds that failed in it, and why
    # the feeds a 301 or 308 sent elsewhere in it, and what to put in the config
    moved: Mapping[str, str] = field(default_factory=dict)

    def shown_at(self, fmt: str = "%Y-%m-%d %H:%M UTC") -> str:
        """When, as the bot shows times (``2026-12-07 08:00 UTC``); as stored when it is not
        a time a datetime holds in UTC."""
        try:
            return datetime.fromisoformat(self.at).astimezone(UTC).strftime(fmt)
        except (ValueError, OverflowError):
            return self.at or "?"


def read_poll_health(raw: str | None) -> PollHealth | str:
    """``raw`` (what ``health_key`` holds) read, or what is wrong with it: ``record_poll``
    writes an object of an error (text or null), a time (ISO 8601) and feeds (an object of
    texts). The error and each feed's why are read as one line of visible text, at most
    ``MAX_QUOTED`` characters: ``Runtime._failed`` records ``str`` of whatever the poll raised,
    and an exception not ours (or a record a release before wrote) can quote a server's body
    on several lines, with its escape sequences and bidi overrides, which ``why``, the chat
    status and the failing alert's card quoted as stored."""
    data = _json_object(raw)
    if isinstance(data, str):
        return data
    error, at, parts = data.get("error"), data.get("at", ""), data.get("parts") or {}
    moved = data.get("moved") or {}
    if (not isinstance(error, str | None) or not isinstance(at, str)
            or not isinstance(parts, dict) or not isinstance(moved, dict)
            or not all(isinstance(v, str) for v in (*parts.values(), *moved.values()))):
        return "an object of the wrong shape"
    try:
        if at:
            datetime.fromisoformat(at).astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: past what a datetime holds in UTC
        return f"an object whose time {one_line(at, 40)!r} is no time"
    return PollHealth(one_line(error or "", MAX_QUOTED), at,
                      {url: one_line(why, MAX_QUOTED) for url, why in parts.items()},
                      {url: one_line(fix, MAX_QUOTED) for url, fix in moved.items()})


def _json_object(raw: str | None) -> dict[str, Any] | str:
    """``raw`` read as the JSON object a cursor of this module holds (none: ``{}``), or what
    is wrong with it."""
    try:
        data = json.loads(raw) if raw else {}
    except (ValueError, RecursionError):
        return "not JSON"
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object"
    return data


@dataclass(frozen=True)
class Watched:
    """A configured source as the health check sees it."""

    id: str
    interval: float  # seconds between polls

    @property
    def window(self) -> int:
        return max(MIN_WINDOW, math.ceil(4 * self.interval / 60))

    @property
    def recovery(self) -> int:
        return max(MIN_RECOVERY, math.ceil(2 * self.interval / 60))

    @property
    def unpolled_after(self) -> float:
        """Seconds without a poll by any process after which the source is said unpolled."""
        return max(UNPOLLED_MIN, 3 * self.interval)

    def unpolled(self, polled: Polled, now: datetime,
                 outages: Sequence[tuple[float, float]] = ()) -> bool:
        """Whether ``polled``, the source's last poll by any process, is longer ago than
        ``unpolled_after`` past the wait that poll announced, not counting the time no bot
        process ran since (``outages``, ``bot.engine.uptime``: nobody could poll it then, and
        the process back from it has had no time to)."""
        age = (now - polled.at).total_seconds() - down_between(outages, polled.at, now)
        return age > self.unpolled_after + polled.waits


Outages = Callable[[], Sequence[tuple[float, float]]]


def down_between(outages: Sequence[tuple[float, float]], start: datetime,
                 end: datetime) -> float:
    """Seconds of ``start``..``end`` within the spans no bot process ran (unix seconds)."""
    a, b = start.timestamp(), end.timestamp()
    return sum(max(0.0, min(b, e) - max(a, s)) for s, e in outages)


class HealthReads(Protocol):
    async def get_cursor(self, source_id: str) -> str | None: ...
    async def series_counts(self, since_bucket: int, *,
                            sources: bool = False) -> dict[str, dict[int, int]]: ...


class Baseline:
    """A bias-corrected EWMA over minutes: S/W, where each minute adds ``a*x`` to S and ``a``
    to W after both decay by ``1-a``; k quiet minutes decay S by ``(1-a)^k``."""

    __slots__ = ("s", "w")

    def __init__(self, s: float = 0.0, w: float = 0.0) -> None:
        self.s, self.w = s, w

    def zeros(self, k: int, a: float) -> None:
        if k <= 0:
            return
        d = (1 - a) ** k
        self.s *= d
        self.w = self.w * d + (1 - d)

    def add(self, x: float, a: float) -> None:
        self.s = self.s * (1 - a) + a * x
        self.w = self.w * (1 - a) + a

    @property
    def value(self) -> float | None:
        return self.s / self.w if self.w > 1e-12 else None


def clock_of(name: str) -> tzinfo | None:
    """The zone named (validated by the config), or None for UTC, whose hours are plain
    arithmetic on the minute."""
    return None if name == "UTC" else civil_zone(name)


def offset(minute: int, zone: tzinfo | None) -> int:
    """Minutes ``zone``'s clock is ahead of UTC at ``minute`` (UTC minutes since the epoch)."""
    if zone is None:
        return 0
    ahead = datetime.fromtimestamp(minute * 60, zone).utcoffset()
    return 0 if ahead is None else int(ahead.total_seconds() // 60)


def hour_of(minute: int, zone: tzinfo | None) -> int:
    """The hour of the day on ``zone``'s clock at ``minute``."""
    return ((minute + offset(minute, zone)) // 60) % 24


def minutes_by_hour(start: int, end: int, *, zone: tzinfo | None = None) -> list[int]:
    """How many of the minutes ``[start, end)`` fall in each hour of the day on ``zone``'s
    clock (None: UTC). An hour a clock change repeats counts both times; one it skips, none.
    A few stretches of one offset a year, each plain arithmetic: a check judges a rare source's
    silence of months every minute."""
    if zone is None:
        return _hours_of_minutes(start, end)
    out = [0] * 24
    if end <= start:
        return out
    first, final = (datetime.fromtimestamp(m * 60, UTC).year for m in (start, end - 1))
    for year in range(first, final + 1):
        for a, b, ahead in _stretches(zone, year):
            lo, hi = max(a, start), min(b, end)
            if lo < hi:
                for h, k in enumerate(_hours_of_minutes(lo + ahead, hi + ahead)):
                    out[h] += k
    return out


def _hours_of_minutes(start: int, end: int) -> list[int]:
    """``minutes_by_hour`` on a clock that never changes (minutes counted on it)."""
    out = [0] * 24
    if end <= start:
        return out
    days, rest = divmod(end - start, 1440)
    if days:
        out = [days * 60] * 24
    m = start
    stop = start + rest
    while m < stop:
        hour = (m // 60) % 24
        upto = min(stop, (m // 60 + 1) * 60)
        out[hour] += upto - m
        m = upto
    return out


STRETCH_PROBE = 360  # minutes: no clock changes twice in less


@functools.lru_cache(maxsize=256)
def _stretches(zone: tzinfo, year: int) -> tuple[tuple[int, int, int], ...]:
    """The UTC ``year`` as ``(first minute, end, minutes ahead of UTC)`` stretches of one
    offset on ``zone``'s clock: probed every ``STRETCH_PROBE`` minutes, each change found to
    the minute."""
    a, end = (int(datetime(y, 1, 1, tzinfo=UTC).timestamp() // 60) for y in (year, year + 1))
    out: list[tuple[int, int, int]] = []
    since, ahead = a, offset(a, zone)
    at = a  # offset(at) == ahead
    while at < end - 1:
        probe = min(at + STRETCH_PROBE, end - 1)
        if offset(probe, zone) == ahead:
            at = probe
            continue
        lo, hi = at, probe
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if offset(mid, zone) == ahead else (lo, mid)
        out.append((since, hi, ahead))
        since, ahead, at = hi, offset(hi, zone), hi
    out.append((since, end, ahead))
    return tuple(out)


class SourceState:
    """What the check remembers about one source (JSON in the store, with the rest)."""

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        d = dict(data or {})
        # "clock_hours": the hours on the stored clock, when "hours" are UTC's for a release
        # before (see ``to_json``)
        mine = "clock_hours" in d
        self.hours = ([Baseline(*p) for p in d.get("clock_hours" if mine else "hours", [])]
                      or [Baseline() for _ in range(24)])
        self.seen: list[int] = list(d.get("clock_seen" if mine else "seen", [0] * 24))
        self.all = Baseline(*d.get("all", (0.0, 0.0)))
        self.err = Baseline(*d.get("err", (0.0, 0.0)))
        self.learnt: int = int(d.get("learnt", 0))
        self.err_minutes: int = int(d.get("err_minutes", 0))
        self.cleared: int = int(d.get("cleared", 0))  # alerts look at minutes after this
        self.gap: int | None = d.get("gap")  # first minute of the current silence
        self.ok: int | None = d.get("ok")  # last minute a poll succeeded
        self.recent: list[list[int]] = [list(x) for x in d.get("recent", [])]  # [m, polls, errs]
        self.parts: dict[str, list[list[int]]] = {
            k: [list(x) for x in v] for k, v in d.get("parts", {}).items()}
        self.quiet: dict[str, Any] | None = d.get("quiet")
        self.failing: dict[str, Any] | None = d.get("failing")
        self.failing_parts: dict[str, dict[str, Any]] = dict(d.get("failing_parts", {}))
        # said unpolled: "since" the minute it was last polled
        self.unpolled: dict[str, Any] | None = d.get("unpolled")

    def to_json(self, *, utc_view: int = 0) -> dict[str, Any]:
        """``utc_view``: minutes (whole hours) UTC is ahead of the clock of the hours. A release
        before health.timezone reads "hours" and "seen" as UTC's and writes back only those:
        they are these hours moved to UTC's clock, and these ones are kept as "clock_hours"."""
        out: dict[str, Any] = {}
        if utc_view:
            out = {"clock_hours": [[b.s, b.w] for b in self.hours], "clock_seen": self.seen}
            view = SourceState(out)
            view.move_hours(utc_view)
            out |= {"hours": [[b.s, b.w] for b in view.hours], "seen": view.seen}
        else:
            out = {"hours": [[b.s, b.w] for b in self.hours], "seen": self.seen}
        return out | {
            "all": [self.all.s, self.all.w], "err": [self.err.s, self.err.w],
            "learnt": self.learnt, "err_minutes": self.err_minutes,
            "cleared": self.cleared, "gap": self.gap, "ok": self.ok, "recent": self.recent,
            "parts": self.parts, "quiet": self.quiet, "failing": self.failing,
            "failing_parts": self.failing_parts, "unpolled": self.unpolled}

    def rate(self, hour: int) -> float:
        """Posts per minute usual at this hour of the day: the lower of the hour's own rate
        (once watched for an hour) and the all-day rate. An hour's rate rests on few minutes
        and is noisy; taking the lower keeps a noisy-high hour from raising a false alarm,
        and a quiet hour (nights) from being judged by the day's volume."""
        overall = self.all.value or 0.0
        own = self.hours[hour].value if self.seen[hour] >= 60 else None
        return overall if own is None else min(own, overall)

    def expected(self, start: int, end: int, *, zone: tzinfo | None = None) -> float:
        return sum(k * self.rate(h)
                   for h, k in enumerate(minutes_by_hour(start, end, zone=zone)) if k)

    def move_hours(self, shift: int) -> None:
        """Carry the hours learnt on one clock over to a clock ``shift`` minutes ahead of it:
        hour h here is the minutes from ``h*60 - shift`` there, in two of its hours when the
        shift is not whole hours (India's), shared by the minutes in each."""
        q, r = divmod(shift, 60)
        f = r / 60
        hours, seen = self.hours, self.seen
        self.hours = [Baseline(f * hours[(h - q - 1) % 24].s + (1 - f) * hours[(h - q) % 24].s,
                               f * hours[(h - q - 1) % 24].w + (1 - f) * hours[(h - q) % 24].w)
                      for h in range(24)]
        # each old hour's minutes go r/60 to the next hour here and the rest to its own
        self.seen = [r * seen[(h - q - 1) % 24] // 60 + seen[(h - q) % 24]
                     - r * seen[(h - q) % 24] // 60 for h in range(24)]


@dataclass(frozen=True)
class Alert:
    source: str
    kind: str  # quiet | quiet-over | failing | failing-over | feed | feed-over | unpolled | ...
    title: str
    text: str
    evidence: tuple[tuple[str, str], ...] = ()
    subject: str = ""  # the feed, for feed alerts


class HealthCheck:
    """The pure part: feed it the minutes read since the last check, get alerts back."""

    def __init__(self, cfg: HealthConfig, sources: Sequence[Watched]) -> None:
        self.cfg = cfg
        self.sources = {s.id: s for s in sources}
        self.zone = clock_of(cfg.hours_zone)
        minutes = cfg.half_life_days * 1440
        self.a_all = 1 - 0.5 ** (1 / minutes)
        self.a_hour = 1 - 0.5 ** (1 / (cfg.half_life_days * 60))

    def step(self, states: dict[str, SourceState], counts: Mapping[str, Mapping[int, int]],
             *, first: int, last: int, now: datetime,
             polled: Mapping[str, Polled | None] | None = None,
             outages: Sequence[tuple[float, float]] = ()) -> list[Alert]:
        """Fold minutes ``first..last`` (inclusive, complete) into each source's state;
        ``polled``: when any process last polled each source (``SourceHealth.polled_at``);
        ``outages``: the spans no bot process ran (not a source left unpolled)."""
        alerts: list[Alert] = []
        for sid, watched in self.sources.items():
            st = states.setdefault(sid, SourceState())
            alerts += self._fold(st, watched, counts, first, last)
            alerts += self._judge(st, watched, last, now)
            alerts += self._polled(st, watched, (polled or {}).get(sid), now, outages)
        return alerts

    def _polled(self, st: SourceState, w: Watched, polled: Polled | None,
                now: datetime, outages: Sequence[tuple[float, float]] = ()) -> list[Alert]:
        """No process polled the source for longer than ``w.unpolled_after`` past the wait
        the last poll announced, the time no process ran left out: said once, and once when
        a poll comes again. Never polled: nothing to say."""
        if polled is None:
            return []
        age = (now - polled.at).total_seconds()
        minute = int(polled.at.timestamp() // 60)
        unpolled = w.unpolled(polled, now, outages)
        if st.unpolled is None and unpolled:
            st.unpolled = {"since": minute}
            return [Alert(w.id, "unpolled", f"Source {w.id} is not polled",
                          f"No process has polled it since {_at(minute)} "
                          f"({span(int(age // 60))}), though it is polled every "
                          f"{w.interval:g} s: the process that polls it stopped or was never "
                          "started; is a worker running? Its posts wait at the network "
                          "until one polls it.",
                          (("Last polled", _at(minute)),
                           ("Said after", f"{w.unpolled_after:g} s without a poll")))]
        if st.unpolled is not None and not unpolled:
            since = int(st.unpolled["since"])
            st.unpolled = None
            return [Alert(w.id, "unpolled-over", f"Source {w.id} is polled again",
                          f"Polled at {_at(minute)}, after {span(max(0, minute - since))} "
                          "without a poll.")]
        return []

    def _fold(self, st: SourceState, w: Watched, counts: Mapping[str, Mapping[int, int]],
              first: int, last: int) -> list[Alert]:
        vol = counts.get(volume(w.id), {})
        pol = counts.get(polls(w.id), {})
        err = counts.get(errors(w.id), {})
        prefix = errors(w.id) + SEP
        parts = {name[len(prefix):]: c for name, c in counts.items() if name.startswith(prefix)}
        alerts: list[Alert] = []
        a_err = 1 - 0.5 ** (1 / max(1.0, self.cfg.half_life_days * 1440
                                    / max(1.0, w.interval / 60)))
        for m in sorted(set(pol) | set(vol)):
            if m < first or m > last:
                continue
            p, e, n = pol.get(m, 0), err.get(m, 0), vol.get(m, 0)
            if p:
                st.recent.append([m, p, e])
            for part, c in parts.items():
                if c.get(m):
                    st.parts.setdefault(part, []).append([m, c[m]])
            if p > e or n:
                st.ok = m if st.ok is None else max(st.ok, m)
                if st.gap is None:
                    st.gap = m
            if n and st.gap is not None:
                silent = m - st.gap
                if st.quiet is not None:
                    alerts.append(self._quiet_over(w.id, st, m, n))
                    st.quiet = None
                for h, k in enumerate(minutes_by_hour(st.gap, m, zone=self.zone)):
                    if k:
                        st.hours[h].zeros(k, self.a_hour)
                        st.seen[h] += k
                st.all.zeros(silent, self.a_all)
                hour = hour_of(m, self.zone)
                st.hours[hour].add(float(n), self.a_hour)
                st.seen[hour] += 1
                st.all.add(float(n), self.a_all)
                st.learnt += silent + 1
                st.gap = m + 1
        keep = last - max(w.window, w.recovery)
        for r in st.recent:
            # minutes leave the window into the usual error share (unless failing then), so
            # the usual is what came before the window being judged
            if r[0] <= keep and st.failing is None:
                st.err.add(min(1.0, r[2] / r[1]), a_err)
                st.err_minutes += 1
        st.recent = [r for r in st.recent if r[0] > keep]
        for part in list(st.parts):
            st.parts[part] = [r for r in st.parts[part] if r[0] > keep]
            if not st.parts[part] and part not in st.failing_parts:
                del st.parts[part]
        return alerts

    def _judge(self, st: SourceState, w: Watched, last: int, now: datetime) -> list[Alert]:
        cfg = self.cfg
        out: list[Alert] = []
        # quiet: minutes covered by successful polls since the last post
        if (cfg.quiet_alerts and st.quiet is None and st.gap is not None and st.ok is not None
                and st.learnt >= cfg.warmup_hours * 60):
            silent = st.ok + 1 - st.gap
            expected = st.expected(st.gap, st.ok + 1, zone=self.zone)
            if silent >= cfg.min_quiet_minutes and expected >= cfg.expected_posts:
                st.quiet = {"at": last, "since": st.gap, "expected": expected}
                out.append(self._quiet(w.id, st, silent, expected, now))
        start = max(last - w.window, st.cleared)
        window = [r for r in st.recent if r[0] > start]
        n_polls = sum(r[1] for r in window)
        n_errs = sum(r[2] for r in window)
        usual = (st.err.value or 0.0) if st.err_minutes >= MIN_ERR_MINUTES else 0.0
        if st.failing is None and n_errs >= cfg.failing_polls and n_polls and (
                n_errs / n_polls >= max(cfg.failing_share, min(1.0, 3 * usual))):
            st.failing = {"at": last, "since": min(r[0] for r in window if r[2])}
            out.append(Alert(w.id, "failing", f"Source {w.id} is failing",
                             f"{n_errs} of {n_polls} polls in the last {w.window} min failed "
                             f"(usually {usual:.0%}). Other sources keep running; it retries "
                             "with backoff.",
                             (("Failed polls", f"{n_errs} of {n_polls} in {w.window} min"),
                              ("Usually", f"{usual:.0%} of polls fail"))))
        elif st.failing is not None:
            tail = [r for r in st.recent if r[0] > last - w.recovery]
            if sum(r[1] for r in tail) > sum(r[2] for r in tail) and not any(
                    r[2] for r in tail):
                took = last - int(st.failing["since"])
                out.append(Alert(w.id, "failing-over", f"Source {w.id} recovered",
                                 f"Its polls succeed again (it had been failing for "
                                 f"{span(took)})."))
                st.failing = None
                st.cleared = last
        for part, rows in st.parts.items():
            fails = sum(r[1] for r in rows if r[0] > start)
            if part not in st.failing_parts and fails >= cfg.failing_polls and n_polls and (
                    fails / n_polls >= cfg.failing_share):
                st.failing_parts[part] = {"at": last}
                out.append(Alert(w.id, "feed", f"A feed of {w.id} is failing",
                                 f"{part} failed {fails} of {n_polls} polls in the last "
                                 f"{w.window} min. The source's other feeds are still read.",
                                 (("Feed", part),), subject=part))
        for part in list(st.failing_parts):
            recent_polls = sum(r[1] for r in st.recent if r[0] > last - w.recovery)
            recent_fails = sum(r[1] for r in st.parts.get(part, []) if r[0] > last - w.recovery)
            if recent_polls and not recent_fails:
                del st.failing_parts[part]
                st.parts.pop(part, None)  # its old failures do not count again
                out.append(Alert(w.id, "feed-over", f"A feed of {w.id} recovered",
                                 f"{part} is read again.", (("Feed", part),), subject=part))
        return out

    def _quiet(self, sid: str, st: SourceState, silent: int, expected: float,
               now: datetime) -> Alert:
        hour = now.astimezone(self.zone or UTC).hour
        usual = st.rate(hour) * 60
        assert st.gap is not None and st.ok is not None
        return Alert(
            sid, "quiet", f"Source {sid} has gone quiet",
            f"No posts for {span(silent)} (since {_at(st.gap)}), though its polls succeed; "
            f"about {expected:.0f} were expected. The network returns nothing for its "
            "queries: check them, the account's access, or the instance.",
            (("Usually", f"{usual:.1f} posts an hour at this time of day"),
             ("Expected since its last post", f"{expected:.0f} (chance of none: "
                                              f"{_chance(expected)})"),
             ("Last successful poll", _at(st.ok)),
             ("Learnt over", span(st.learnt))))

    def _quiet_over(self, sid: str, st: SourceState, m: int, n: int) -> Alert:
        assert st.gap is not None
        return Alert(sid, "quiet-over", f"Source {sid} is yielding posts again",
                     f"{n} post{'s' if n != 1 else ''} at {_at(m)} after {span(m - st.gap)} "
                     "of silence.")


def _chance(expected: float) -> str:
    p = math.exp(-expected)
    return f"1 in {1 / p:,.0f}" if p > 1e-9 else "under 1 in a billion"


_LAST_MINUTE = int(datetime(9999, 12, 30, tzinfo=UTC).timestamp()) // 60


def _at(minute: int) -> str:
    return datetime.fromtimestamp(minute * 60, UTC).strftime("%Y-%m-%d %H:%M UTC")


class SourceHealth:
    """The ``health`` timer: reads what every process counted, judges, alerts once."""

    def __init__(self, reads: HealthReads, applier: Transactions, *, cfg: HealthConfig,
                 clock: Clock, sources: Sequence[Watched], ops: ChannelRef | None,
                 outages: Outages | None = None) -> None:
        """``outages``: the spans no bot process ran, as known when this one started
        (``Uptime.outages``): a source no process polled then was left by none."""
        self.reads = reads
        self.outages = outages or (lambda: ())
        self.applier = applier
        self.check_ = HealthCheck(cfg, sources)
        self.clock = clock
        self.ops = ops
        # what this process said lately (the demo prints them): the last RECENT
        self.alerts: deque[Alert] = deque(maxlen=RECENT)
        self.told_of: set[str] = set()  # other processes' clocks said to disagree with this
        self.unreadable = 0  # stored states skipped and learnt afresh (``unreadable_records``)
        # the damaged poll states already said and counted (cursor, digest of what it holds)
        self._damaged: deque[tuple[str, str]] = deque(maxlen=RECENT)

    def arm(self, fx: Effects) -> None:
        fx.schedule(K.timer(K.SOURCE_HEALTH, "all"), self.clock(), "{}", once=True)

    async def check(self, timer: DueTimer) -> None:
        now = self.clock()
        fx = Effects()
        fx.complete(timer.id, timer.token)
        fx.schedule(timer.id, now + timedelta(seconds=CHECK_EVERY), "{}")
        data = self._stored(await self.reads.get_cursor(K.SOURCE_BASELINES))
        # the minute before the last complete one: a poll that ended just before a minute
        # turned has written its count by then
        last = int(now.timestamp() // 60) - 2
        read = int(data.get("read", last - 1))
        first = max(read + 1, last - 2 * 1440 + 1)
        states = {k: st for k, v in data.get("sources", {}).items()
                  if k in self.check_.sources and (st := self._source(k, v)) is not None}
        zone = self.check_.cfg.hours_zone
        try:
            marker = loads(await self.reads.get_cursor(K.SOURCE_HOURS_CLOCK) or "{}")
        except ValueError:
            marker = {}
        if not isinstance(marker, dict):
            marker = {}
        view = 0
        if data.get("version"):
            was = str(data.get("zone") or "UTC")
        elif (isinstance(marker.get("zone"), str) and isinstance(marker.get("utc_view"), int)
              and isinstance(marker.get("read"), int)
              and read - marker["read"] < self.check_.cfg.half_life_days * 1440):
            # a release before wrote last, a while ago (a rolling upgrade): "hours" are mostly
            # the UTC view this release wrote, undone exactly, not moved by the offset again.
            # Learnt by that one for longer (gone back to it), they are UTC's
            was, view = marker["zone"], marker["utc_view"]
        else:
            was = "UTC"  # a release before health.timezone, and never this one
        shift = self._shift(was, zone, read) if was != zone and states else 0
        moved = data.get("moved") if data.get("version") else None
        if (shift and isinstance(moved, dict) and moved.get("from") == zone
                and isinstance(moved.get("at"), int) and read - moved["at"] < 1440
                and was not in self.told_of):
            # this process's clock, moved to another's by a check of another process lately
            self.told_of.add(was)
            log.warning("source health: another process learns the hours of the day on %s's "
                        "clock, this one on %s's (health.timezone): each check moves them "
                        "between the two; set the same health.timezone in every process",
                        was[:60], zone)
        if states and (view or shift):
            log.info("source health: the hours of the day learnt on %s's clock are moved to "
                     "%s's (%+d min)", "UTC" if view else was, zone, shift - view)
            for st in states.values():
                st.move_hours(-view)
                st.move_hours(shift)
        utc_view = -60 * round(offset(int(now.timestamp() // 60), self.check_.zone) / 60)
        if first <= last:
            counts = await self.reads.series_counts(first, sources=True)
            polled = {sid: await self.polled_at(sid) for sid in self.check_.sources}
            found = self.check_.step(states, counts, first=first, last=last, now=now,
                                     polled=polled, outages=self.outages())
            for alert in found:
                await self._say(alert, fx, now)
            read = last
        fx.cursors[K.SOURCE_BASELINES] = json.dumps(
            {"version": VERSION, "zone": zone, "read": read,
             "sources": {k: v.to_json(utc_view=utc_view) for k, v in states.items()}}
            # a move from another clock, when and from which: moved back soon, they disagree
            | ({"moved": {"from": was, "at": read}} if shift else {}))
        # beside the state, where a release before does not overwrite it: the clock and the
        # UTC view this release wrote, for when one of those writes the state back
        clock = {"zone": zone, "utc_view": utc_view, "read": read}
        if marker != clock:
            fx.cursors[K.SOURCE_HOURS_CLOCK] = json.dumps(clock)
        await self.applier.apply(fx)

    def unreadable_records(self) -> dict[str, int]:
        """Stored states this process could not read and learnt afresh, by kind, as the store
        counts its damaged records (``store_records_unreadable_total``)."""
        return {"source_health": self.unreadable} if self.unreadable else {}

    def _skip(self, what: str, why: str) -> None:
        self.unreadable += 1
        log.warning("source health: %s stored in cursor %s is %s, not what the check keeps "
                    "(edited by hand?); learning afresh", what, K.SOURCE_BASELINES, why)

    async def poll_health(self, source_id: str) -> PollHealth | None:
        """The source's latest poll (``record_poll``), or None: none kept, or one that cannot
        be read (the status, ``why`` and an alert's card raised on it at every ask), which is
        said in one line and counted once for as long as it stays as it is, and read as no
        error until the source's next poll writes it afresh."""
        key = health_key(source_id)
        raw = await self.reads.get_cursor(key)
        polled = read_poll_health(raw)
        if isinstance(polled, PollHealth):
            return polled
        seen = (key, hashlib.sha256((raw or "").encode("utf-8", "replace")).hexdigest())
        if seen not in self._damaged:
            self._damaged.append(seen)
            self.unreadable += 1
            log.warning("source health: the latest poll of source %r stored in cursor %s is "
                        "%s, not what a poll keeps (edited by hand?); read as no error until "
                        "its next poll", one_line(source_id, 60), one_line(key, 80), polled)
        return None

    async def polled_at(self, source_id: str) -> Polled | None:
        """When any process last polled the source (``record_polled``), or None: never, as
        far as the store knows, or a record that is not what a poll writes (said once and
        counted, as a damaged latest poll is)."""
        key = polled_key(source_id)
        raw = await self.reads.get_cursor(key)
        if raw is None:
            return None
        if (polled := read_polled(raw)) is not None:
            return polled
        seen = (key, hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest())
        if seen not in self._damaged:
            self._damaged.append(seen)
            self.unreadable += 1
            log.warning("source health: when source %r was last polled, stored in cursor %s, "
                        "is %r, not what a poll writes (edited by hand?); read as never until "
                        "its next poll", one_line(source_id, 60), one_line(key, 80),
                        one_line(raw, 60))
        return None

    async def poll_ages(self, source_ids: Sequence[str]) -> dict[str, float]:
        """Seconds since any process last polled each source (``source_last_poll_age_seconds``);
        a source never polled is left out. Never below 0: another process's clock ahead of
        this one's is no poll from the future."""
        now = self.clock()
        out: dict[str, float] = {}
        for sid in source_ids:
            polled = await self.polled_at(sid)
            if polled is not None:
                out[sid] = max(0.0, (now - polled.at).total_seconds())
        return out

    def _stored(self, raw: str | None) -> dict[str, Any]:
        """The stored state; ``{}`` (learn afresh, said once and counted) when it is not the
        JSON object the check writes: raised at every check, a traceback a minute, and no
        source judged again."""
        data = _json_object(raw)
        if isinstance(data, str):
            self._skip("the state", data)
            return {}
        read, sources = data.get("read", 0), data.get("sources", {})
        if not _whole(read) or not isinstance(sources, dict):
            self._skip("the state", "an object of the wrong shape")
            return {}
        return data

    def _source(self, source_id: str, value: object) -> SourceState | None:
        """One source's stored state; None (that source learnt afresh) when it cannot be read."""
        if (state := _state_or_none(value)) is None:
            self._skip(f"the state of source {one_line(source_id, 60)!r}", "of the wrong shape")
        return state

    def _shift(self, was: str, zone: str, read: int) -> int:
        """Minutes ``zone``'s clock is ahead of ``was``'s over most of what was learnt: the
        hours before ``read`` (the last minute learnt), weighed as the learning weighs them
        (``health.half_life_days``), so hours learnt before a clock change, and moved after
        it, move by the offset they were learnt at."""
        after = self.check_.zone
        try:
            before = clock_of(was)
        except (ZoneInfoNotFoundError, ValueError):
            # written by a process whose time zone database names it: most likely the same
            # place by another name (a rename, a newer database), not UTC's hours
            log.warning("source health: the stored hours are on the clock of %r, which this "
                        "machine does not know; they are taken to be on %s's", was[:60],
                        zone)
            return 0
        half = self.check_.cfg.half_life_days * 1440
        weights: dict[int, float] = {}
        for age in range(0, int(4 * half), max(60, int(4 * half) // 2000)):
            ahead = offset(read - age, after) - offset(read - age, before)
            weights[ahead] = weights.get(ahead, 0.0) + 0.5 ** (age / half)
        return max(weights, key=weights.__getitem__)

    async def describe(self, source_ids: Sequence[str]) -> dict[str, str]:
        """Each source's health in a few words, for the chat ``status``: what the check
        concluded (failing, quiet, a feed failing), else what its last poll said (its error,
        or each part it could not read, with why); read from the store, so any process
        answers the same."""
        data = _json_object(await self.reads.get_cursor(K.SOURCE_BASELINES))
        judged = {} if isinstance(data, str) else data.get("sources", {})
        if not isinstance(judged, dict):  # the check says it once, and learns afresh
            judged = {}
        out: dict[str, str] = {}
        now = self.clock()
        for sid in source_ids:
            st = _state_or_none(judged.get(sid))
            words: list[str] = []
            seen = await self.polled_at(sid)
            watched = self.check_.sources.get(sid)
            if seen is not None and watched is not None and watched.unpolled(
                    seen, now, self.outages()):
                age = int((now - seen.at).total_seconds() // 60)
                shown = seen.at.astimezone(UTC).strftime(
                    "%H:%M UTC" if age < 1440 else "%Y-%m-%d %H:%M UTC")
                words.append(f"not polled since {shown} "
                             f"({span(age)}): no process polls it; is a worker running?")
            if st is not None and st.failing is not None:
                words.append(f"failing since {_at(int(st.failing.get('since', 0)))}")
            if st is not None and st.quiet is not None:
                words.append(f"quiet since {_at(int(st.quiet.get('since', 0)))}")
            if st is not None:
                words += [f"feed {part} failing" for part in sorted(st.failing_parts)]
            polled = await self.poll_health(sid)
            if polled is not None and polled.error:
                words.append(f"last poll failed ({polled.shown_at('%H:%M UTC')}): "
                             f"{truncate(polled.error, 160)}")
            elif polled is not None and polled.parts:
                # what the last poll could not read (a feed, a listing, a hashtag the server's
                # settings keep from it), until the check judges it failing: said, not "ok"
                judged = st.failing_parts if st is not None else {}
                words += [f"{part} not read: {truncate(why, 160)}"
                          for part, why in sorted(polled.parts.items()) if part not in judged]
            if polled is not None:
                # a feed moved for good, with the URL to put in urls: a log line once a
                # process was all, and nobody reads the log until the old address breaks
                words += [fix for _, fix in sorted(polled.moved.items())]
            if not words:
                words.append("ok")
            out[sid] = "; ".join(words)
        return out

    async def _say(self, alert: Alert, fx: Effects, now: datetime) -> None:
        log.info("%s: %s", alert.title, alert.text, extra={"source": alert.source})
        self.alerts.append(alert)
        if self.ops is None:
            return
        fields: list[CardField] = [CardField(name=k, value=v) for k, v in alert.evidence]
        if alert.kind in ("failing", "feed"):
            polled = await self.poll_health(alert.source)
            error, at = ("", "") if polled is None else (
                polled.parts.get(alert.subject, "") if alert.subject else polled.error,
                polled.at)
            if error:
                fields.append(CardField(name="Last error", value=truncate(error, 500)))
            if at:
                fields.append(CardField(name="At", value=at))
        stamp = now.strftime("%Y%m%d%H%M")
        subject = f":{alert.subject}" if alert.subject else ""
        key = f"health:{alert.source}{subject}:{alert.kind}:{stamp}"
        card = Card(kind="notice", key=key, title=alert.title, text=alert.text,
                    fields=tuple(fields), created_at=now)
        fx.send(OutboxItem.new(key=f"{key}@{self.ops.channel}", workspace=self.ops.workspace,
                               channel=self.ops.channel, card=card, now=now))


def _state_or_none(value: object) -> SourceState | None:
    """``value`` (one source's stored state) read, or None when it is no object of the fields
    the check writes."""
    if not isinstance(value, dict):
        return None
    try:
        st = SourceState(value)
    except (ValueError, TypeError, KeyError, OverflowError):
        return None
    return st if _well_formed(st) else None


def _whole(value: object) -> TypeGuard[int]:
    """An int as JSON gives one: not a bool (``True`` is an int to Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _ints(row: object, n: int) -> bool:
    return (isinstance(row, list) and len(row) == n
            and all(_whole(x) for x in row))


def _minute(value: object) -> bool:
    """A minute since the epoch that ``_at`` can show."""
    return _whole(value) and 0 <= value <= _LAST_MINUTE


def _mark(value: object) -> bool:
    """A stored quiet or failing mark: an object whose "since" is a minute."""
    return isinstance(value, dict) and _minute(value.get("since"))


def _well_formed(st: SourceState) -> bool:
    """Every field of the types and sizes the check writes (SourceState takes them as they
    are: a "failing" of 5, an hour list of 3 or a since past year 9999 raised at every check
    and at every chat ``status``)."""
    numbers = [x for b in (*st.hours, st.all, st.err) for x in (b.s, b.w)]
    return (len(st.hours) == 24 and _ints(st.seen, 24)
            and all(isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
                    for x in numbers)
            and all(x is None or _minute(x) for x in (st.gap, st.ok))
            and all(_ints(r, 3) for r in st.recent)
            and all(isinstance(rows, list) and all(_ints(r, 2) for r in rows)
                    for rows in st.parts.values())
            and (st.quiet is None or _mark(st.quiet))
            and (st.failing is None or _mark(st.failing))
            and (st.unpolled is None or _mark(st.unpolled))
            and all(isinstance(v, dict) for v in st.failing_parts.values())
            and all(_whole(x) for x in (st.learnt, st.err_minutes, st.cleared)))
