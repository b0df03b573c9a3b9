"""What happens when a route fires for a signal: alert, ticket, digest or drop, with the route's
noise control (cooldown, group_wait) carried out through the store.

- ``alert``: one card per signal × route × channel (that is the outbox idempotency key).
  With ``cooldown``, repeats for the same group key within the cooldown are held back and
  counted into the next card. With ``group_wait``, alerts for the same group arriving within
  the wait are collected and posted as one card when the group's timer fires.
- ``ticket``: opens a ticket (or attaches to the customer's open one).
- ``digest``: the signal joins the route's digest buffer, flushed on the digest timer.
- ``drop``: nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core import keys as K
from bot.core.cards import Card, CardField, OutboxItem, digest_id
from bot.core.config import DigestsConfig
from bot.core.durations import next_boundary, zone_said
from bot.core.effects import Effects
from bot.core.models import MessageRef, RouteHit, Signal, Subscription, Ticket, Trace
from bot.core.networks import back_how, gone_how
from bot.core.ports import Clock, DueTimer, Transactions
from bot.core.text import at_handle, one_line, right_to_left_names
from bot.enrich.summary import DigestSummary, summarise
from handlers.buffers import leave, rearm, take_buffer
from handlers.cards import alert_card, group_card, post_edited
from handlers.digest_schedule import OWNER_GONE, Schedule, in_force, parse_schedule
from handlers.tickets import TicketService

log = logging.getLogger(__name__)

# the optional generated-summary hook (an OpenAI-compatible client, bound by the app)
DigestHook = Callable[[DigestSummary, Sequence[Signal]], Awaitable[DigestSummary]]


class RoutingReads(Protocol):
    async def is_seen(self, key: str) -> bool: ...
    async def group_items(self, group: str) -> list[str]: ...
    async def get_signal(self, signal_id: str) -> Signal | None: ...
    async def get_signals(self, signal_ids: Sequence[str]) -> Mapping[str, Signal]: ...
    async def get_subscription(self, sub_id: str) -> Subscription | None: ...
    async def get_trace(self, mention_id: str) -> Trace | None: ...
    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None: ...
    async def get_outbox(self, key: str) -> OutboxItem | None: ...
    async def get_cursor(self, source_id: str) -> str | None: ...


@dataclass
class Batch:
    """What a batch already decided, for decisions later in the same batch (its effects are
    not written yet): tickets by conversation and customer, cooldown marks, signals by id."""

    tickets: dict[tuple[str, str], Ticket] = field(default_factory=dict)
    marks: set[str] = field(default_factory=set)
    signals: dict[str, Signal] = field(default_factory=dict)


# the flushed mark of a post collected by a subscription removed before its digest was due
UNSUBSCRIBED = "-unsubscribed"
# the flushed mark of a post its digest found no longer stored (kept max(store.dedup_ttl_hours,
# the interval and a day): a flush late by more, the bot down meanwhile), counted in its card
NOT_KEPT = "-not-kept"
# a digest whose timer fires this long after its window's end says it is late, and which
# window it holds (a timer's lease, 60 s, a few times over: a crash taken over is not "late")
LATE_AFTER = timedelta(minutes=10)
_TICK = timedelta(microseconds=1)
# the schedule recorded in the store is read again at most this often by the posts joining a
# digest (a flush and ``why`` read it each time): a read a post, on a busy digest, for nothing
FOLLOW_EVERY = timedelta(seconds=10)
# a process of the schedule in force says so at most this often (its timer beat's pace): a
# write a minute for the bot, whatever its processes
HOLD_EVERY = timedelta(seconds=60)


def digest_late(end: datetime, at: datetime) -> bool:
    """A digest whose window ended at ``end`` is late if posted at ``at``: its card then says
    its window and "posted late", and ``why`` of a post waiting in it says it will be (one
    rule for both: ``handlers.digest_wait``)."""
    return at - end > LATE_AFTER


def window_clock(start: datetime, end: datetime) -> str:
    """How a digest window's ends are written (local times, in the digest's zone): a window of
    one day whose clock changed within it (the hour shown twice) says which pass each end is,
    by its zone's abbreviation: it read 02:00-02:00 (02:30-02:00 for half-hour windows). The
    late card and ``why`` (``handlers.digest_wait``) name a window alike."""
    if start.date() == end.date() and start.utcoffset() != end.utcoffset():
        return "%H:%M %Z"
    return "%H:%M"


def _group_id(hit: RouteHit) -> str:
    return f"{hit.route}|{hit.workspace}|{hit.channel}|{hit.group_key or '-'}"


def _digest_group(hit: RouteHit) -> str:
    """A digest's group names its window's length: after a rules change (hourly to daily) new
    posts wait for the new window's end, while the old window's timer flushes what it holds
    and ends, instead of arming the old length again for as long as posts keep coming."""
    # a weekly one's day (a subscription's weekly:friday) too, when it is not Monday
    day = f"@{hit.digest_day}" if hit.digest_day else ""
    return f"{_group_id(hit)}|{hit.digest_interval or 3600.0:g}s{day}"


def _wait_group(hit: RouteHit) -> str:
    """A group_wait's buffer and timer name the wait, for the same reason as a digest's: a
    wait changed in the rules is the new wait from the next post on. What the cooldown held
    back stays the route group's (``_group_id``), whatever the wait."""
    return f"{_group_id(hit)}|{hit.group_wait:g}s"


