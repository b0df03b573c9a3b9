"""When no bot process was running: the outages a late digest window is told apart by.

Every process's timer beat writes ``_alive`` (the time, at most once a ``BEAT``): while any
process runs, it stays fresh. A process starting finds it older than ``OUTAGE_AFTER`` when no
process beat meanwhile, and keeps that span in ``_outages`` (the last ``MOST`` spans of the last
``KEPT``), read again at each start; so does a running process whose own beats stopped that
long (suspended with its host, its timers stalled), at its next beat. A span in which the
process tried to beat and the store refused (Redis stopped) is kept as the store's (its
start in ``_outages_store``, beside the record a release before reads): an outage all the
same, said as the store's, not as no process running.

A digest's post read late is then told apart: a post written before a window's end that passed
while the bot was down (the poll after an outage) goes in that window's own late card, where
one read late while the bot ran (a feed entry dated hours before it reached the feed, a slow
poll) goes in the window open now, as before. Without the record the two look alike.

The beat is one small write a minute per process; the outage record is kept with the cursors
(never expired; pruned here). Two processes starting at once after the same outage record it
once (a compare-and-set; they find the same last beat).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from bot.core import jsonbody
from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.errors import StoreError
from bot.core.ports import Clock, Store, Transactions

log = logging.getLogger(__name__)

BEAT = timedelta(seconds=60)  # a process writes ``_alive`` at most this often
# no beat for this long is an outage: the beat's interval a few times over (a timer beat held
# by a slow store, a process restarted at once by systemd is not an outage)
OUTAGE_AFTER = timedelta(minutes=5)
KEPT = timedelta(days=35)  # outages kept this long after their end (a monthly digest's window)
MOST = 100  # and at most this many, the latest
# characters of a record read at most: ``MOST`` spans are ~4 KB. A longer one is none written
# (a million hand-written spans: 30 MB, seconds of the loop decoding and sorting them, twice)
READ_AT_MOST = 64 * 1024


def _ts(raw: object) -> float | None:
    """A stored time, or None: not a number, or not a finite one (Python's ``float`` reads
    "-inf", "nan" and "1e999" of a cursor's text, ``json`` reads ``-1e999`` and ``NaN``; a
    beat of minus infinity raised ``OverflowError`` out of every start)."""
    try:
        value = float(raw) if isinstance(raw, int | float | str) \
            and not isinstance(raw, bool) else None
    except (ValueError, OverflowError):
        return None
    return value if value is not None and math.isfinite(value) else None


def _within(spans: list[tuple[float, float]], now: float) -> list[tuple[float, float]]:
    """``spans`` as this process reads them: ending at the latest ``now`` (a window ending
    after this process started was not missed), and at most ``KEPT`` long (a span of 0 to
    1e308, hand-damaged, was every digest window missed, for ever: a span is pruned only
    ``KEPT`` after its end). A real outage longer than that keeps its last ``KEPT``."""
    out = []
    for began, ended in spans:
        end = min(ended, now)
        start = max(began, end - KEPT.total_seconds())
        if start < end:
            out.append((start, end))
    return out


STORE = "store"  # a span's cause, third in its record: the store refused a process that ran


def store_spans(raw: str | None, beside: str | None = None) -> set[float]:
    """The starts of the stored spans the store caused: listed ``beside`` the record
    (``K.OUTAGES_STORE``), or ``[start, end, "store"]`` in it (as the release of 2026-12-07
    01:06 wrote them, which a release before dropped); read after ``parse_outages``, which
    says a damaged record. A damaged list is none."""
    starts: set[float] = set()
    for in_record, text in ((True, raw), (False, beside)):
        try:
            data = jsonbody.loads(text) if text and len(text) <= READ_AT_MOST else None
        except ValueError:
            continue
        for item in data if isinstance(data, list) else ():
            # a span of the record is the store's when its third item says so
            at = (item[0] if isinstance(item, list) and item[2:] == [STORE] else None) \
                if in_record else item
            if (start := _ts(at)) is not None:
                starts.add(start)
    return starts


def parse_outages(raw: str | None) -> list[tuple[float, float]]:
    """The stored spans (unix seconds, start before end); a damaged record is none."""
    if not raw:
        return []
    if len(raw) > READ_AT_MOST:
        log.warning("the stored outage record %s is %d characters (at most %d are written): "
                    "read as none", K.OUTAGES, len(raw), READ_AT_MOST)
        return []
    try:
        data = jsonbody.loads(raw)
    except ValueError:
        log.warning("the stored outage record %s is damaged; read as none", K.OUTAGES)
        return []
    spans = []
    for item in data if isinstance(data, list) else ():
        # a span, or one the store caused: a third item of anything else is damage
        if isinstance(item, list) and len(item) >= 2 and item[2:] in ([], [STORE]):
            start, end = _ts(item[0]), _ts(item[1])
            if start is not None and end is not None and start < end:
                spans.append((start, end))
    return spans


class Uptime:
    """This process's beat and the outages known when it started (``down_at``)."""

    def __init__(self, store: Store, applier: Transactions, *, clock: Clock,
                 follows: Callable[[datetime, datetime, bool], Awaitable[Sequence[str]]]
                 | None = None) -> None:
        """``follows``: what an outage (its start and end) leaves this bot to do late, as its
        log line says it (its digests' late cards, its escalation steps, the posts scheduled
        in it: only what the bot has), and whether this process does it (its third argument:
        False for a ``web`` process, which fires no timer)."""
        self.follows = follows
        self.store = store
        self.applier = applier
        self.clock = clock
        self.outages: list[tuple[float, float]] = []
        self.unreachable: set[float] = set()  # the starts of the outages the store caused
        self._beaten: datetime | None = None
        self._refused = False  # a beat since the last written one found the store down

    async def beat(self) -> None:
        """Say this process is running (the timer beat calls it; written at most once a
        ``BEAT``)."""
        now = self.clock()
        if self._beaten is not None and timedelta(0) <= now - self._beaten < BEAT:
            return
        try:
            if self._beaten is not None and now - self._beaten > OUTAGE_AFTER:
                # this process did not run its timers either (suspended with its host or VM,
                # ``kill -STOP``, its store unreachable): if none beat meanwhile, an outage,
                # kept and read as a start does; read only at a start, the late card of a
                # window that ended then said its flush was held up "while the bot ran". One
                # it tried to beat in and the store refused is the store's, said so: it was
                # said as no process running, while this one ran and said the store was down
                await self.starting(store=self._refused)
            # a cursor's write of its own: no decision's effects, so a kill after it is only
            # a beat, and the writes of the timer that follows are numbered as before it beat
            await self.store.set_cursor(K.ALIVE, repr(now.timestamp()))
        except StoreError:
            self._refused = True
            raise
        self._beaten, self._refused = now, False

    async def starting(self, *, store: bool = False, timers: bool = True) -> None:
        """At a process's start, before it reads anything, and at its first beat after a gap
        of its own longer than ``OUTAGE_AFTER`` (``beat``): the span since the last beat of any
        process, if longer than ``OUTAGE_AFTER``, is kept as an outage; the known ones are
        read. No beat here: the timer loop's first says the process runs. A start that dies
        after this (a crash loop of a bad deploy) read nothing, and the next start finds the
        same last beat and keeps the one span, to its own start. ``store``: the span found is
        the store's (``beat``: it refused this process's beats). ``timers``: this process
        fires timers (a ``web`` process does not, and its line says who does)."""
        found: list[tuple[float, float]] = []  # the span this start found (said once)
        caused: set[float] = set()

        async def decide() -> tuple[Effects, list[tuple[float, float]]]:
            found.clear()  # decided again after a concurrent change: said as last decided
            now = self.clock().timestamp()
            raw = await self.store.get_cursor(K.OUTAGES)
            beside = await self.store.get_cursor(K.OUTAGES_STORE)
            read = parse_outages(raw)  # once: a damaged record is said once
            caused.clear()
            caused.update(store_spans(raw, beside))
            spans = _within(read, now)
            last = _ts(await self.store.get_cursor(K.ALIVE))
            fx = Effects()
            if last is not None and now - last > OUTAGE_AFTER.total_seconds():
                start = max(last, now - KEPT.total_seconds())
                # one start: the longest end (a span of a process killed before its beat
                # starts there too, or within, when its start was cut to ``KEPT``)
                spans = [s for s in spans if s[0] != last and s[0] < start]
                spans.append((start, now))
                found.append((start, now))
                caused.discard(start)
                if store:
                    caused.add(start)
            kept = sorted(s for s in spans if s[1] >= now - KEPT.total_seconds())[-MOST:]
            # spans of two items, as every release reads them; the store's starts beside
            # (a third item was a span a release before dropped, and rewrote the record
            # without: a rolling upgrade's older process, a rollback)
            record = json.dumps([list(s) for s in kept])
            starts = json.dumps([s[0] for s in kept if s[0] in caused])
            if record != raw:
                fx.swap_cursor(K.OUTAGES, record, expected=raw)
            if starts != (beside or "[]"):
                fx.swap_cursor(K.OUTAGES_STORE, starts, expected=beside)
            return fx, kept

        self.outages = await self.applier.run(decide, what="outage record")
        self.unreachable = {s[0] for s in self.outages if s[0] in caused}
        for start, end in found:
            began, ended = datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC)
            follows = (list(await self.follows(began, ended, timers))
                       if self.follows is not None else [])
            if follows and not timers:
                follows[0] = f"this process (role web) fires no timer: {follows[0]}"
            span = (began.isoformat(timespec="seconds"), ended.isoformat(timespec="seconds"))
            if start in self.unreachable:
                log.info("the store could not be reached from %s to %s (this process ran, its "
                         "timers held)%s", *span, ": " + "; ".join(follows) if follows else "")
                continue
            log.info("no socialops process ran its timers from %s to %s%s", *span,
                     ": " + "; ".join(follows) if follows else "")

    def down_at(self, at: datetime) -> str | None:
        """Why no process ran its timers at ``at`` (in an outage known when this one
        started): ``"store"`` when the store refused them, ``"down"`` when none ran; None when
        one did."""
        t = at.timestamp()
        for start, end in self.outages:
            if start < t < end:
                return STORE if start in self.unreachable else "down"
        return None
