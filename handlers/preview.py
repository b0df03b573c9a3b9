"""Subscription preview: what a subscription would have matched over the stored traces of the
last days (``store.retention.traces_days``, at most ``DAYS``), before anyone subscribes.

The match is the router's own: the composition root hands in a ``MatcherFactory`` that compiles
the subscription exactly as the live router does (``rules.compile_router``) and runs each post
through it, at the time it was fetched, with the same enrichment (language and sentiment asked
only of posts whose keywords match). The router runs subscriptions only when no ``drop`` route
fired; whether one did is in each trace, so those posts are left out here, as are exact repeats
and cross-posts, which the pipeline sets aside before routing. So a preview counts what would
have fired. What a trace does not keep (the author's follower count; text past its first
``TRACE_TEXT`` characters, ending before a word the cut would split, ``trace_text`` of
``bot.engine.pipeline``) is unknown to the preview, as it is to ``why``.

The scan (reading up to ``limit`` traces as JSON and matching each) runs on a worker thread
(``asyncio.to_thread``), so the event loop stays free; ``Preview.run`` is the service the chat
verb ``preview``, the ``subscribe`` reply and platform modals call, with a structured answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from bot.core.durations import zone_said
from bot.core.jsonbody import loads
from bot.core.models import Subscription
from bot.core.networks import display_name
from bot.core.ports import Clock
from bot.core.text import at_handle, code_span, one_line, right_to_left_names
from bot.core.when import shown_at
from handlers.receipts import sparkline

log = logging.getLogger(__name__)

DAYS = 7
SAMPLES = 3
LIMIT = 500_000  # traces scanned at most (a week of a busy deployment)


@dataclass(frozen=True, slots=True)
class Post:
    """What a trace keeps of a post, as the matcher needs it."""

    id: str
    network: str
    source: str
    author: str
    text: str
    language: str | None  # as the network declared it
    at: datetime  # when it was fetched: routing's "now" for it (quiet hours, mutes)


# would the subscription have fired for this post; compiled once per preview
Matcher = Callable[[Post], bool]
MatcherFactory = Callable[[Subscription], Matcher]
# the end of the digest window a match at this time goes into, as the router counts windows
# (``digests.at``, on the digests' clock, a weekly one's day): a digest subscription's card for
# it is posted then; given on that clock (a ZoneInfo's), which says it
DigestEnd = Callable[[Subscription, datetime], datetime]


@dataclass(frozen=True)
class SpikeDefaults:
    """The bot's spike settings (``spikes:`` of socialops.yaml): the window a burst is counted
    in, and each threshold a subscription's ``spikes.*`` leaves unset."""

    enabled: bool
    window_minutes: int
    min_count: int
    threshold: float
    max_p: float
_NOT_ROUTED = frozenset({"duplicate", "crosspost", "dead"})


class PreviewReads(Protocol):
    async def recent_traces(self, since: datetime, *, limit: int = 200_000) -> list[str]: ...


@dataclass(frozen=True)
class Sample:
    id: str
    network: str
    author: str
    text: str
    url: str | None
    created_at: str  # ISO time, as stored


@dataclass(frozen=True)
class PreviewResult:
    per_day: tuple[tuple[date, int], ...]  # every day of the window, oldest first
    samples: tuple[Sample, ...]  # the most recent matches
    matched: int
    scanned: int  # posts routed in the window (repeats and cross-posts left out)
    seconds: float  # how long the scan took
    # a digest subscription's: the cards it would have posted (one a window with a match)
    cards: int | None = None
    # the most matches in any spike window (``SpikeDefaults.window_minutes``) of them
    busiest: int = 0
    # a digest subscription's: when its next card would come, on the digests' clock
    next_card: datetime | None = None


