"""Explained spike alerts: per keyword, subscription and route, the volume of the last window
against a rolling baseline, and one alert that says why. Time is cut into buckets (default 1
min). Each key keeps an exponentially weighted moving average (EWMA) of its count per bucket,
fed by buckets as they leave the window; the last ``window_buckets`` buckets (default 10 min)
form the current window. A key spikes when its window holds at least ``min_count`` mentions and
at least ``threshold`` times what its baseline predicts for a window (the prediction is floored
at one mention, so a silent keyword that suddenly gets a handful is news), and the count must be
that unlikely under a Poisson process at the usual rate (``max_p``, default 1e-4: at about 3
usual that asks for 12 in 10 minutes, at about 1 usual for 7, so a steady day rings almost
never). After a spike the key is quiet for
``cooldown_seconds``. The detector ignores everything for ``warmup_seconds`` after it starts,
while baselines are still empty. A spike warned of is followed (``bursts.Burst``) until its
window is back to the usual level (``ends``): then how long it lasted, its posts and its
busiest minute are said once. Once a series has seen the hour of the day before (the usual of
each hour of the day, ``season_half_life_days``), a window is a spike only if it is also one
against the usual at that hour: a morning's climb seen yesterday is no news. Once it has seen
each day of the week at that hour (the usual of each of the week's 168 hours,
``week_half_life_weeks``), the hour of the day's usual is scaled by how busy this day of the
week is at that hour against the week's mean: a Saturday afternoon is judged as a Saturday,
not as the week's afternoons. Pure: time is passed in, state serialises.
"""

from __future__ import annotations

import base64
import json
import math
import struct
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.jsonbody import loads
from bot.core.text import truncate
from bot.enrich.bursts import Breakdown, Burst, Driver, Origin, SpikeEnd, Subject, breakdown, driver
from bot.enrich.summary import terms_of, top_terms

SpikeKey = tuple[str, str]  # (kind, key): ("route", "support"), ("keyword", "outage"), ...
# a series' own (min_count, threshold, max_p), each None for the detector's (a route's own)
Limits = tuple[int | None, float | None, float | None]
Sample = tuple[int, str, float | None, tuple[str, ...]]  # bucket, text, sentiment, terms
MAX_SAMPLES = 200  # texts kept per key for the explanation
# the window holds about what is usual again, so the spike is over: a count the usual rate
# gives one time in twenty (at about 1 usual: 2 or fewer in the window; at about 3: 6)
END_P = 0.05
# the usual at each hour of the day halves its memory every two days (of that hour): chosen on
# a seeded brand of quiet nights and busy days (seed 7), not on the benchmark's days
SEASON_HALF_LIFE_DAYS = 2.0
# the usual at each hour of the week halves its memory every two weeks (of that hour): the
# same two looks at its hour as the day's, not chosen on any series (one week or four: the
# same alarms on benchmarks/spike_weeks.py)
WEEK_HALF_LIFE_WEEKS = 2.0
HOURS_A_WEEK = 168
# series kept at most, live and dormant, the most recently mentioned first (a spike going on
# always): one a subscription, route and keyword, the dormant ones for weeks, and the whole
# state read and written at each check. Uncapped, 20,000 series were a 56 MB state and about
# 3 s of CPU a check; 3,000 are about 8 MB and 0.3 s (a review, 2026-12-06)
MAX_SERIES = 3000


@dataclass(frozen=True)
class Spike:
    kind: str
    key: str
    window_start: datetime
    window_minutes: int
    count: int
    usual: float  # the baseline's expectation for one window
    top_terms: tuple[str, ...]
    samples: tuple[str, ...]
    mean_sentiment: float | None
    made_of: Breakdown | None = None  # who, in what language, where (when the posts were read)
    driver: Driver | None = None  # the one post most of it answers, or link it shares
    ago: int = 0  # a slow climb: minutes ago ``usual`` was the usual (it has grown since)
    links: tuple[str, ...] = ()  # the addresses of the sample posts, when known
    seasonal: float | None = None  # the usual for one window at this hour of the day, once known
    # the id of the spike this is the return of: back within its cooldown after its end was
    # said, so its card is edited back, not a new one posted
    back_of: str | None = None

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}:{int(self.window_start.timestamp())}"

    def headline(self) -> str:
        """How many against the usual: ``38 mentions in 10 min vs about 3 usual``."""
        usual = f"about {self.usual:.0f}" if self.usual >= 0.5 else "almost none"
        when = ""
        if self.ago:
            when = f" {self.ago // 60} h ago" if self.ago % 60 == 0 else f" {self.ago} min ago"
            when += ", climbing since"
        if self.seasonal is not None:
            when += f", about {self.seasonal:.0f} usual at this hour"
        return f"{self.count} mentions in {self.window_minutes} min vs {usual} usual{when}"

    def explain(self, *, authors: bool = True) -> str:
        """One line: how many against the usual, top terms, samples, sentiment and (``authors``)
        how few wrote it; a card with an Authors field says that there, not twice."""
        parts = [self.headline()]
        if self.top_terms:
            parts.append("top terms: " + ", ".join(self.top_terms))
        parts.append(f"{len(self.samples)} sample post{'s' if len(self.samples) != 1 else ''}")
        if self.mean_sentiment is not None:
            parts.append(f"mean sentiment {self.mean_sentiment:+.1f}")
        if self.driver is not None:
            parts.append(self.driver.says())
        few = self.made_of.concentration() if authors and self.made_of is not None else None
        if few is not None:
            parts.append(few)
        return "; ".join(parts)


