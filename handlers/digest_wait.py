"""Where a post collected into a digest stands until its card is made, for ``why``: when the
digest is due, and, past that, why it was not posted (no process runs the timers, its timer
was set aside as a dead letter, the subscription is muted or was removed).

Read from what the store keeps anyway, not from the trace (whose format the release before
must still read): the post's signal (kept for its digest) names the route hit, whose digest
group (``routing._digest_group``) names the buffer the post waits in and the flush timer
(``store.timer_due``); a timer set aside is a dead letter of kind ``timer``; ``_alive``
(``bot.engine.uptime``) says when a process last ran its timers.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core import keys as K
from bot.core.durations import span, zone_said
from bot.core.models import WEEKDAYS, RouteHit, Signal, Subscription, TraceHit
from bot.core.ports import Clock, DeadItem
from bot.core.text import one_line, shell_word
from bot.core.when import shown_at
from handlers.routing import (
    LATE_AFTER,
    RouteActions,
    _digest_group,
    digest_late,
    window_clock,
)

# a digest this little past its time is being posted (the timer loop ticks every second, a
# flush and its card take moments); whether it is late is its card's rule (``digest_late``)
GRACE = timedelta(minutes=2)
_TICK = timedelta(microseconds=1)
_EVERY = {3600.0: "hourly", 86_400.0: "daily", 604_800.0: "weekly"}


class DigestReads(Protocol):
    async def get_signal(self, signal_id: str) -> Signal | None: ...
    async def get_subscription(self, sub_id: str) -> Subscription | None: ...
    async def timer_due(self, timer_id: str) -> datetime | None: ...
    async def get_dead(self, kind: str, item_id: str) -> DeadItem | None: ...
    async def get_cursor(self, source_id: str) -> str | None: ...
    async def group_has(self, group: str, item: str) -> bool: ...


def _until(at: datetime, now: datetime) -> str:
    """``in 12 min`` or ``2 h 50 min ago``."""
    minutes = int(abs((at - now).total_seconds()) // 60)
    if not minutes:
        return "in less than a minute" if at > now else "less than a minute ago"
    return f"in {span(minutes)}" if at > now else f"{span(minutes)} ago"


class DigestWait:
    def __init__(self, reads: DigestReads, *, actions: RouteActions, clock: Clock) -> None:
        self.reads = reads
        self.actions = actions
        self.clock = clock

    async def said(self, post: str, hit: TraceHit, zone: str | None = None) -> str | None:
        """The line ``why`` says of ``post`` waiting in ``hit``'s digest, or None when that is
        not known (its signal no longer stored, or not in the digest's buffer any more)."""
        signal = await self.reads.get_signal(post)
        found = next((h for h in (signal.routes if signal is not None else ())
                      if h.action == "digest" and (h.route, h.workspace, h.channel)
                      == (hit.route, hit.workspace, hit.channel)), None)
        if signal is None or found is None:
            return None
        group = _digest_group(found)
        if not await self.reads.group_has(K.digest_buffer(group), post):
            return None
        await self.actions.follow_schedule()  # the times the processes post it at
        now = self.clock()
        every = found.digest_interval or 3600.0
        often = _EVERY.get(every) or f"every {span(int(every // 60))}"
        if found.digest_day:  # a subscription's weekly:friday
            often += f" on {WEEKDAYS[found.digest_day].capitalize()}s"
        whose = "subscription's" if found.subscription_id else "route's"
        head = f"  collected into the {whose} digest ({often}"
        if found.subscription_id is not None:
            sub = await self.reads.get_subscription(found.subscription_id)
            if sub is None:
                return (f"{head}): not to be posted: {found.subscription_id} was removed before "
                        "its digest was due")
            if sub.muted_until is not None and sub.muted_until > now:
                # a muted subscription's flush waits, window by window, for the first window's
                # end at or after the mute's (routing.RouteActions.flush)
                after = self.actions.digest_window(found, sub.muted_until - _TICK)[1]
                return (f"{head}): waiting for the mute of {sub.id} to end at "
                        f"{shown_at(sub.muted_until, zone)}; then posted at the first window's "
                        f"end after it, {shown_at(after, zone)}, {_until(after, now)} "
                        f"(`unmute {sub.id}` posts it at the next window's end)")
        timer = K.timer(K.DIGEST_FLUSH, group)
        due = await self.reads.timer_due(timer)
        written = signal.mention.created_at
        own = self.actions.digest_window(found, min(written, now))
        if due is None:
            dead = await self.reads.get_dead("timer", timer)
            if dead is None:
                return None
            return (f"{head}, {self._named(found, own)}): due {shown_at(own[1], zone)}, "
                    f"{_until(own[1], now)}, not posted: its timer failed and was set aside "
                    f"at {shown_at(dead.at, zone)} ({one_line(dead.reason, 300)}); once the "
                    f"cause is fixed, run `socialops dead retry {shell_word(timer)} --kind "
                    "timer`")
        if self.actions.digest_window(found, due - _TICK)[1] != due and \
                due - now > self.actions.timer_lease:
            # armed on the schedule before digests.at (or its zone) changed: its flush
            # then moves it to the new schedule's first end, or the end of the window of the
            # oldest post it holds (RouteActions.rescheduled_holding)
            moved = await self.actions.rescheduled_holding(found, due, K.digest_buffer(group))
            if moved == due:  # the new schedule's end passed first: posted at the old time
                return (f"{head}): due {shown_at(due, zone)}, {_until(due, now)}, as armed "
                        "before the digest's time was changed (digests.at, "
                        "digests.timezone), and at the new time from then on")
            due = moved or due
        if self.actions.digest_window(found, due - _TICK)[1] != due:
            # not a window's end: the timer is taken (leased till ``due``) by a process
            # flushing it now, or whose flush failed (tried again when the lease ends)
            return (f"{head}): being posted now, or its last try failed and is tried again "
                    f"at {shown_at(due, zone)} (after 5 failed tries its timer is set aside: "
                    "`socialops dead list --kind timer`)")
        # the flush at ``due`` takes the posts written before it; a later one waits for its own
        # window's end (a post dated after now is taken at once)
        window = (self.actions.digest_window(found, due - _TICK) if written < due or
                  written > now else self.actions.digest_window(found, written))
        end = max(due, window[1])
        said = f"{head}, {self._named(found, window)}): due {shown_at(end, zone)}, " \
               f"{_until(end, now)}"
        if now - end <= GRACE:
            return said + (": being posted now" if end <= now else "")
        beat = await self._last_beat()
        if beat is None or beat < end:
            since = (f"since {shown_at(beat, zone)}" if beat is not None else
                     "since it was due (none has recorded running them)")
            run = "once one runs them (`socialops run`, or its worker role)"
            if digest_late(end, now):
                return (f"{said}, not posted: no socialops process has run its timers "
                        f"{since}; it is posted late, as its own card, {run}")
            # late or not is its card's to say, by when it is posted: the rule's words
            return (f"{said}, not posted: no socialops process has run its timers {since}; "
                    f"it is posted {run}, as a late card, saying its window, if that is "
                    f"after {shown_at(end + LATE_AFTER, zone)}")
        return (f"{said}, not posted yet: a socialops process ran its timers at "
                f"{shown_at(beat, zone)}, after it was due: they are behind, or its flush "
                f"fails (the log names timer {timer})")

    def _named(self, hit: RouteHit, window: tuple[datetime, datetime]) -> str:
        """A window as its late card names it: ``12:00-13:00 UTC``, with its dates when it is
        not of one day, and each end's zone abbreviation when the clocks changed within it
        (``02:00 CEST-02:00 CET Europe/Warsaw``, where it read ``02:00-02:00``)."""
        zone = self.actions.digest_zone(hit)
        tz = ZoneInfo(zone)
        start, end = (w.astimezone(tz) for w in window)
        clock = window_clock(start, end)
        if start.date() == end.date():
            return f"{start:{clock}}-{end:{clock}} {zone_said(zone)}"
        return f"{start:%Y-%m-%d {clock}} to {end:%Y-%m-%d {clock}} {zone_said(zone)}"

    async def _last_beat(self) -> datetime | None:
        """When a process last ran its timers (``_alive``), None when none recorded it."""
        raw = await self.reads.get_cursor(K.ALIVE)
        try:
            return datetime.fromtimestamp(float(raw), UTC) if raw else None
        except (ValueError, OverflowError, OSError):
            return None