class RouteActions:
    def __init__(
        self,
        reads: RoutingReads,
        tickets: TicketService,
        applier: Transactions,
        *,
        clock: Clock,
        ignore_terms: Sequence[str] = (),
        llm: DigestHook | None = None,
        after_card: Callable[[Signal, Effects], None] | None = None,
        digests: DigestsConfig | None = None,
        zones: Mapping[str, str] | None = None,
        trace_ttl_seconds: int = 7 * 86400,
        down_at: Callable[[datetime], str | None] | None = None,
        timer_lease_seconds: float = 60.0,
    ) -> None:
        """``after_card``: told when an alert or ticket card is made for a signal (in the
        same effects), e.g. to schedule its translation. ``digests``: when they are posted;
        ``zones``: each workspace's clock (``workspaces[].timezone``), a digest's own when
        ``digests.timezone`` is unset.
        ``trace_ttl_seconds``: how long the card a flush posted each signal in is kept for
        ``why`` (as long as the signal's trace). ``down_at``: why no bot process ran its timers
        at that time (``bot.engine.uptime``: ``"store"`` when the store refused them, else
        none ran), None when one did: a post whose digest window ended then has its own late
        card. ``timer_lease_seconds``: how long a flush holds its timer (its due the lease's
        end meanwhile, no window's)."""
        self.down_at = down_at
        self.timer_lease = timedelta(seconds=timer_lease_seconds)
        self.trace_ttl = trace_ttl_seconds
        self.after_card = after_card
        self.digests = digests or DigestsConfig()
        self.zones = dict(zones or {})
        self.reads = reads
        self.tickets = tickets
        self.applier = applier
        self.clock = clock
        # the digests' schedule (``digests``, ``zones``) is this process's since it started: a
        # timer armed on another (``digests.at`` changed, restarted) is moved to it from then;
        # the one in force is the store's, recorded by the process started last
        # (``handlers.digest_schedule``), from when it started
        self.started = clock()
        self.own = Schedule(at=self.digests.at, timezone=self.digests.timezone,
                            since=self.started, zones=dict(self.zones))
        self._followed: datetime | None = None
        self._held: datetime | None = None
        self.ignore_terms = tuple(ignore_terms)  # brand names: in every post, so no news
        self.llm = llm

    async def record_schedule(self) -> None:
        """At this process's start: its digests' schedule is the one in force, recorded in
        the store for the others, unless another is in force (``in_force``: one started
        after it, or one that replaced it and still runs): then it follows that one."""
        self._follow(await self.applier.run(self._hold_decision, what="digests' schedule"))

    async def hold_schedule(self) -> None:
        """At this process's timer beat (at most once a ``HOLD_EVERY``): say its schedule, when
        in force, still runs; take it back when the one in force has no process left."""
        now = self.clock()
        if self._held is not None and timedelta(0) <= now - self._held < HOLD_EVERY:
            return
        self._held = now
        self._follow(await self.applier.run(self._hold_decision, what="digests' schedule"))

    async def _hold_decision(self) -> tuple[Effects, Schedule]:
        fx = Effects()
        now = self.clock()
        raw = await self.reads.get_cursor(K.DIGEST_SCHEDULE)
        found = parse_schedule(raw)
        schedule = in_force(found, self.own, now)
        if schedule is not found:  # this process's own, recorded in place of the one found
            if found is not None and not found.alive(now):
                log.info("no process of the digests' schedule in force (digests.at %s, "
                         "recorded at %s) ran for %s: this one's (digests.at %s) is recorded "
                         "in its place", found.at, found.since.isoformat(), OWNER_GONE,
                         self.own.at)
            held = self.own.replacing(found, now)
        elif found is None or not found.same(self.own) or \
                timedelta(0) <= now - (found.held or found.since) < HOLD_EVERY:
            return fx, schedule  # another's, or held a moment ago by a process of this one
        else:
            held = replace(found, held=now)
        fx.swap_cursor(K.DIGEST_SCHEDULE, held.dumps(), expected=raw)
        return fx, held

    async def follow_schedule(self, *, fresh: bool = True) -> None:
        """Count digest windows on the schedule recorded in the store (a rolling deploy's
        newer process's), else on this process's own. ``fresh``: read now, not within
        ``FOLLOW_EVERY`` of the last read."""
        now = self.clock()
        if not fresh and self._followed is not None and \
                timedelta(0) <= now - self._followed < FOLLOW_EVERY:
            return
        self._followed = now
        self._follow(parse_schedule(await self.reads.get_cursor(K.DIGEST_SCHEDULE)) or self.own)

    def _follow(self, schedule: Schedule) -> None:
        if not schedule.same(Schedule(at=self.digests.at, timezone=self.digests.timezone,
                                      since=schedule.since, zones=self.zones)):
            log.info("digests now end on the schedule in force, of a process started at %s "
                     "(digests.at %s, timezone %s)", schedule.since.isoformat(),
                     schedule.at, schedule.timezone or "the workspace's")
        self.digests = self.digests.model_copy(update={"at": schedule.at,
                                                       "timezone": schedule.timezone})
        self.zones = dict(schedule.zones)
        self.started = schedule.since

    async def apply(self, signal: Signal, hit: RouteHit, fx: Effects, batch: Batch) -> str:
        """Add what one route hit does to ``fx``. Returns what was done (for the summary)."""
        if hit.action == "digest":
            await self.follow_schedule(fresh=False)
        outcome = await self._apply(signal, hit, fx, batch)
        if self.after_card is not None and (outcome == "alert" or outcome.startswith("ticket")):
            self.after_card(signal, fx)
        return outcome

    async def stand_in(self, signal: Signal, hit: RouteHit, fx: Effects,
                       batch: Batch) -> str | None:
        """A subscription's alert a ticket route's card stood in for in its channel (one card
        a post a channel), applied when the post's ticket (applied before, in ``batch``) has
        no card in that channel: the post joined a ticket carded in another one, and nothing
        else shows it there. None when the ticket's card is there."""
        m = signal.mention
        ticket = (batch.tickets.get((m.conversation_key, m.customer_key))
                  or await self.tickets.reads.find_open_ticket(m.conversation_key,
                                                               m.customer_key))
        if ticket is None or any((c.workspace, c.channel) == (hit.workspace, hit.channel)
                                 for c in ticket.channels):
            return None
        return await self.apply(signal, hit, fx, batch)

    async def revise(self, old: Signal, new: Signal, fx: Effects, batch: Batch, *,
                     erased: str | None = None) -> list[str]:
        """The cards of a post its author edited or deleted (``new``: the post as it is now,
        ``old``: as its cards show it), edited where they were posted: each alert card that
        was posted or still waits to be (the store takes the edit into a post not yet
        attempted; one grouped, held back or in a digest has no card of its own), and each
        ticket holding the post, whose thread gets one line. Returns what was done, for
        ``why``. Each outbox key is the revision's, so a decision run again queues it once.
        ``erased``: its author's data erased (``socialops forget``), the thread line's words."""
        m = new.mention
        # read public again after a removal (``Pipeline._revise``): a key of its own, each time
        back = old.mention.revision == "delete" and m.revision != "delete"
        at = f"{m.revised_at.timestamp():.0f}" if m.revised_at is not None else ""
        tag = ("erased" if erased is not None
               else "deleted" if m.revision == "delete" and m.removed_by is None
               else f"removed{at}" if m.revision == "delete"
               else f"back{at}" if back else f"edit{m.edits}")
        done: list[str] = []
        for hit in old.routes:
            if hit.action != "alert":
                continue
            key = f"{new.id}|{hit.route}"
            if await self.reads.message_ref(key, hit.workspace, hit.channel) is None:
                # not posted yet (the channel paced, a 429, the chat down): its post still
                # waiting, the edit is queued behind it in its lane (the stores put a card's
                # edit behind its latest waiting item), so the card shows the post as it is
                # now right after it goes out; else never posted alone (grouped, held
                # back, given up): nothing to edit
                post = await self.reads.get_outbox(f"{key}@{hit.channel}")
                if post is None or post.status != "pending":
                    continue
            fx.send(OutboxItem.new(key=f"{key}@{hit.channel}#{tag}", workspace=hit.workspace,
                                   channel=hit.channel, card=alert_card(new, hit, key=key),
                                   now=self.clock(), update=True))
            done.append(f"alert card in {hit.workspace}:{hit.channel} edited")
        trace = await self.reads.get_trace(new.id)
        ids = dict.fromkeys(h.outcome.split()[1] for h in (trace.hits if trace else ())
                            if h.outcome.startswith("ticket ") and len(h.outcome.split()) > 1)
        if not ids and any(h.action == "ticket" for h in old.routes):
            # its trace gone (kept 7 days; a ticket, for ever): the conversation's open one
            ticket = await self.tickets.reads.find_open_ticket(m.conversation_key,
                                                               m.customer_key)
            if ticket is not None:
                ids[ticket.id] = None
        # the new words are not quoted: the card shows them, and a delete blanks the card,
        # where a line in the thread, the history and the audit would keep them for ever
        said = (f"{new.id} {erased}" if erased is not None
                else f"{new.id} {gone_how(m.network, m.removed_by)}" if m.revision == "delete"
                else f"{new.id} {back_how(m.network)}; its card shows it again" if back
                else post_edited(new))
        for ticket_id in ids:
            if await self.tickets.post_revised(ticket_id, new, fx, batch.tickets, detail=said,
                                               back=back, erased=erased is not None):
                done.append(f"{ticket_id} told")
        return done

    async def _apply(self, signal: Signal, hit: RouteHit, fx: Effects, batch: Batch) -> str:
        if hit.action == "drop":
            return "dropped"
        if hit.action == "ticket":
            return await self.tickets.open_or_attach(signal, hit, fx, batch.tickets)
        if hit.action == "digest":
            group = _digest_group(hit)
            due = self._digest_due(hit)
            # a post of a window that ended while no bot process ran (read by the poll after
            # the outage) is due at that window's end, at once: its own late card. The
            # flush of that window leaves the later windows' posts to theirs
            own = self._digest_due(hit, at=signal.mention.created_at)
            missed = own < due and self.down_at is not None and bool(self.down_at(own))
            # a timer armed later than this window's end (on the schedule before digests.at
            # was changed) is moved to it; not one a flush holds (due at its lease's end)
            sooner = missed or due - self.clock() > self.timer_lease
            return self._to_buffer(K.digest_buffer(group), K.DIGEST_FLUSH, signal, hit, fx,
                                   due=own if missed else due, name="digest", group=group,
                                   sooner=sooner)
        return await self._alert(signal, hit, fx, batch)

    async def _alert(self, signal: Signal, hit: RouteHit, fx: Effects, batch: Batch) -> str:
        group = _group_id(hit)
        if hit.cooldown:
            mark = K.cooldown(group)
            if mark in batch.marks or await self.reads.is_seen(mark):
                fx.group_add.append((K.held(group), signal.id))
                return "held (cooldown)"
            # written only if still unset: a post of the group that another process (or
            # another source's batch here) alerted on meanwhile makes this batch decide again,
            # and this post is then held back
            fx.mark(mark, int(hit.cooldown), new=True)
            batch.marks.add(mark)
        if hit.group_wait:
            waiting = _wait_group(hit)
            return self._to_buffer(K.waiting(waiting), K.GROUP_FLUSH, signal, hit, fx,
                                   due=self.clock() + timedelta(seconds=hit.group_wait),
                                   name="grouped", group=waiting, held=group)
        card = await self._held_back(alert_card(signal, hit, key=f"{signal.id}|{hit.route}"),
                                     hit, group, fx)
        fx.send(OutboxItem.new(key=f"{signal.id}|{hit.route}@{hit.channel}",
                               workspace=hit.workspace, channel=hit.channel, card=card,
                               now=self.clock()))
        return "alert"

    async def _held_back(self, card: Card, hit: RouteHit, group: str, fx: Effects) -> Card:
        """``card`` counting the posts the group's cooldown held back, which it takes: the
        group's next card, grouped (``group_wait``) or not, or they would pile up for ever."""
        held = await self.reads.group_items(K.held(group)) if hit.cooldown else []
        if not held:
            return card
        fx.group_take.append((K.held(group), tuple(held)))
        return card.model_copy(update={"fields": (*card.fields, CardField(
            name="Held back", value=f"{len(held)} similar mention(s) during the cooldown"))})

    def _digest_due(self, hit: RouteHit, at: datetime | None = None) -> datetime:
        """The end of the digest's window open at ``at`` (default: now): on the clock
        (``digests.at``, in ``digests.timezone``, else its workspace's zone, else UTC), not an
        interval after whichever post came first."""
        every = timedelta(seconds=hit.digest_interval or 3600.0)
        zone = self.digest_zone(hit)
        return next_boundary(at or self.clock(), every, self.digests.at, zone,
                             day=hit.digest_day or 0)

    def rescheduled(self, hit: RouteHit, armed: datetime) -> datetime | None:
        """When the digest whose timer was armed at ``armed`` is posted, if that is no window's
        end on the schedule in force (``digests.at`` or its zone changed since, the bot
        restarted): at the first window's end of that schedule after this process started,
        or at ``armed`` if that end has passed by then (the timer fires at ``armed`` and posts
        what it holds). None when ``armed`` is a window's end."""
        if self._digest_due(hit, at=armed - _TICK) == armed:
            return None
        return max(self._digest_due(hit, at=self.started), armed)

    async def rescheduled_holding(self, hit: RouteHit, armed: datetime,
                                  buffer: str) -> datetime | None:
        """``rescheduled``, and no sooner than the end, on the schedule in force, of the
        window of the oldest post ``buffer`` holds. A timer armed by a process still on the
        schedule before digests.at was changed (a rolling deploy: the old process re-arms at
        its own next end after each flush) after this one started waits for that end, so the
        new schedule wins once the old process is gone, and no post waits past its own
        window's end on it."""
        moved = self.rescheduled(hit, armed)
        if moved is None:
            return None
        signals = await self.reads.get_signals(await self.reads.group_items(buffer))
        ends = [self._digest_due(hit, at=s.mention.created_at) for s in signals.values()]
        return max(moved, min(ends, default=moved))

    def digest_zone(self, hit: RouteHit) -> str:
        """The clock a digest's windows are counted on (as ``_digest_due`` counts them)."""
        return self.digests.timezone or self.zones.get(hit.workspace) or "UTC"

    def digest_window(self, hit: RouteHit, at: datetime) -> tuple[datetime, datetime]:
        """The digest window open at ``at``: its start and its end (``why`` says them)."""
        end = self._digest_due(hit, at=at)
        return self._window_start(end, hit), end

    def _window_start(self, end: datetime, hit: RouteHit) -> datetime:
        """The start of the window ending at ``end``: the window before's end, on the clock
        as ``_digest_due`` counts it (a daily window across a clock change is 23 or 25 hours,
        09:00 to 09:00, not the 24 hours before its end: 08:00 or 10:00 the day before)."""
        every = timedelta(seconds=hit.digest_interval or 3600.0)
        # no zone moves its clocks by more than a few hours at once: the window's start is a
        # boundary after this, the last one before ``end``
        start = self._digest_due(hit, at=end - every - timedelta(hours=3))
        while (after := self._digest_due(hit, at=start)) < end:
            start = after
        return start

    def _late(self, data: Mapping[str, object], hit: RouteHit) -> str | None:
        """A digest flushed late (``digest_late``: its timer fired more than ``LATE_AFTER``
        past its window's end, the bot not running then): the window it holds, on the
        digest's clock as ``_digest_due`` counts it, and that it is late. None on time, or
        for a timer armed before 2026-12-06 (no "due" in its payload)."""
        if not isinstance(raw := data.get("due"), str):
            return None
        end = datetime.fromisoformat(raw)
        now = self.clock()
        if not digest_late(end, now):
            return None
        zone = self.digest_zone(hit)
        tz = ZoneInfo(zone)
        start = self._window_start(end, hit).astimezone(tz)
        local, today = end.astimezone(tz), now.astimezone(tz).date()
        clock = window_clock(start, local)
        if start.date() == local.date() == today:
            span, at = f"{start:{clock}}-{local:{clock}}", f"{local:{clock}}"
        else:  # a window of another day (or across midnight) says its dates
            span = f"{start:%Y-%m-%d {clock}} to {local:%Y-%m-%d {clock}}"
            at = f"{local:%Y-%m-%d {clock}}"
        # no process ran at its end (the outage record), or one did and its flush was held
        # up (failed and set aside till `dead retry`, the timers behind): only the first is
        # "not running", as why said of it while it waited
        down = "down" if self.down_at is None else self.down_at(end)
        zone = zone_said(zone)  # Etc/GMT+12 with its offset, UTC-12:00
        if down == "store":  # the bot ran; its store did not answer (Redis stopped)
            return f"{span} {zone}, posted late: the store could not be reached at {at}"
        if down:
            return f"{span} {zone}, posted late: the bot was not running at {at}"
        return f"{span} {zone}, posted late: due at {at}, its flush held up while the bot ran"

    def _to_buffer(self, buffer: str, kind: str, signal: Signal, hit: RouteHit, fx: Effects, *,
                   due: datetime, name: str, group: str, held: str | None = None,
                   sooner: bool = False) -> str:
        """``held``: the group whose cooldown's held-back posts the flush's card takes.
        ``sooner``: the timer is armed at ``due`` if it is due later (else only if unarmed)."""
        fx.group_add.append((buffer, signal.id))
        payload = {"kind": kind, "group": group, "hit": hit.model_dump(mode="json"),
                   "due": due.isoformat()}  # the window's end: a late flush says so
        if held is not None:
            payload["held"] = held
        if sooner:
            fx.sooner(K.timer(kind, group), due, json.dumps(payload))
        else:
            fx.schedule(K.timer(kind, group), due, json.dumps(payload), once=True)
        return name

    async def flush(self, timer: DueTimer) -> None:
        """A group_wait or digest timer fired: post the collected signals as one card, take
        them from the buffer and complete the timer, in one transaction. The timer is re-armed
        (and fires once more, finding nothing) so a signal added while this flush ran is never
        left without one."""
        data = json.loads(timer.payload)
        hit = RouteHit.model_validate(data["hit"])
        kind, group = data["kind"], data["group"]
        if kind != K.GROUP_FLUSH:
            await self.follow_schedule()
        held = data.get("held", group)  # a timer armed before 2026-12-01 has no "held"
        buffer = K.waiting(group) if kind == K.GROUP_FLUSH else K.digest_buffer(group)

        def rearmed(due: datetime) -> str:
            return json.dumps({**data, "due": due.isoformat()})

        async def decide() -> tuple[Effects, int]:
            fx = Effects()
            sub = (await self.reads.get_subscription(hit.subscription_id)
                   if hit.subscription_id is not None else None)
            if kind != K.GROUP_FLUSH and sub is not None and sub.muted_until is not None \
                    and sub.muted_until > self.clock():
                # a muted subscription posts nothing while muted (an Alertmanager silence):
                # its digest waits, posts kept, for the first window's end after the mute,
                # looked at again at each window's end: an unmute (typed in any process)
                # ends the mute early, and the next window's end posts it (armed at the
                # mute's end as it was, the digest of an unmuted subscription waited for it)
                fx.complete(timer.id, timer.token)
                due = self._digest_due(hit)
                fx.schedule(timer.id, due, rearmed(due), once=True)
                return fx, 0
            if kind != K.GROUP_FLUSH and isinstance(armed := data.get("due"), str) and \
                    (moved := await self.rescheduled_holding(
                        hit, datetime.fromisoformat(armed), buffer)) is not None \
                    and moved > self.clock():
                # armed on the schedule before digests.at (or its zone) was changed: the
                # window open then ends at the new schedule's first end, posts kept till then
                fx.complete(timer.id, timer.token)
                fx.schedule(timer.id, moved, rearmed(moved), once=True)
                return fx, 0
            ids = await take_buffer(
                fx, timer, reads=self.reads, buffer=buffer,
                again=lambda: (self.clock() + timedelta(seconds=hit.group_wait or 60.0)
                               if kind == K.GROUP_FLUSH else self._digest_due(hit)),
                payload=rearmed)
            if not ids:
                return fx, 0
            if hit.subscription_id is not None and sub is None:
                # unsubscribed before its digest was due: nothing of it shows any more; the
                # posts it collected are taken and marked so (why says it was not posted)
                for i in ids:
                    fx.mark(K.flushed(hit.route, hit.workspace, hit.channel, i),
                            self.trace_ttl, UNSUBSCRIBED)
                return fx, 0
            kept = await self.reads.get_signals(ids)  # one read, each parsed in turn
            found = {i: kept.get(i) for i in ids}
            window = data  # the window this card holds (its "due"), as ``_late`` says it
            if kind != K.GROUP_FLUSH and isinstance(end := data.get("due"), str):
                # a post written after the window's end (read as the bot came back from an
                # outage, before this late flush) is a later window's, not this card's; one
                # dated after now (a file's, unchecked) is taken, never left for ever
                end_at, now = datetime.fromisoformat(end), self.clock()
                # and, in a late flush, a post of an earlier window that ended while no
                # process ran: this timer was armed sooner for it, then moved to a later
                # window's end (a ``sooner`` of the later window while a flush held it: that
                # flush's write was refused). That earlier window's card is this one, the
                # rest wait (an on-time flush, a muted subscription's first after its mute,
                # holds all it kept)
                down = self.down_at if digest_late(end_at, now) else None
                missed = [own for s in found.values() if s is not None and down is not None
                          and (own := self._digest_due(hit, at=s.mention.created_at)) < end_at
                          and down(own)]
                if missed:
                    end_at = min(missed)
                    window = {**data, "due": end_at.isoformat()}
                later = {i: s for i, s in found.items()
                         if s is not None and end_at <= s.mention.created_at <= now}
                if later:
                    leave(fx, buffer, set(later))
                    found = {i: s for i, s in found.items() if i not in later}
                    # the timer armed for the first window holding one of them: one that ended
                    # while the bot was down (it is before now) is due at once, posted late as
                    # its own card, not folded into the window open now
                    due = min(self._digest_due(hit, at=s.mention.created_at)
                              for s in later.values() if s is not None)
                    rearm(fx, timer.id, due, rearmed(due))
            signals = [s for s in found.values() if s is not None]
            # a digest's posts no longer stored (a flush late by more than they are kept):
            # counted in its card, and marked so for why, not left out without a word
            gone = [i for i, s in found.items() if s is None] if kind != K.GROUP_FLUSH else []
            if not signals and not gone:
                return fx, 0
            # named by a post it holds: two windows' late cards posted in the same second (a
            # later window's posts read first) are two cards, not one key
            key = f"{kind}:{group}:{self.clock():%Y%m%d%H%M%S}:{next(iter(found))}"
            late = self._late(window, hit) if kind != K.GROUP_FLUSH else None
            if kind == K.GROUP_FLUSH:
                card = await self._held_back(alert_card(signals[0], hit, key=key)
                                             if len(signals) == 1
                                             else group_card(signals, hit, key=key),
                                             hit, held, fx)
            elif not signals:
                card = gone_card(hit, key=key, gone=len(gone), window=late)
            else:
                summary = summarise(signals, ignore=self.ignore_terms)
                if self.llm is not None:
                    summary = await self.llm(summary, signals)
                listed = None
                if summary.count > len(summary.representatives):
                    # the posts its card leaves out, listed by ``why <its id>``, which it names
                    listed = digest_id(f"{key}@{hit.channel}")
                    fx.mark(K.digest_posts(listed), self.trace_ttl, json.dumps(
                        {"route": hit.route, "posts": [s.id for s in signals]}))
                card = digest_card(summary, hit, key=key, gone=len(gone), window=late,
                                   listed=listed)
            fx.send(OutboxItem.new(key=f"{key}@{hit.channel}", workspace=hit.workspace,
                                   channel=hit.channel, card=card, now=self.clock()))
            for sig in signals:  # which card each went out in, for why (in the same write)
                fx.mark(K.flushed(hit.route, hit.workspace, hit.channel, sig.id), self.trace_ttl,
                        f"{key}@{hit.channel}")
            for i in gone:
                fx.mark(K.flushed(hit.route, hit.workspace, hit.channel, i), self.trace_ttl,
                        NOT_KEPT)
                if late:  # why it was late, as its card says: the bot down, the store, held up
                    fx.mark(K.not_kept(hit.route, hit.workspace, hit.channel, i),
                            self.trace_ttl, late)
            return fx, len(signals)

        await self.applier.run(decide, what=f"{kind} flush")