@dataclass
class _Series:
    bucket: int  # the newest bucket seen
    counts: deque[tuple[int, int]] = field(default_factory=deque)  # (bucket, count) in window
    baseline: float = 0.0  # EWMA of mentions per bucket
    weight: float = 0.0  # how much history the EWMA holds (bias correction, as in Adam)
    recent: deque[tuple[int, str, float | None, tuple[str, ...]]] = field(
        default_factory=lambda: deque(maxlen=MAX_SAMPLES))
    quiet_until: float = 0.0
    since: float = 0.0  # from when it is judged: a series younger than the warm-up is not
    burst: Burst | None = None  # the spike warned of, until it ends
    # (bucket, baseline, weight) every window, for as long as ``lookback_buckets``: the usual
    # of a while ago, which a crisis growing slowly has not pulled up yet
    past: deque[tuple[int, float, float]] = field(default_factory=deque)
    # per hour of the day (UTC): an EWMA of mentions per bucket, and its weight, fed by the
    # buckets of that hour as they leave the window: the usual at this hour
    season: list[float] = field(default_factory=lambda: [0.0] * 24)
    season_weight: list[float] = field(default_factory=lambda: [0.0] * 24)
    # the same per hour of the week (UTC; 0 is Thursday 00:00, the epoch's): a brand five
    # times busier on weekdays than at weekends hid every weekend burst behind the weekdays'
    # usual at that hour (a review, 2026-12-06)
    week: list[float] = field(default_factory=lambda: [0.0] * HOURS_A_WEEK)
    week_weight: list[float] = field(default_factory=lambda: [0.0] * HOURS_A_WEEK)
    seen: int = -1  # the newest bucket with a mention: the most recent are kept (``MAX_SERIES``)
    # the first bucket of the window of the spike whose end was said, while its cooldown runs:
    # a return then is that spike's, back (its card edited back), not a new one
    ended: int | None = None


USUAL_SHARE = 0.5  # a term in this share of the posts before the window is the usual's
USUAL_FEW = 5  # fewer posts before the window than this say nothing of the usual


def _usual_terms(before: Sequence[Sample]) -> set[str]:
    """The terms of the usual traffic, from the samples kept before the spike's window: those
    in at least ``USUAL_SHARE`` of them. A spike's top terms say what drove it, not what is
    said every day ("awaria, works, fine" for a burst of Polish outage posts over a steady
    "acme works fine": a review, 2026-12-06)."""
    if len(before) < USUAL_FEW:
        return set()
    seen: dict[str, int] = {}
    for _, text, _, keywords in before:
        for term in set(terms_of(text, keywords)):
            seen[term] = seen.get(term, 0) + 1
    return {t for t, n in seen.items() if n >= USUAL_SHARE * len(before)}