class Preview:
    def __init__(self, reads: PreviewReads, *, clock: Clock, matcher: MatcherFactory,
                 days: int = DAYS, limit: int = LIMIT, digest_end: DigestEnd | None = None,
                 follow: Callable[[], Awaitable[None]] | None = None,
                 spikes: SpikeDefaults | None = None) -> None:
        """``digest_end`` and ``spikes``: what a digest's and a spike threshold's options
        would have done is said with them (none: the options are said, not counted).
        ``follow``: reads the digests' schedule in force (the store's record, which
        ``digest_end`` counts on) before a digest's windows are counted."""
        self.digest_end = digest_end
        self.follow = follow
        self.spikes = spikes
        self.reads = reads
        self.clock = clock
        self.matcher = matcher
        self.days = days
        self.limit = limit
        # One preview at a time: each holds up to ``limit`` traces in memory (about 550 bytes
        # each: 275 MB at the limit) for its seconds of scanning, and every click of a form's
        # Preview, every `preview` and `subscribe` starts one. Twenty at once were twenty
        # weeks of traces in memory together; the others now wait their turn.
        self._one = asyncio.Semaphore(1)

    async def run(self, sub: Subscription) -> PreviewResult:
        async with self._one:
            return await self._run(sub)

    async def _run(self, sub: Subscription) -> PreviewResult:
        now = self.clock()
        since = now - timedelta(days=self.days)
        started = time.perf_counter()
        if sub.mode == "digest" and self.follow is not None:
            await self.follow()
        raws = await self.reads.recent_traces(since, limit=self.limit)
        counts, samples, scanned, times = await asyncio.to_thread(self._scan, raws, sub)
        first = since.date()
        per_day = tuple((first + timedelta(days=n), counts.get(first + timedelta(days=n), 0))
                        for n in range((now.date() - first).days + 1))
        return PreviewResult(per_day=per_day, samples=tuple(samples), matched=sum(counts.values()),
                             scanned=scanned, seconds=time.perf_counter() - started,
                             cards=self._cards(sub, times), busiest=self._busiest(times),
                             next_card=self._next_card(sub, now))

    def _cards(self, sub: Subscription, times: list[datetime]) -> int | None:
        """The digest cards a digest subscription would have posted: one a window holding a
        match (None for one posting each match, or with no clock to count windows on)."""
        if sub.mode != "digest" or self.digest_end is None:
            return None
        return len({self.digest_end(sub, at) for at in times})

    def _next_card(self, sub: Subscription, now: datetime) -> datetime | None:
        """The end of the digest window open now: a card comes then if a post matches."""
        if sub.mode != "digest" or self.digest_end is None:
            return None
        return self.digest_end(sub, now)

    async def next_cards(self) -> Callable[[Subscription], datetime | None] | None:
        """When each digest subscription's next card comes (the end of its window open now),
        on the schedule in force (the store's record, read first); None with no clock to
        count windows on."""
        if self.digest_end is None:
            return None
        if self.follow is not None:
            await self.follow()
        now = self.clock()
        return lambda sub: self._next_card(sub, now)

    def _busiest(self, times: list[datetime]) -> int:
        """The most matches in any spike window: what a spike's ``min_count`` is held to."""
        if self.spikes is None:
            return 0
        width = timedelta(minutes=self.spikes.window_minutes)
        ordered, most, start = sorted(times), 0, 0
        for end, at in enumerate(ordered):
            while at - ordered[start] >= width:
                start += 1
            most = max(most, end - start + 1)
        return most

    def _scan(self, raws: Sequence[str], sub: Subscription,
              ) -> tuple[dict[date, int], list[Sample], int, list[datetime]]:
        """On a worker thread: parse each trace (plain JSON, no model validation: they were
        validated when written) and match it. Also when each match was fetched."""
        fires = self.matcher(sub)
        counts: dict[date, int] = {}
        times: list[datetime] = []
        hits: list[dict[str, object]] = []
        scanned = 0
        damaged = 0
        for raw in raws:
            try:  # one hand-damaged (the depth cut by ``loads``) is skipped, as listings do
                t = loads(raw)
                if t.get("outcome") in _NOT_ROUTED:
                    continue
                dropped = any(h.get("action") == "drop" for h in t.get("hits") or ())
                at = datetime.fromisoformat(str(t["fetched_at"]))
                post = Post(str(t["id"]), str(t["network"]), str(t.get("source") or ""),
                            str(t.get("author") or ""), str(t.get("text") or ""),
                            lang if isinstance(lang := t.get("language"), str) else None, at)
                _ = t["author"], t["created_at"]  # what a sample shows
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
                damaged += 1
                continue
            scanned += 1
            if dropped:  # routed, and dropped by a rule: no subscription ran for it
                continue
            if fires(post):
                counts[at.date()] = counts.get(at.date(), 0) + 1
                times.append(at)
                hits.append(t)
        if damaged:
            log.warning("preview: skipped %d stored traces of the last %d days that cannot be "
                        "read (damaged records)", damaged, self.days)
        samples = [Sample(id=str(t["id"]), network=str(t["network"]), author=str(t["author"]),
                          text=str(t.get("text") or ""), url=t.get("url") or None,  # type: ignore[arg-type]
                          created_at=str(t["created_at"])) for t in hits[-SAMPLES:][::-1]]
        return counts, samples, scanned, times

    # -- chat ------------------------------------------------------------------------------

    async def summary(self, sub: Subscription) -> str:
        """One line for the ``subscribe`` reply: a digest's says when its first card comes
        (it said nothing of it, and a team that scheduled a report waited to see)."""
        result = await self.run(sub)
        return (f"In the last {len(result.per_day) - 1} days it would have matched "
                f"{result.matched} of {result.scanned:,} posts "
                f"({sparkline([n for _, n in result.per_day])}); "
                f"{_first_said(result.next_card)}{code_span('preview ' + sub.query)} shows "
                "samples")