def _gone_line(gone: int) -> str:
    # why it was posted late is its Window's to say (the bot down, the store unreachable, a
    # flush held up): "the bot was down" here contradicted a store outage's Window
    return (f"{gone} more of this window no longer stored (posted later than a digest's "
            "posts are kept)")


def gone_card(hit: RouteHit, *, key: str, gone: int, window: str | None) -> Card:
    """A digest every post of which was no longer stored when it was posted: it says so, as
    a window of some gone says how many."""
    fields = [CardField(name="Window", value=window)] if window else []
    return Card(kind="digest", key=key,
                title=f"Digest for {hit.route}: {gone} "
                      f"{'mention' if gone == 1 else 'mentions'}, none shown",
                text=_gone_line(gone), route=hit.route, fields=tuple(fields))


def digest_card(summary: DigestSummary, hit: RouteHit, *, key: str, gone: int = 0,
                window: str | None = None, listed: str | None = None) -> Card:
    """``gone``: how many of the window's posts were no longer stored (counted, not shown);
    ``window``: the window of a late digest and that it is late (none: on time); ``listed``:
    the card's id, which ``why`` lists every post of (named by the line of those left out)."""
    # counts per network, as docs/workflows.md says a digest gives them (the card left them
    # out: a review of the team workflows, 2026-12-06)
    fields = [CardField(name="Networks", value=summary.network_counts()),
              CardField(name="Sentiment", value=summary.sentiment_split())]
    if summary.top_terms:
        fields.append(CardField(name="Top terms", value=", ".join(summary.top_terms)))
    if summary.llm_text:
        fields.append(CardField(name="Summary (generated)", value=summary.llm_text))
    names = [at_handle(s.mention.author.shown()) for s in summary.representatives]
    lines = [f"• {name} ({s.mention.network}): {one_line(s.mention.text, 200)}"
             for name, s in zip(names, summary.representatives, strict=True)]
    left = summary.count - len(summary.representatives)
    if left > 0:  # a window of thousands shows a few: say how many it leaves out
        # and where to read them: the card holds a few, a team reads the rest
        lines.append(f"… {left} more not shown" + (
            f": the command why {listed} lists them all" if listed else ""))
    if gone:
        lines.append(_gone_line(gone))
    if window:
        fields.insert(0, CardField(name="Window", value=window))
    return Card(
        kind="digest",
        key=key,
        title=f"Digest for {hit.route}: {summary.count} "
              f"{'mention' if summary.count == 1 else 'mentions'}",
        text="\n".join(lines),
        # a right-to-left name first on its line turned the line right to left
        text_names=right_to_left_names(names),
        route=hit.route,
        fields=tuple(fields),
    )