def poisson_tail(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam): how surprising ``k`` mentions are when ``lam`` is usual."""
    if k <= 0:
        return 1.0
    if lam > 200:  # the normal approximation, with a continuity correction
        z = (k - 0.5 - lam) / math.sqrt(lam)
        return 0.5 * math.erfc(z / math.sqrt(2))
    term = math.exp(-lam)
    below = term
    for i in range(1, k):
        term *= lam / i
        below += term
    return max(0.0, 1.0 - below)


@lru_cache(maxsize=4096)
def _ahead(zone: tzinfo, quarter: int) -> int:
    """Seconds ``zone``'s clock is ahead of UTC in the UTC ``quarter`` of an hour (since the
    epoch): the tz database's changes of offset fall on a quarter hour (Lord Howe's at :30)."""
    ahead = datetime.fromtimestamp(quarter * 900, zone).utcoffset()
    return 0 if ahead is None else int(ahead.total_seconds())


# how far from the state's last check two clocks are compared (``same_clock``): the hours'
# memory behind it (weeks of each hour of the week) and a year of daylight saving ahead
CLOCK_PAST_HOURS = 16 * HOURS_A_WEEK
CLOCK_AHEAD_HOURS = 366 * 24


def _zone(name: str) -> tzinfo | None:
    try:
        return UTC if name == "UTC" else ZoneInfo(name)
    except (ValueError, OSError):  # a name no longer installed, or a state edited by hand
        return None


@lru_cache(maxsize=64)
def same_clock(a: str, b: str, around: int) -> bool:
    """Whether zones ``a`` and ``b`` show the same time from weeks before the hour ``around``
    (hours since the epoch) to a year after it: two names of one clock (UTC and Etc/UTC, a
    link such as US/Pacific and its zone) learn the same hours. Compared hour by hour, as
    zoneinfo does not say which names are links, and a zone on another's offsets all year
    (GMT and UTC) is the same clock to the hours learnt."""
    if a == b:
        return True
    za, zb = _zone(a), _zone(b)
    if za is None or zb is None:
        return False
    try:
        for hour in range(around - CLOCK_PAST_HOURS, around + CLOCK_AHEAD_HOURS):
            at = datetime.fromtimestamp(hour * 3600, UTC)
            if at.astimezone(za).utcoffset() != at.astimezone(zb).utcoffset():
                return False
    except (OverflowError, ValueError, OSError):  # a check time past the calendar's end
        return False
    return True


_WEEK = struct.Struct(f"<{HOURS_A_WEEK}f")


def _packed(values: list[float]) -> str:
    """A week's 168 numbers as base64 of little-endian 32-bit floats (seven digits): most
    of a series' state, read and written at each check, where 336 JSON numbers a series took
    three times the time of the rest of the state (13 -> 45 ms at 200 series)."""
    return base64.b64encode(_WEEK.pack(*values)).decode("ascii")


def _unpacked(text: object) -> list[float]:
    """The numbers of ``_packed``; none when ``text`` is not such a string."""
    try:
        return list(_WEEK.unpack(base64.b64decode(str(text), validate=True)))
    except (ValueError, struct.error):
        return []


class SpikeDetector:
    def __init__(self, *, bucket_seconds: int = 60, window_buckets: int = 10,
                 alpha: float = 0.02, min_count: int = 5, threshold: float = 3.0,
                 cooldown_seconds: float = 1800, warmup_seconds: float = 3600,
                 max_p: float = 1e-4, lookback_buckets: int = 120, slow_p: float = 0.01,
                 season_half_life_days: float = SEASON_HALF_LIFE_DAYS,
                 week_half_life_weeks: float = WEEK_HALF_LIFE_WEEKS,
                 ignore_terms: Iterable[str] = (), max_series: int = MAX_SERIES,
                 zone: tzinfo | None = None) -> None:
        self.bucket_seconds = bucket_seconds
        self.window_buckets = window_buckets
        self.alpha = alpha
        self.min_count = min_count
        self.threshold = threshold
        self.cooldown_seconds = cooldown_seconds
        self.warmup_seconds = warmup_seconds
        self.max_p = max_p
        self.lookback_buckets = lookback_buckets
        self.slow_p = slow_p
        self.ignore_terms = tuple(ignore_terms)
        self.max_series = max_series
        # series judged by thresholds of their own (a route's ``spikes:``), the rest by these
        self.limits: dict[SpikeKey, Limits] = {}
        # the clock whose hours of the day and week are learnt: people post by their local
        # clocks, and on UTC's a daylight saving change moved a day by an hour (None: UTC)
        self.zone = zone
        self.zone_name = str(getattr(zone, "key", None) or "UTC") if zone is not None else "UTC"
        # the usual at each hour of the day: each hour's slot takes an hour's buckets a day,
        # and its memory halves every ``season_half_life_days`` (0: no seasonal baseline)
        self.per_hour = max(1, 3600 // bucket_seconds)
        self.season_alpha = (1 - 0.5 ** (1 / (season_half_life_days * self.per_hour))
                             if season_half_life_days > 0 else 0.0)
        # a slot knows its hour once it took an hour of buckets: it saw that hour on an
        # earlier day (today's own buckets of an hour in the window are fewer)
        self.season_known = 1 - (1 - self.season_alpha) ** self.per_hour
        # the usual at each hour of the week, the same way (0: none; nor without the day's)
        self.week_alpha = (1 - 0.5 ** (1 / (week_half_life_weeks * self.per_hour))
                           if week_half_life_weeks > 0 and self.season_alpha else 0.0)
        self.week_known = 1 - (1 - self.week_alpha) ** self.per_hour
        self.started: float | None = None
        self.checked: float | None = None  # when ``check`` last ran (kept with the state)
        # the late mentions of the minute of that check folded in: (kind, key, minute written)
        self.late_seen: dict[tuple[str, str, int], int] = {}
        self.series: dict[SpikeKey, _Series] = {}
        # series forgotten when idle (their samples gone) whose hours of the day still know
        # something: taken back when the key is mentioned again
        self.dormant: dict[SpikeKey, _Series] = {}

    def _bucket(self, at: datetime) -> int:
        return int(at.timestamp()) // self.bucket_seconds

    def _bucket_of(self, ts: float) -> int:
        return int(ts) // self.bucket_seconds

    def _usual(self, s: _Series) -> float:
        """Expected mentions in one window: the bias-corrected baseline times its length."""
        per_bucket = s.baseline / s.weight if s.weight > 1e-9 else 0.0
        return per_bucket * self.window_buckets

    def _then(self, s: _Series) -> float | None:
        """Expected mentions in one window by the baseline of ``lookback_buckets`` ago (once
        the baseline was a warm-up old). A crisis doubling every hour pulled the baseline up
        with it (a 35-minute half-life lags it by about 50 minutes): each window held about
        twice the baseline's prediction, never three times, and it was never warned of, at 64
        times its usual (a review, 2026-12-06). Judged against the usual of an hour before,
        it is, with a stricter ``max_p`` (``slow_p``): a second test, so a day's climb rings
        no more often than before."""
        grown = self._bucket_of(s.since + self.warmup_seconds)
        then = [(b, w) for at, b, w in s.past
                if grown <= at <= s.bucket - self.lookback_buckets]
        if not then or then[-1][1] <= 1e-9:
            return None
        return then[-1][0] / then[-1][1] * self.window_buckets

    def _local(self, bucket: int) -> int:
        """``bucket``'s start on the zone's clock, in seconds since the epoch."""
        ts = bucket * self.bucket_seconds
        return ts if self.zone is None else ts + _ahead(self.zone, ts // 900)

    def _hour_ends(self, bucket: int) -> int:
        """The first bucket of the next hour on the zone's clock."""
        local = self._local(bucket)
        ends = (local // 3600 + 1) * 3600 - (local - bucket * self.bucket_seconds)
        return max(bucket + 1, -(-ends // self.bucket_seconds))

    def _slot(self, bucket: int) -> int:
        return self._local(bucket) // 3600 % 24

    def _week_slot(self, bucket: int) -> int:
        return self._local(bucket) // 3600 % HOURS_A_WEEK

    def _seasonal(self, s: _Series, bucket: int) -> float | None:
        """Expected mentions in the window ending at ``bucket`` by the usual of each of its
        buckets' hour of the day, times that hour of the week's shape once known; None while
        one of those hours of the day is not known yet."""
        if not self.season_alpha:
            return None
        usual = 0.0
        for b in range(bucket - self.window_buckets + 1, bucket + 1):
            h = self._slot(b)
            w = s.season_weight[h]
            if w < self.season_known - 1e-12:
                return None
            day = s.season[h] / w
            shape = self._week_shape(s, self._week_slot(b)) if self.week_alpha else None
            usual += day if shape is None else day * shape
        return usual

    def _week_shape(self, s: _Series, k: int) -> float | None:
        """How busy hour ``k`` of the week is against the week's days at that hour (1: as
        busy as their mean; a weekend of a 5:1 week about 0.26, its weekdays 1.3), or None
        until each of the seven was seen a week before. The level comes from the hour of the
        day, which follows a change in two days; the week, each slot seen once a week, gives
        only its shape, which a change of level or a long silence leaves about as it was
        (judged by the week's own slots, a brand back from three silent weeks was judged by
        a faded copy of the week before its silence, and its mornings rang days after)."""
        same = [(s.week[j] / s.week_weight[j]) if s.week_weight[j] >= self.week_known - 1e-6
                else None for j in range(k % 24, HOURS_A_WEEK, 24)]
        if any(v is None for v in same):
            return None
        mean = sum(v for v in same if v is not None) / len(same)
        if mean <= 1e-9:
            return None
        return s.week[k] / s.week_weight[k] / mean

    def _season_silent(self, s: _Series, first: int, end: int) -> None:
        """Buckets ``first`` to ``end`` (excluded) of no mention into the usual of their hours,
        without looping over a long silence bucket by bucket."""
        if not self.season_alpha or end <= first:
            return
        per_week = max(1, HOURS_A_WEEK * 3600 // self.bucket_seconds)
        weeks, _ = divmod(end - first, per_week)

        def hours(b: int, end: int) -> list[int]:  # buckets of each hour, an hour at a time
            n = [0] * HOURS_A_WEEK
            while b < end:
                nxt = min(end, self._hour_ends(b))
                n[self._week_slot(b)] += nxt - b
                b = nxt
            return n

        a_week = hours(first, first + per_week) if weeks else [0] * HOURS_A_WEEK
        rest = hours(first + weeks * per_week, end)
        n = [rest[k] + weeks * a_week[k] for k in range(HOURS_A_WEEK)]
        for h in range(24):  # an hour of the week is its hour of the day's (168 = 7 x 24)
            k = sum(n[h::24])
            if k:
                decay = (1 - self.season_alpha) ** k
                s.season[h] *= decay
                s.season_weight[h] = 1 - (1 - s.season_weight[h]) * decay
        for h in range(HOURS_A_WEEK) if self.week_alpha else ():
            if n[h]:
                decay = (1 - self.week_alpha) ** n[h]
                s.week[h] *= decay
                s.week_weight[h] = 1 - (1 - s.week_weight[h]) * decay

    def _roll(self, s: _Series, bucket: int) -> None:
        """Move the window so it ends at ``bucket``; each bucket leaving the window is folded
        into the baseline, so "usual" never includes the window it is compared with."""
        if bucket <= s.bucket:
            return
        counts = dict(s.counts)
        first = s.bucket - self.window_buckets + 1  # oldest bucket in the old window
        leaving = bucket - s.bucket
        steps = min(leaving, self.window_buckets)
        for b in range(first, first + steps):
            self._leave(s, b, counts.get(b, 0))
        if leaving > steps:  # a long silence decays the baseline without looping over it
            decay = (1 - self.alpha) ** (leaving - steps)
            s.baseline *= decay
            s.weight = 1 - (1 - s.weight) * decay
            self._season_silent(s, first + steps, first + leaving)
        s.bucket = bucket
        oldest = bucket - self.window_buckets + 1
        while s.counts and s.counts[0][0] < oldest:
            s.counts.popleft()

    def _leave(self, s: _Series, bucket: int, n: int) -> None:
        """``bucket`` leaves ``s``'s window: into its baseline, and its burst's totals."""
        s.baseline += self.alpha * (n - s.baseline)
        s.weight += self.alpha * (1 - s.weight)
        if self.season_alpha:
            h = self._slot(bucket)
            s.season[h] += self.season_alpha * (n - s.season[h])
            s.season_weight[h] += self.season_alpha * (1 - s.season_weight[h])
        if self.week_alpha:
            k = self._week_slot(bucket)
            s.week[k] += self.week_alpha * (n - s.week[k])
            s.week_weight[k] += self.week_alpha * (1 - s.week_weight[k])
        if self.lookback_buckets and bucket % self.window_buckets == 0:
            s.past.append((bucket, s.baseline, s.weight))
            while len(s.past) > self.lookback_buckets // self.window_buckets + 1:
                s.past.popleft()
        if s.burst is not None:
            s.burst = s.burst.add(bucket, n)

    def resume(self, now: datetime) -> None:
        """Before counting again after nobody looked since the last ``check`` (every process
        stopped, for longer than a window): the minutes between were not counted, not silent.
        Each series' last window joins its baseline and the gap is passed over; rolled over as
        minutes of no mention, the gap shrank every baseline, and the same traffic after the
        restart was a spike (a review, 2026-12-06)."""
        if self.checked is None:
            return
        bucket = self._bucket(now)
        last = self._bucket_of(self.checked)
        if bucket - last <= self.window_buckets + 1:
            return
        for s in [*self.series.values(), *self.dormant.values()]:
            if s.bucket >= bucket - self.window_buckets - 1:
                continue
            counts = dict(s.counts)
            for b in range(s.bucket - self.window_buckets + 1, s.bucket + 1):
                self._leave(s, b, counts.get(b, 0))
            s.counts.clear()
            s.bucket = bucket - self.window_buckets - 1

    def _counting(self, key: SpikeKey, bucket: int, *, started: float,
                  since: float | None = None) -> _Series | None:
        """``key``'s series rolled on to ``bucket``, or None when ``bucket`` is older than its
        window. A key first seen now was silent since the detector started (``started``): its
        series says so, or its first few mentions would be judged against no history at all.
        ``since``: when a key first seen now began (a subscription made since): it has no
        history to be silent in, and is judged once it is a warm-up old."""
        s = self.series.get(key)
        if s is None and key in self.dormant:  # known before: its hours of the day too
            s = self.series[key] = self.dormant.pop(key)
        if s is None:
            begun = max(started, since or started)
            s = self.series[key] = _Series(bucket=self._bucket_of(begun), since=begun)
        self._roll(s, bucket)
        return None if bucket < s.bucket - self.window_buckets + 1 else s

    def observe(self, keys: Iterable[SpikeKey], at: datetime, text: str,
                sentiment: float | None = None, terms: Iterable[str] = ()) -> None:
        ts = at.timestamp()
        if self.started is None:
            self.started = ts
        bucket = self._bucket(at)
        term_tuple = tuple(terms)
        for key in set(keys):
            s = self._counting(key, bucket, started=self.started)
            if s is None:
                continue  # older than the window: too late to count
            s.seen = max(s.seen, bucket)
            if s.counts and s.counts[-1][0] == bucket:
                s.counts[-1] = (bucket, s.counts[-1][1] + 1)
            else:
                s.counts.append((bucket, 1))
            s.recent.append((bucket, text, sentiment, term_tuple))

    def set_count(self, key: SpikeKey, bucket: int, count: int, *, first_seen: float,
                  since: float | None = None) -> None:
        """Shared counting: ``count`` is the total of ``bucket`` across every process (read
        from the store), so setting it again is harmless. ``first_seen`` starts the detector
        (and the warm-up) when it has no history yet; ``since``: see ``_counting``."""
        if self.started is None:
            self.started = first_seen
        s = self._counting(key, bucket, started=self.started, since=since)
        if s is None:
            return  # older than the window: already in the baseline
        if count > 0:
            s.seen = max(s.seen, bucket)
        counts = dict(s.counts)
        counts[bucket] = count
        s.counts.clear()
        s.counts.extend(sorted(counts.items()))

    def late_counts(self, late: Iterable[tuple[SpikeKey, int, dict[int, int]]],
                    now: datetime) -> None:
        """Shared late counting: per series and minute written, the late mentions read in
        each minute (``recorded: n``, every process's, read from the store). Those of the
        minutes since the last ``check`` are folded in (``late``), each once: the current
        minute's, still counting, as far as they were folded before."""
        bucket = self._bucket(now)
        last = self._bucket_of(self.checked) if self.checked is not None else bucket
        seen, self.late_seen = self.late_seen, {}
        for key, written, counts in late:
            s = self.series.get(key) or self.dormant.get(key)
            if s is not None:
                self._roll(s, bucket)  # a series with nothing new in its window: it too
            n = 0
            for recorded, c in counts.items():
                if last <= recorded <= bucket:
                    was = seen.get((*key, written), 0) if recorded == last else 0
                    n += c - was
                if recorded == bucket:
                    self.late_seen[(*key, written)] = c
            self.late(key, written, n)

    def late(self, key: SpikeKey, bucket: int, count: int) -> None:
        """``count`` mentions of ``bucket`` read only once it had left the window (a source
        down for hours, back with its backlog, each post dated as written): the bucket was
        folded into the usual as silent, so they are folded in now, as they would have been,
        faded as much as the buckets since have faded it. Left out, the usual sank through
        the hours the source was down and the same traffic after it rang (a review of
        spikes, 2026-12-07). Each bucket's late mentions are given once (``SpikeChecker``)."""
        s = self.series.get(key) or self.dormant.get(key)
        last = s.bucket - self.window_buckets if s is not None else bucket
        if s is None or count <= 0 or bucket > last:
            return  # unknown (its posts are past), or still in the window: counted there
        since = last - bucket
        s.baseline += self.alpha * count * (1 - self.alpha) ** since
        hour_left = self._hour_ends(bucket)
        for alpha, cycle, values, slot in (
                (self.season_alpha, 24, s.season, self._slot(bucket)),
                (self.week_alpha, HOURS_A_WEEK, s.week, self._week_slot(bucket))):
            if not alpha:
                continue
            # the buckets of its hour folded since: a whole hour a cycle, and its hour's rest
            per_cycle = cycle * 3600 // self.bucket_seconds
            cycles, rest = divmod(since, per_cycle)
            seen = cycles * self.per_hour + min(rest, hour_left - bucket - 1)
            values[slot] += alpha * count * (1 - alpha) ** seen

    def rings(self, count: int, usual: float, *, key: SpikeKey | None = None,
              slow: bool = False) -> bool:
        """Whether ``count`` mentions in a window are a spike where ``usual`` are usual, by
        ``key``'s own thresholds where it has some; ``slow``: against the usual of before a
        slow climb, at ``slow_p`` of the ``max_p``."""
        least, times, max_p = self.limits.get(key, (None, None, None)) if key else (
            None, None, None)
        expected = max(usual, 1.0)
        max_p = (self.max_p if max_p is None else max_p) * (self.slow_p if slow else 1.0)
        return (count >= (self.min_count if least is None else least)
                and count >= (self.threshold if times is None else times) * expected
                and poisson_tail(count, expected) <= max_p)

    def would_ring(self, count: int, spike: Spike) -> bool:
        """Whether ``count`` of ``spike``'s mentions alone would have made it: against its
        usual, and against the usual at its hour of the day when that was known."""
        key = (spike.kind, spike.key)
        return self.rings(count, spike.usual, key=key) and (
            spike.seasonal is None or self.rings(count, spike.seasonal, key=key))

    def check(self, now: datetime, recent: Callable[[SpikeKey], Sequence[Sample]] | None = None
              ) -> list[Spike]:
        """Spikes now. ``recent(key)`` gives a key's recent samples for the explanation when
        they are kept elsewhere (the store); by default the series' own."""
        ts = now.timestamp()
        self.checked = ts
        self._cap()
        if self.started is None or ts - self.started < self.warmup_seconds:
            return []
        bucket = self._bucket(now)
        for k, s in list(self.dormant.items()):
            self._roll(s, bucket)
            if max(s.season) < 1e-3 and max(s.week) < 1e-3:
                del self.dormant[k]  # its hours of the day forgotten too
        spikes = []
        for (kind, key), s in list(self.series.items()):
            self._roll(s, bucket)
            if not s.counts and s.baseline < 1e-3 and s.burst is None:
                del self.series[(kind, key)]  # idle for long: forget it
                if max(s.season) >= 1e-3 or max(s.week) >= 1e-3:
                    # but not its hours of the day: a brand silent all night was forgotten
                    # each night, and each morning rang again (a review, 2026-12-06)
                    s.recent.clear()
                    self.dormant[(kind, key)] = s
                continue
            if s.ended is not None and ts >= s.quiet_until:
                s.ended = None  # calm for a whole cooldown: a burst now is a new spike
            count = sum(c for _, c in s.counts)
            usual = self._usual(s)
            then = self._then(s)
            ago = 0
            if self.rings(count, usual, key=(kind, key)):
                pass
            elif then is not None and then < usual and self.rings(
                    count, then, key=(kind, key), slow=True):
                usual = then  # a slow burn: judged against the usual of before it began
                ago = self.lookback_buckets * self.bucket_seconds // 60
            else:
                continue
            # a morning's climb is a spike against the last hour, not against yesterday's
            # morning: once the hour of the day is known, a spike is one against it too
            # (a brand quiet at night got a card every morning: a review, 2026-12-06)
            seasonal = self._seasonal(s, bucket)
            if seasonal is not None and not self.rings(count, seasonal, key=(kind, key)):
                continue
            if ts - s.since < self.warmup_seconds:
                continue  # a series begun since (a new subscription): no baseline yet
            # one spike, one warning: a spike still going on when its cooldown ends keeps it
            # quiet (a climbing incident was warned of again every cooldown: a review, 2026-12-06);
            # a new warning needs the window calm for a whole cooldown first
            quiet = ts < s.quiet_until
            s.quiet_until = ts + self.cooldown_seconds
            if quiet and (s.burst is not None or s.ended is None):
                continue
            # back within the cooldown after its end was said: no new warning (the cooldown is
            # its re-notify interval), but its card said "ended" while the bursts went on, and
            # nothing more was said of them (a review of spikes, 2026-12-07)
            back_of = (f"{kind}:{key}:{s.ended * self.bucket_seconds}"
                       if quiet and s.ended is not None else None)
            onset = s.ended if back_of is not None and s.ended is not None else \
                bucket - self.window_buckets + 1  # a return keeps its spike's id
            s.burst = Burst.begin(onset=onset, usual=usual,
                                  window_buckets=self.window_buckets, counts=s.counts)
            s.ended = None
            samples = recent((kind, key)) if recent is not None else s.recent
            spikes.append(replace(self._explain(kind, key, samples, count=count, usual=usual,
                                                bucket=bucket, ago=ago, seasonal=seasonal),
                                  back_of=back_of))
        return spikes

    def _cap(self) -> None:
        """At most ``max_series`` series, live and dormant: those mentioned last are kept, and
        a spike going on whatever its age (its end is still to be said); the others are
        forgotten, as a series idle for long (mentioned again, one starts afresh)."""
        if len(self.series) + len(self.dormant) <= self.max_series:
            return
        every = [(s.burst is not None, s.seen, where is self.series, k)
                 for where in (self.series, self.dormant) for k, s in where.items()]
        every.sort(key=lambda e: e[:3], reverse=True)
        for _, _, live, k in every[self.max_series:]:
            del (self.series if live else self.dormant)[k]

    def ends(self, now: datetime) -> list[SpikeEnd]:
        """The spikes warned of whose window is back to the usual level at ``now`` (the usual
        of when they were warned of: a long burst feeds the baseline, and "usual" judged by
        it ended a burst still going on): each said once, then forgotten."""
        bucket = self._bucket(now)
        out = []
        for (kind, key), s in self.series.items():
            if s.burst is None:
                continue
            self._roll(s, bucket)
            count = sum(c for _, c in s.counts)
            if poisson_tail(count, max(s.burst.usual, 1.0)) < END_P:
                continue
            burst = s.burst
            for b, n in s.counts:  # the minutes still in the window
                burst = burst.add(b, n)
            out.append(burst.ended(kind, key, bucket_seconds=self.bucket_seconds))
            s.burst = None
            s.ended = burst.onset
        return out

    def going(self, key: SpikeKey, now: datetime) -> Spike | None:
        """The spike of ``key`` still going on at ``now`` (its burst not over), as its
        window stands now, against the usual it was found against; None when none is. For a
        warning held back until now (its series' spike warnings muted when it was found)."""
        s = self.series.get(key)
        if s is None or s.burst is None:
            return None
        bucket = self._bucket(now)
        self._roll(s, bucket)
        return self._explain(key[0], key[1], (), count=sum(c for _, c in s.counts),
                             usual=s.burst.usual, bucket=bucket)

    def explained(self, spike: Spike, recent: Iterable[Sample],
                  origins: Iterable[Origin] | None = None,
                  subjects: Iterable[Subject] = (),
                  urls: Sequence[str | None] = ()) -> Spike:
        """``spike`` with its explanation (terms, samples, sentiment) from ``recent``, for
        samples fetched only once a spike is found; ``origins``: who wrote them, in what
        language, where; ``subjects``: what each answers or shares (``driver``); ``urls``:
        each sample's address, for links to those shown."""
        bucket = int(spike.window_start.timestamp()) // self.bucket_seconds \
            + self.window_buckets - 1
        found = self._explain(spike.kind, spike.key, recent, count=spike.count,
                              usual=spike.usual, bucket=bucket, urls=urls, ago=spike.ago,
                              seasonal=spike.seasonal)
        oldest = bucket - self.window_buckets + 1
        found = replace(found, driver=driver(subjects, oldest=oldest), back_of=spike.back_of)
        if origins is None:
            return found
        made_of = breakdown(origins, oldest=oldest, count=spike.count)
        if found.driver is not None and found.driver.kind == "text" and made_of.few():
            found = replace(found, driver=None)  # one or a few authors' copies: said so
        return replace(found, made_of=made_of)

    def _explain(self, kind: str, key: str, recent: Iterable[Sample], *, count: int,
                 usual: float, bucket: int, urls: Sequence[str | None] = (),
                 ago: int = 0, seasonal: float | None = None) -> Spike:
        """``ago``: a slow climb's usual is of that many minutes before, and so are the usual
        terms (those of the climb's own posts before the window are what drives it)."""
        oldest = bucket - self.window_buckets + 1
        usual_before = oldest - ago * 60 // self.bucket_seconds
        recent = list(recent)
        addresses = list(urls) + [None] * (len(recent) - len(urls))
        window = [(r, u) for r, u in zip(recent, addresses, strict=False) if r[0] >= oldest]
        terms = top_terms(((t, kws) for (_, t, _, kws), _ in window), n=3,
                          ignore=(*self.ignore_terms, key, *_usual_terms(
                              [r for r in recent if r[0] < usual_before])))
        samples: list[str] = []
        links: list[str] = []
        for (_, text, _, _), url in reversed(window):
            line = truncate(" ".join(text.split()), 200)
            if line not in samples:
                samples.append(line)
                if url:
                    links.append(url)
            if len(samples) == 3:
                break
        scores = [v for (_, _, v, _), _ in window if v is not None]
        return Spike(kind=kind, key=key, links=tuple(links), ago=ago, seasonal=seasonal,
                     window_start=datetime.fromtimestamp(oldest * self.bucket_seconds, UTC),
                     window_minutes=self.window_buckets * self.bucket_seconds // 60,
                     count=count, usual=usual, top_terms=tuple(terms), samples=tuple(samples),
                     mean_sentiment=sum(scores) / len(scores) if scores else None)

    # -- state survives a restart (kept in the store by the observer) --------------------

    def to_json(self) -> str:
        return json.dumps({
            "started": self.started,
            "checked": self.checked,
            "zone": self.zone_name,
            "late": [[*k, n] for k, n in self.late_seen.items()],
            "series": [self._row(k, s) for k, s in self.series.items()],
            "dormant": [self._row(k, s) for k, s in self.dormant.items()],
        })

    @staticmethod
    def _row(k: SpikeKey, s: _Series) -> list[object]:
        return [k[0], k[1], s.bucket, list(s.counts), s.baseline, s.weight, s.quiet_until,
                [[*r[:3], list(r[3])] for r in s.recent], s.since,
                s.burst.to_list() if s.burst is not None else None,
                [list(p) for p in s.past], [s.season, s.season_weight],
                [_packed(s.week), _packed(s.week_weight)], s.seen, s.ended]

    def load_json(self, data: str) -> None:
        raw = loads(data)  # nested past the recursion limit too: its depth cut, not a crash
        if not isinstance(raw, dict):  # what the caller reads as a state to start afresh from
            raise ValueError(f"spike state is JSON but no object: {type(raw).__name__}")
        self.started = raw.get("started")
        self.checked = raw.get("checked")
        self.late_seen = {(str(kind), str(key), int(b)): int(n)
                          for kind, key, b, n in raw.get("late", [])}
        self.series = {}
        self.dormant = {}
        # hours learnt on another clock (UTC's, before ``zone``) are a day shifted: forgotten;
        # on the same clock under another name (Etc/UTC for UTC, a link's), kept: forgotten,
        # every series' next morning rang as on its first (a review of spikes, 2026-12-07)
        when = self.checked if isinstance(self.checked, int | float) else self.started
        other = not same_clock(str(raw.get("zone", "UTC")), self.zone_name,
                               int(when) // 3600 if isinstance(when, int | float) else 0)
        for where, rows in ((self.series, raw.get("series", [])),
                            (self.dormant, raw.get("dormant", []))):
            for row in rows:
                kind, key, s = self._series_of(row)
                if other:
                    s.season, s.season_weight = [0.0] * 24, [0.0] * 24
                    s.week, s.week_weight = [0.0] * HOURS_A_WEEK, [0.0] * HOURS_A_WEEK
                where[(kind, key)] = s

    @staticmethod
    def _series_of(row: list[Any]) -> tuple[str, str, _Series]:
        """A series of a state's rows, of this release or an earlier one."""
        kind, key, bucket, counts, baseline, weight, quiet, recent, *rest = row
        # kept from 2026-12-06 on: ``since``, then the burst, the past, then the usual at
        # each hour of the day, then of the week (a state without them starts them empty)
        since, burst, past, season, week, seen, ended = (*rest, *[None] * 7)[:7]
        s = _Series(bucket=int(bucket), baseline=float(baseline), weight=float(weight),
                    quiet_until=float(quiet), since=float(since or 0.0),
                    burst=Burst.from_list(burst) if burst else None)
        s.counts.extend((int(b), int(c)) for b, c in counts)
        s.past.extend((int(b), float(v), float(w)) for b, v, w in past or ())
        if season and len(season[0]) == len(season[1]) == 24:
            s.season = [float(v) for v in season[0]]
            s.season_weight = [float(w) for w in season[1]]
        rows = week if isinstance(week, list) and len(week) == 2 else ("", "")
        week_usual, week_weight = _unpacked(rows[0]), _unpacked(rows[1])
        # 32 bits take any number, NaN and infinity too: a NaN never fades (NaN times any
        # decay), and the series' usual was NaN for good, no burst of it rung again. Only a
        # week it could have learnt is read (usual finite and not below 0, weights within
        # [0, 1], float32's rounding aside); another is unknown, as an earlier release's
        if (len(week_usual) == len(week_weight) == HOURS_A_WEEK
                and all(math.isfinite(v) and v >= 0 for v in week_usual)
                and all(0 <= w <= 1 + 1e-6 for w in week_weight)):
            s.week, s.week_weight = week_usual, week_weight
        s.recent.extend((int(b), str(t), v, tuple(k)) for b, t, v, k in recent)
        # kept from the cap on (``MAX_SERIES``); before, the newest minute counted, if any
        s.seen = int(seen) if isinstance(seen, int) else max((b for b, _ in s.counts), default=-1)
        s.ended = ended if isinstance(ended, int) and not isinstance(ended, bool) else None
        return kind, key, s