def render(sub: Subscription, result: PreviewResult, *, zone: str | None = None,
           spikes: SpikeDefaults | None = None) -> str:
    """``zone``: the asking workspace's clock, on which each sample's time is said too.
    ``spikes``: the bot's spike settings, against which a subscription's own thresholds are
    said (none: they are named, not weighed)."""
    filters = [f"lang {','.join(sub.languages)}"] if sub.languages else []
    if sub.sentiment_max is not None:
        filters.append(f"sentiment<{sub.sentiment_max}")
    if sub.sentiment_min is not None:
        filters.append(f"sentiment>{sub.sentiment_min}")
    if sub.mode == "digest":  # a weekly one's day too: `digest weekly on Friday`
        filters.append("digest " + (sub.digest_said() if sub.digest_interval
                                    else "hourly"))
    if sub.spikes is not None and (said := sub.spikes.said()):
        filters.append(said)
    head = one_line(sub.query, 200) + (f" ({', '.join(filters)})" if filters else "")
    days = len(result.per_day)
    lines = [f"{head}: {result.matched} of {result.scanned:,} posts in the last {days - 1} days "
             f"would have matched",
             "per day: " + sparkline([n for _, n in result.per_day]) + "  "
             + ", ".join(f"{d:%b %d} {n}" for d, n in result.per_day)]
    if result.cards is not None:
        a = "an" if sub.digest_interval == "hourly" else "a"
        lines.append(f"as {a} {sub.digest_interval or 'hourly'} digest: {_cards(result.cards)} "
                     f"in this channel, not {result.matched} alert"
                     + ("" if result.matched == 1 else "s") + _next_said(result.next_card))
    if sub.spikes is not None and spikes is not None:
        lines.append(_spike_line(sub, result, spikes))
    if result.samples:
        lines.append("latest matches:")
        for s in result.samples:
            lines.append(f"• {at_handle(s.author, 60)} on {display_name(s.network)}, "
                         f"{_posted(s.created_at, zone)}: {one_line(s.text, 160)}"
                         + (f" ({one_line(s.url, 300)})" if s.url else ""))
    else:
        lines.append("no stored post matches it (traces are kept "
                     "store.retention.traces_days)")
    return "\n".join(lines)


def card_time(at: datetime) -> str:
    """A digest card's time on the digests' clock, naming its zone: ``Tuesday Dec 08 at 09:00
    UTC``, as a preview, a subscribe's reply and ``list`` say it."""
    zone = getattr(at.tzinfo, "key", None) or at.tzname() or "UTC"
    return f"{at:%A %b %d} at {at:%H:%M} {zone_said(zone)}"


def _next_said(at: datetime | None) -> str:
    """When the next card would come, on the digests' clock (the team's zone, which it names):
    a weekly:friday said nothing of its day or time."""
    if at is None:
        return ""
    return f"; its next card would come on {card_time(at)}"


def _first_said(at: datetime | None) -> str:
    """When a digest subscription's first card comes (the end of the window open now), on the
    digests' clock; nothing for one posting each match."""
    if at is None:
        return ""
    return f"its first card comes on {card_time(at)}, if a post matches by then; "


def _cards(n: int) -> str:
    return "no card" if n == 0 else "1 card" if n == 1 else f"{n} cards"


def _spike_line(sub: Subscription, result: PreviewResult, bot: SpikeDefaults) -> str:
    """A subscription's spike thresholds against its matches: the busiest window, and whether
    it reaches ``min_count`` (the count the rest of the test needs; the usual rate it is held
    to is learnt from the live stream, which a preview cannot say)."""
    if not bot.enabled:
        return "spike warnings: off in this deployment (spikes.enabled: false in socialops.yaml)"
    own = sub.spikes
    least = own.min_count if own and own.min_count is not None else bot.min_count
    times = own.threshold if own and own.threshold is not None else bot.threshold
    likely = own.max_p if own and own.max_p is not None else bot.max_p
    held = (f"spike warnings: its busiest {bot.window_minutes} minutes held {result.busiest} "
            f"match{'' if result.busiest == 1 else 'es'}, min_count {least}")
    if result.busiest < least:
        return held + " not reached: no spike warning"
    return (held + f" reached; a warning also needs {times:g} times the usual (threshold) and "
            f"no likelier than {likely:g} (max_p)")


def sample_names(result: PreviewResult) -> tuple[str, ...]:
    """The right-to-left names starting ``render``'s sample lines, for the answer to carry
    (``Reply.names``): first on its line, one turned the line right to left."""
    return right_to_left_names(at_handle(s.author, 60) for s in result.samples)


def _posted(created_at: str, zone: str | None) -> str:
    """A sample's time as its trace stores it (ISO, in UTC), said as the bot says times."""
    try:
        at = datetime.fromisoformat(created_at)
    except ValueError:  # not a time: as stored, as before
        return f"{one_line(created_at[:16], 16).replace('T', ' ')} UTC"
    return shown_at(at if at.tzinfo is not None else at.replace(tzinfo=UTC), zone)
