"""Delivery receipts: per day, per source and per channel, what came in and what went out.

The counters are the store's daily tallies, added to in the same transaction as what they
count (the pipeline's batches: fetched, already seen and matched per source, suppressed per
reason; the outbox: delivered and dead per channel), so a receipt's numbers equal what
happened, whatever the number of processes. A post fetched again (a file replayed anew, a
page read twice) counts as fetched, and as already seen.

- The ``receipt`` timer posts yesterday's receipt (UTC day) to the ops channel every day at
  ``health.receipt_at`` in ``health.receipt_timezone``; the post and the next run are one
  transaction, keyed by the day, so it is posted once. The timer names the first day it
  reports, the day after the last one reported, so a bot down across one or more of those
  times posts each day missed when it is back (the last ``MISSED_DAYS`` of them).
- ``socialops report --since 7d`` prints the same counts for several days with a text
  sparkline per row: one character a day, or over a longer span a week, a month, a quarter,
  a year or several (calendar ones, the first and last partial), so a row is at most
  ``MAX_COLUMNS`` characters wide (``columns``).
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from bot.core import keys as K
from bot.core.cards import Card, CardField, OutboxItem
from bot.core.config import HealthConfig
from bot.core.durations import next_boundary
from bot.core.effects import Effects
from bot.core.models import ChannelRef
from bot.core.ports import Clock, DueTimer, Transactions

log = logging.getLogger(__name__)

SEP = "\x1f"
SECTIONS = (("fetched", "Fetched, per source"),
            ("duplicates", "Of those, already seen (dropped as duplicates)"),
            ("matched", "Matched a route or subscription"),
            ("delivered", "Delivered, per channel"), ("dead", "Dead (not delivered)"),
            ("suppressed", "Suppressed, per reason"))
BARS = "▁▂▃▄▅▆▇█"
MAX_COLUMNS = 60  # characters in a sparkline, whatever the span
RECENT = 100  # receipts this process remembers having posted
MISSED_DAYS = 7  # receipts posted at once for days the bot was down across; `report` has more
# what one character may stand for beyond a day or a week, in calendar months, shortest first
_MONTHS = ((1, "a month"), (3, "a quarter"), (12, "a year"), (24, "2 years"), (60, "5 years"),
           (120, "10 years"), (240, "20 years"), (600, "50 years"), (1200, "100 years"),
           (2400, "200 years"), (6000, "500 years"), (12000, "1000 years"))


class TallyReads(Protocol):
    async def tallies(self, since_day: int) -> dict[str, dict[int, int]]: ...


def day_of(at: datetime) -> int:
    return int(at.timestamp() // 86400)


def day_date(day: int) -> date:
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(days=day)).date()


def sparkline(values: list[int]) -> str:
    """One character a value: a dot for none, then eight heights up to the row's largest."""
    top = max(values, default=0)
    if top <= 0:
        return "·" * len(values)
    return "".join("·" if v <= 0 else BARS[min(len(BARS) - 1, (v * len(BARS) - 1) // top)]
                   for v in values)


def columns(first_day: int, last_day: int) -> tuple[str, list[int]]:
    """How the days from ``first_day`` to ``last_day`` are drawn in at most ``MAX_COLUMNS``
    characters: what one character stands for, and where each begins (days from
    ``first_day``). A day each while they fit; else calendar weeks (Monday to Sunday), months,
    quarters or years, whichever is the shortest that fits; the first and last may be
    partial."""
    n = last_day - first_day + 1
    if n <= MAX_COLUMNS:
        return "a day", list(range(max(0, n)))
    monday = (-(first_day + 3)) % 7  # 1970-01-01, day 0, was a Thursday
    weeks = [0, *range(monday or 7, n, 7)]
    if len(weeks) <= MAX_COLUMNS:
        return "a week (Monday to Sunday)", weeks
    start, end = day_date(first_day), day_date(last_day)
    first_month = start.year * 12 + start.month - 1
    for months, name in _MONTHS:
        starts, month = [0], (first_month // months + 1) * months
        while (begins := date(month // 12, month % 12 + 1, 1)) <= end and \
                len(starts) <= MAX_COLUMNS:
            starts.append((begins - start).days)
            month += months
        if len(starts) <= MAX_COLUMNS:
            return name, starts
    raise ValueError(f"{n:,} days do not fit in {MAX_COLUMNS} characters")


def grouped(values: list[int], starts: list[int]) -> list[int]:
    """``values`` (one a day) summed into the columns beginning at ``starts``."""
    ends = [*starts[1:], len(values)]
    return [sum(values[a:b]) for a, b in zip(starts, ends, strict=True)]


class Receipts:
    def __init__(self, reads: TallyReads, applier: Transactions, *, cfg: HealthConfig,
                 clock: Clock, ops: ChannelRef | None,
                 channel_name: Callable[[str], str] | None = None) -> None:
        self.reads = reads
        self.applier = applier
        self.cfg = cfg
        self.clock = clock
        self.ops = ops
        self.channel_name = channel_name or (lambda key: key)
        # what this process posted lately (the demo prints them): the last RECENT, not a
        # year of them
        self.posted: deque[Card] = deque(maxlen=RECENT)

    # -- when ----------------------------------------------------------------------------------

    def next_due(self, after: datetime) -> datetime | None:
        if self.cfg.receipt_at is None:
            return None
        return next_boundary(after, timedelta(days=1), self.cfg.receipt_at,
                             self.cfg.receipt_timezone)

    def arm(self, fx: Effects) -> None:
        due = self.next_due(self.clock())
        if due is not None and self.ops is not None:
            fx.schedule(K.timer(K.RECEIPT, "daily"), due,
                        json.dumps({"from": day_of(due) - 1}), once=True)

    # -- the daily post ----------------------------------------------------------------------------

    async def fire(self, timer: DueTimer) -> None:
        """The receipt of each day from the one the timer names (yesterday, when it fires on
        time; a timer armed before it named none) to yesterday: a day the bot was down
        across its receipt's time is posted now, not lost."""
        now = self.clock()
        fx = Effects()
        fx.complete(timer.id, timer.token)
        last = day_of(now) - 1
        first = json.loads(timer.payload or "{}").get("from", last)
        due = self.next_due(now)
        if due is not None:
            fx.schedule(timer.id, due, json.dumps({"from": last + 1}))
        if first < last - MISSED_DAYS + 1:
            log.warning("no receipts for %s to %s: the bot was down; socialops report "
                        "--since %s shows them", day_date(first),
                        day_date(last - MISSED_DAYS), day_date(first).isoformat())
        for day in range(max(first, last - MISSED_DAYS + 1), last + 1):
            card = await self.card(day) if self.ops is not None else None
            if card is None:
                log.info("no receipt for %s: nothing was fetched or delivered", day_date(day))
            elif self.ops is not None:
                self.posted.append(card)
                fx.send(OutboxItem.new(key=f"{card.key}@{self.ops.channel}",
                                       workspace=self.ops.workspace, channel=self.ops.channel,
                                       card=card, now=now))
        await self.applier.apply(fx)

    async def counts(self, first_day: int, last_day: int) -> dict[str, dict[str, list[int]]]:
        """section -> row name -> one count per day from ``first_day`` to ``last_day``."""
        raw = await self.reads.tallies(first_day)
        days = range(first_day, last_day + 1)
        out: dict[str, dict[str, list[int]]] = {name: {} for name, _ in SECTIONS}
        for key, by_day in raw.items():
            section, _, row = key.partition(SEP)
            if section not in out:
                continue
            label = self.channel_name(row) if section in ("delivered", "dead") else row
            values = [by_day.get(d, 0) for d in days]
            if any(values):
                prior = out[section].get(label)
                out[section][label] = values if prior is None else [
                    a + b for a, b in zip(prior, values, strict=True)]
        return out

    async def card(self, day: int) -> Card | None:
        """The day's receipt; None for a day on which nothing happened at all (before the
        bot's first start, say: a day when sources failed or fell silent has alerts of its
        own)."""
        counts = await self.counts(day, day)
        if not any(counts.values()):
            return None
        fields: list[CardField] = []
        for section, title in SECTIONS:
            rows = counts[section]
            if section in ("fetched", "delivered") or rows:
                value = ", ".join(f"{name} {vals[0]:,}" for name, vals in sorted(
                    rows.items(), key=lambda kv: (-kv[1][0], kv[0]))) or "none"
                fields.append(CardField(name=title, value=value))
        dead = sum(v[0] for v in counts["dead"].values())
        total = sum(v[0] for v in counts["delivered"].values())
        text = (f"{total:,} card{'s' if total != 1 else ''} delivered"
                + (f", {dead:,} dead: `socialops outbox list --dead` shows them with the fix, "
                   "`socialops outbox retry KEY` sends one again" if dead else ", none dead"))
        when = day_date(day).isoformat()
        return Card(kind="notice", key=f"receipt:{when}", title=f"Delivery receipt for {when} "
                    "(UTC)", text=text, fields=tuple(fields), created_at=self.clock())

    async def report(self, since: datetime) -> str:
        """``socialops report``: every day from ``since`` to today, one sparkline per row."""
        first, last = day_of(since), day_of(self.clock())
        counts = await self.counts(first, last)
        n = last - first + 1
        each, starts = columns(first, last)
        lines = [f"socialops report: {day_date(first)} to {day_date(last)} (UTC days; "
                 f"one character {each}, · for none)"]
        width = max([len(name) for rows in counts.values() for name in rows] + [10])
        for section, title in SECTIONS:
            rows = counts[section]
            lines.append("")
            lines.append(title)
            if not rows:
                lines.append("  none")
                continue
            for name, values in sorted(rows.items(), key=lambda kv: (-sum(kv[1]), kv[0])):
                lines.append(f"  {name:<{width}}  {sum(values):>8,}  "
                             f"{sparkline(grouped(values, starts))}"
                             f"  {values[-1]:,} today" if n > 1 else
                             f"  {name:<{width}}  {sum(values):>8,}")
        return "\n".join(lines)


def channel_names(channels: Mapping[str, ChannelRef]) -> Callable[[str], str]:
    """"workspace:channel id" (as tallied) -> "#name" from the config's channels."""
    by_ref = {f"{ref.workspace}:{ref.channel}": f"#{name}" for name, ref in channels.items()}
    return lambda key: by_ref.get(key, key)
