"""The outbox: every message to a workspace goes through here (DESIGN §4).

Handlers put items in their effects under an idempotency key (signal × route × channel for an
alert, ``<card key>@<channel>#<revision>`` for an update), so a decision made twice delivers
once. The worker drains due items with:

- strict order per channel: the store hands out a channel's oldest pending item and the due
  items right behind it (a chain, up to the burst), and leases the channel to one process
  until the chain's last settle; the chain is posted in order (see ``_deliver_chain``);
- a per-channel pace with a burst allowance (a generic cell rate: ``per_channel_per_second``
  steady, ``burst`` at once after a pause) and a catch-up rate (``catch_up`` times the pace
  while the oldest waiting card is over 15 seconds late, so a backlog after an outage drains even
  when alerts keep arriving at the pace; a 429 still pauses the channel); the pace lives in the
  store, so several processes honour one limit; a workspace with no rate limit (the console,
  ``Workspace.paced`` False) is not paced;
- ``Retry-After`` honoured on 429, and capped exponential backoff with full jitter on other
  failures, every failure counted, whatever raised it;
- give-up by age, not by count: an item is dead-lettered after ``give_up_after_minutes``
  (a 10-minute outage never kills an alert), or at once for a permanent error (channel not
  found, not in channel); a dead item is reported to the ops channel and can be retried
  (``socialops outbox retry``);
- a workspace that refuses the bot's token (``WorkspaceRefused``: revoked, expired, wrong)
  refuses every card alike, and only a person can fix it: its cards wait instead of each being
  given up. The workspace is left alone for ``HOLD_FIRST`` seconds, then one card tries again,
  the wait doubling up to ``HOLD_MAX``; in between, each channel's first card is put back to
  the end of the wait without a call (the rest of the channel waits behind it, in order). The
  refusal is logged once, shown by ``outbox_workspace_refused`` and ``/readyz``, and a card
  still waiting after ``give_up_after_minutes`` is given up as any other;
- crash safety: the store counts the claims of an item; an attempt that is not the first (an
  earlier one may have posted and died before recording it) asks the workspace whether the
  message already exists (``Workspace.find``) and records it instead of posting a second copy.
  A 429 certainly posted nothing, so it does not count.

Updates edit the message recorded for the same card key in the same channel; an update whose
earlier attempt may have added its thread note (the same condition as above) has the workspace
look for that note first, among what the thread got since the update was queued
(``maybe_shown_since``), so a line, and the person it pings, comes once, and a line the same as
one shown before it was queued is not taken for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import math
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core import keys as K
from bot.core.cards import GENERIC_HINT, Card, OutboxItem
from bot.core.config import OutboxConfig
from bot.core.durations import span
from bot.core.effects import Effects
from bot.core.errors import (
    REINSTALL_SLACK_APP,
    DeliveryError,
    PermanentDeliveryError,
    RateLimited,
    SocialopsError,
    WorkspaceRefused,
    WriteConflict,
)
from bot.core.jsonbody import loads
from bot.core.metrics import Metrics
from bot.core.models import ChannelRef, Gone, MessageRef
from bot.core.ports import Clock, Store, Workspace
from bot.core.redact import Redaction
from bot.core.text import one_line

log = logging.getLogger(__name__)


def log_fields(item: OutboxItem) -> dict[str, str]:
    """The JSON log's context fields of a line about ``item`` (docs/operations.md): its
    channel and workspace, the route that made its card, and a ticket card's ticket id, so a
    log collector finds a ticket's or a route's delivery trouble by field."""
    fields = {"channel": item.channel, "workspace": item.workspace}
    if item.card.route:
        fields["route"] = item.card.route
    if item.card.kind == "ticket":
        fields["ticket"] = item.card.key
    return fields
MentionResolver = Callable[[str, tuple[str, ...], tuple[str, ...]],
                           tuple[tuple[str, ...], tuple[str, ...]]]

Sleep = Callable[[float], Awaitable[None]]
LATE_AFTER = 15.0  # seconds a card may wait before its channel catches up faster
HOLD_FIRST = 30.0  # seconds a workspace refusing the bot's token is left alone, at first
HOLD_MAX = 300.0  # doubling up to this: a fixed token is noticed within 5 minutes
# a Retry-After is waited out for at least the channel's interval (0, or a negative one, retried
# at once would ask again at every pass while the chat refuses) and at most this: past it, or
# not a finite number, it says no usable wait (a date past year 9999 cannot even be written)
RETRY_AFTER_MAX = 3600.0
# seconds a call (a post or an edit, with the chat's own waits inside it: discord.py waits out a
# 429 of 30 s, the Slack SDK 15 s for an answer) may take: its lane's lease is kept while it
# runs, so one that never answers (discord.py sets no timeout, aiohttp's is 5 minutes a try)
# would hold the lane for ever; given up as a timeout, its card looked for at the next attempt
CALL_MAX = 300.0
CHAIN_MAX = 50  # cards of one channel claimed and delivered under one lease, at most
# seconds a card's message found deleted is remembered for `why` when no retention is given
# (store.retention.message_refs_days' default, 30 days, as long as where it was is kept)
GONE_KEPT = 30 * 86400
HOLD_PASS = 1.0  # seconds a card of a channel sharing its pace with its lines waits in a pass


def _held_clock() -> Callable[[], float]:
    """Seconds on a clock that goes on while the machine is suspended (a laptop asleep, a VM
    suspended with its guest), for how long ago a chain's lease was last known held: Linux's
    CLOCK_BOOTTIME. ``time.monotonic`` (CLOCK_MONOTONIC there) stops during a suspend, so a
    chain resumed after one read its lease as held a moment ago and posted without asking
    the store, though the lease, timed by the stores' clocks, had lapsed and another process
    had taken the lane over. Elsewhere (no CLOCK_BOOTTIME) ``time.monotonic``."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        return time.monotonic
    try:
        time.clock_gettime(boottime)
    except OSError:  # a kernel without it (before Linux 2.6.39)
        return time.monotonic
    return functools.partial(time.clock_gettime, boottime)


held_time = _held_clock()


class Outbox:
    def __init__(
        self,
        store: Store,
        workspaces: Mapping[str, Workspace],
        *,
        clock: Clock,
        config: OutboxConfig | None = None,
        owner: str = "main",
        metrics: Metrics | None = None,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
        lease_seconds: float = 60.0,
        resolve_mentions: MentionResolver | None = None,
        ops: ChannelRef | None = None,
        refs_seconds: float | None = None,
        call_timeout: float = CALL_MAX,
        held_clock: Callable[[], float] = held_time,
        redact: Callable[[str], str] | None = None,
    ) -> None:
        self.store = store
        # a failure's text as it is kept (the store, `outbox list`, `why`) and told (the ops
        # card, the health check): a server's error may quote a webhook's URL, a token or an
        # Authorization header; the composition root adds the config's secrets
        self.redact = redact or Redaction()
        self.workspaces = workspaces
        self.clock = clock
        self.config = config or OutboxConfig()
        # people and groups named by rules and escalation chains -> this workspace's ids
        self.resolve_mentions = resolve_mentions
        self.owner = owner
        self.metrics = metrics or Metrics()
        self.rng = rng or random.Random()
        self.sleep = sleep
        self.lease_seconds = lease_seconds
        self.ops = ops
        self.refs_seconds = refs_seconds
        self.call_timeout = call_timeout
        self.held_clock = held_clock  # seconds, counting a suspend: a lease's age (``_Hold``)
        self.wake = asyncio.Event()
        self.last_success: datetime | None = None
        self.last_failure: datetime | None = None
        # after the store lost its data (no dedup marks, no in-flight marks), look for every
        # card before posting it, until the dedup window has passed
        self.careful_until: datetime | None = None
        self.refused: dict[str, TokenHold] = {}  # workspace -> why and until when it is left alone
        # workspace -> until when and why: a rate limit of the whole workspace (Discord's
        # global one) holds every channel's cards, not only the one that met it
        self.limited: dict[str, tuple[datetime, str]] = {}
        # the chains ``pump`` started, each with its lane (workspace, ``keys.lane_channel``)
        self._inflight: dict[asyncio.Task[int], tuple[str, str]] = {}
        self._failure: BaseException | None = None  # the first error a chain raised
        # (workspace, channel) -> when this process read it without an open incident of
        # dead deliveries (epoch seconds); a give-up here forgets it (``_resolve``)
        self._calm: dict[tuple[str, str], float] = {}

    @property
    def interval(self) -> float:
        return 1.0 / self.config.per_channel_per_second

    # -- producing ---------------------------------------------------------------------------

    def committed(self, effects: Effects) -> None:
        """After a commit (``Applier.on_commit``): new items are due now."""
        if effects.outbox:
            self.wake.set()

    async def send(self, *, key: str, workspace: str, channel: str, card: Card,
                   update: bool = False) -> bool:
        """Queue one card on its own (notices from the runtime); handlers put theirs in their
        effects instead. False if this key was queued before."""
        if await self.store.get_outbox(key) is not None:
            return False
        fx = Effects()
        fx.send(OutboxItem.new(key=key, workspace=workspace, channel=channel, card=card,
                               now=self.clock(), update=update))
        if await self.store.apply(fx):
            self.metrics.inc("outbox_enqueued_total")
        self.wake.set()
        return True

    # -- draining ----------------------------------------------------------------------------

    @property
    def chain(self) -> int:
        """Cards of one channel claimed together: as many as its burst lets go at once."""
        return max(1, min(CHAIN_MAX, self.config.burst))

    async def drain_once(self, limit: int = 100, *,
                         before_delivery: Callable[[], Awaitable[None]] | None = None) -> int:
        """Deliver what is due now, one pass. Returns how many items reached a final state or
        were rescheduled. Used by the run loop and, in tests and the demo, as a burst mode.
        ``before_delivery`` runs between the claim and the first post (the run loop notices
        there whether the store lost its data, which makes delivery careful). The chains a
        ``pump`` started are waited for first (a stop's last drain), and the first error one
        of them raised that no pass raised yet is raised here (a stop logs it)."""
        await self.settle_chains()
        if self._failure is not None:
            exc, self._failure = self._failure, None
            raise exc
        claimed_at = self.held_clock()
        items = await self.store.claim_due(
            now=self.clock(), owner=self.owner, lease_seconds=self.lease_seconds, limit=limit,
            chain=self.chain)
        if not items:
            return 0
        if before_delivery is not None:
            await before_delivery()
        chains = _chains(items)
        done = await asyncio.gather(*(self._deliver_held(c, claimed_at)
                                      for c in chains.values()))
        return sum(done)

    async def pump(self, limit: int = 100, *,
                   before_delivery: Callable[[], Awaitable[None]] | None = None) -> int:
        """The run loop's pass: claims what is due in the lanes no chain of this process is
        delivering, and starts each lane's chain without waiting for it, so a channel whose
        call is slow (discord.py waiting out a 429 inside the call, a chat answering slowly)
        holds no other channel's cards. The lanes its chains still deliver are not claimed
        again (``busy``: their lease is this process's own, which it may take back; on
        SQLite a restarted process takes back at once the lanes it held before), and at
        most ``limit`` chains are under way at once. Returns how many chains it started;
        0 while it started none (the loop then waits for work: a chain ending wakes it).
        The first error a chain raised is raised by the next pass."""
        if self._failure is not None:
            exc, self._failure = self._failure, None
            raise exc
        room = limit - len(self._inflight)
        if room <= 0:  # as many chains under way as a pass claims: the next as one ends
            return 0
        claimed_at = self.held_clock()
        items = await self.store.claim_due(
            now=self.clock(), owner=self.owner, lease_seconds=self.lease_seconds, limit=room,
            chain=self.chain, busy=tuple(self._inflight.values()))
        if not items:
            return 0
        if before_delivery is not None:
            await before_delivery()
        chains = _chains(items)
        for (ws, channel, lane), c in chains.items():
            task = asyncio.ensure_future(self._deliver_held(c, claimed_at))
            self._inflight[task] = (ws, K.lane_channel(channel, lane))
            task.add_done_callback(self._chain_ended)
        return len(chains)

    async def _deliver_held(self, items: list[OutboxItem], claimed_at: float) -> int:
        """``_deliver_chain``, its lane's lease kept while it runs: a call can outlast the
        lease (the SDK waits 30 s for an answer, discord.py waits out a 429 of up to 30 s
        inside the call), and a lane whose lease lapsed is claimed again, by the next pass of
        this process or by another, whose lookup finds no card yet and posts it a second
        time. A process that dies keeps nothing: its lease lapses as before. A process that
        was stopped (SIGSTOP, a frozen container) kept nothing either, renewals included: the
        chain makes sure it still holds the lane before a call (``_still_held``).
        ``claimed_at``: ``held_clock()`` when the claim was asked for."""
        hold = _Hold(claimed_at)
        keeper = asyncio.ensure_future(self._keep_lease(items[0], hold))
        try:
            return await self._deliver_chain(items, hold)
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper

    async def _keep_lease(self, item: OutboxItem, hold: _Hold) -> None:
        """Renew the lease on ``item``'s lane every third of it, until cancelled or lost."""
        while True:
            await asyncio.sleep(self.lease_seconds / 3)  # real time: the lease's own
            asked = self.held_clock()
            try:
                held = await self._renew(item)
            except Exception as exc:  # the store down: the chain's own writes will say so
                log.warning("could not keep the lease on %s's lane: %s", item.channel, exc,
                            extra=log_fields(item))
                continue
            if not held:  # released by its last settle, or taken over: nothing to keep
                hold.lost = True
                return
            hold.at = asked

    async def _still_held(self, item: OutboxItem, hold: _Hold) -> bool:
        """Whether this process still holds ``item``'s lane, asked of the store before a call
        when the lease was last known held longer ago than half of it: renewed every third,
        so only after the process was stopped (SIGSTOP, a frozen container or VM) or its
        loop held. Another process may have claimed the lane meanwhile and posted the card
        (its claim not the first, it looked for the card, found none); posting it here would
        show it twice. False: the lane is left to its holder, nothing written."""
        if not hold.lost and self.held_clock() - hold.at < self.lease_seconds / 2:
            return True
        asked = self.held_clock()
        if not hold.lost and await self._renew(item):
            hold.at = asked
            return True
        hold.lost = True
        log.warning("outbox: the lease on %s/%s's lane lapsed while this process was stopped "
                    "and another holds it now; %s is left to it", item.workspace,
                    item.channel, item.key,
                    extra=log_fields(item))
        return False

    async def _renew(self, item: OutboxItem) -> bool:
        """Extend this process's lease on ``item``'s lane; False: it no longer holds it."""
        return await self.store.renew_lane(
            item.workspace, item.channel, item.lane, owner=self.owner,
            until=self.clock() + timedelta(seconds=self.lease_seconds))

    def _chain_ended(self, task: asyncio.Task[int]) -> None:
        lane = self._inflight.pop(task, None)
        exc = None if task.cancelled() else task.exception()
        if exc is not None and self._failure is None:
            self._failure = exc  # raised by the next pass: the supervisor logs and counts it
        elif exc is not None:  # one is waiting to be raised already: this one said here
            bug = not isinstance(exc, SocialopsError)
            self.metrics.inc("task_failures_total", task="outbox",
                             kind="bug" if bug else "error")
            channel, edits = K.split_lane(lane[1]) if lane else ("?", "")
            where = f"{lane[0] if lane else '?'}/{channel}" + (" (edits)" if edits else "")
            if bug:
                log.error("outbox: the chain of %s failed too", where, exc_info=exc)
            else:
                log.warning("outbox: the chain of %s failed too: %s", where,
                            one_line(str(exc), 500))
        self.wake.set()  # its lane may have more due

    async def settle_chains(self) -> None:
        """Wait for the chains ``pump`` started (a stop's last drain)."""
        while self._inflight:
            await asyncio.wait(set(self._inflight))

    async def drain(self, *, max_rounds: int = 10_000) -> int:
        """Burst mode: drain until nothing is due (items waiting for a retry stay queued)."""
        total = 0
        for _ in range(max_rounds):
            n = await self.drain_once()
            if n == 0:
                break
            total += n
        return total

    async def wait_for_work(self, stop: asyncio.Event, *, idle: float = 0.5) -> None:
        self.wake.clear()
        waiter = asyncio.ensure_future(self.wake.wait())
        stopper = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({waiter, stopper}, timeout=idle,
                               return_when=asyncio.FIRST_COMPLETED)
        finally:
            waiter.cancel()
            stopper.cancel()

    async def _deliver_chain(self, items: list[OutboxItem], hold: _Hold | None = None) -> int:
        """Deliver a channel's chain in order under its one lease; returns how many were
        attempted. Each card's settle is written while the next is posted (on SQLite the
        settles of a drain commit together); the last settle, once the others have committed,
        releases the lease. The chain stops at a failure, when the next card would have to wait
        for the pace, or when half the lease is gone; the cards left are unclaimed in that
        last settle (their claim undone: they were never attempted). A crash mid-chain leaves
        the cards posted since the last commit claimed, so the next attempt looks for each
        before posting it, as for any delivery cut short (DESIGN §4)."""
        chain = _Chain(items, self.clock(), hold=hold)
        ws = self.workspaces.get(items[0].workspace)
        if ws is None:  # the whole chain's: the first is given up, the rest wait unclaimed
            await self._give_up(items[0], f"unknown workspace {items[0].workspace}",
                                unclaimed=tuple(c.key for c in items[1:]))
            return 1
        held = self._held(items[0].workspace)
        if held is not None:  # no call: it would fail too (or be another 429 toward a ban)
            await self.store.retry_later(items[0].key, owner=self.owner, at=held[0],
                                         error=held[1], posted=False,
                                         unclaimed=tuple(c.key for c in items[1:]))
            return 1
        tat = items[0].pace
        chain.shares = ws.paced and ws.lines_share_pace
        if chain.shares and not items[0].lane:
            tat = await self._make_room(items[0], tat, chain)
        try:
            for i, claimed in enumerate(items):
                item = claimed
                if i:
                    _raise_failed(chain.settles)  # the store failed: stop posting
                if i or tat != claimed.pace:
                    item = claimed.model_copy(update={
                        "pace": tat, "prior": claimed.prior or chain.posted.get(claimed.card.key)})
                goes_on = await self._deliver(ws, item, chain, i)
                if goes_on is None:
                    return i + 1
                tat = goes_on
            return len(items)
        finally:
            await _settled(chain.settles)

    async def _deliver(self, ws: Workspace, item: OutboxItem, chain: _Chain,
                       i: int) -> datetime | None:
        """Post the ``i``-th card of a chain and settle it. Returns the channel's pace after
        it when the chain goes on, else None (the chain's last settle is written)."""
        rest = tuple(c.key for c in chain.items[i + 1:])
        interval = self._interval_for(item)
        tat = item.pace if ws.paced else None
        wait = self._wait(item, tat, shares=chain.shares)
        skewed = self._skewed(tat, shares=chain.shares)
        line = chain.shares and item.lane == K.EDITS and bool(item.card.thread_note)
        if line:  # its thread line waits for a place among the channel's posts too
            line_wait, line_skewed = await self._line_wait(item, chain)
            wait, skewed = max(wait, line_wait), skewed or line_skewed
        elif chain.shares and not item.lane and i == 0 and (
                held := await self._lines_wait(item)) > 0:
            wait, skewed = max(wait, held), False
        if wait > self.lease_seconds / 2 - (self.clock() - chain.began).total_seconds() or (
                chain.shares and wait > max(self.interval, HOLD_PASS) and not skewed):
            # the claim would lapse while this waits (a pace under one card per lease, or this
            # process's clock behind the one that stored the pace): another process could take
            # the card over and post it, and this one post it again on waking. Put it back,
            # due when the pace allows, for whichever process comes then. A channel whose
            # thread lines share its pace may be further ahead of it than a burst: not waited
            # for in this pass over a second, which would hold every other channel's next pass;
            # unless the pace was stored by a clock ahead of this one: its wait, capped, is as
            # long at every later pass, so a card put back for it would be put back for ever.
            await _settled(chain.settles)
            await self.store.retry_later(
                item.key, owner=self.owner, at=self.clock() + timedelta(seconds=wait),
                error=f"waiting {wait:.0f}s for the channel's pace", posted=False,
                unclaimed=rest, effects=self._room_made(item, chain))
            return None
        try:
            if wait > 0:
                self.metrics.inc("outbox_rate_limit_waits_total", lane=K.lane_name(item.lane))
                await self.sleep(wait)
            if chain.hold is not None and not await self._still_held(item, chain.hold):
                return None  # taken over: the cards are its new holder's now
            ref = await self._bounded(self._post_or_update(ws, item))
        except Exception as exc:
            await _settled(chain.settles)  # the lease goes with the last settle, after the others
            await self._failed(item, exc, unclaimed=rest)
            return None
        now = self.clock()
        gone = ref.gone  # the card's message found deleted: kept for `why`, not with the ref
        if gone is not None:
            ref = ref.model_copy(update={"gone": None})
        chain.posted.setdefault(item.card.key, ref)
        fx = Effects()
        if gone is not None:
            await self._gone(item, gone, ref, now, fx)
        new_tat = None
        if ws.paced:
            new_tat = (max(tat, now) if tat else now) + timedelta(seconds=interval)
            fx.cursors[K.pace(item.workspace, K.lane_channel(item.channel, item.lane))] = (
                new_tat.isoformat())
        if line and chain.lines is not None:
            chain.lines += 1
            fx.cursors[K.lines(item.workspace, item.channel)] = (
                f"{chain.lines} {chain.forgiven} {chain.since:.3f}")
        if chain.pay is not None:  # the lines the posts' pace made room for
            fx.cursors[K.lines_paid(item.workspace, item.channel)] = str(chain.pay)
        if item.update_of is None:  # receipts count cards posted, not their later updates
            fx.tallies.append((f"delivered{SEP}{item.workspace}:{item.channel}", _day(now), 1))
        base = Effects()
        base.merge(fx)
        await self._resolve(item, now, fx)  # the channel works: its incident, if any, ends
        kwargs: dict[str, Any] = ({} if self.refs_seconds is None
                                  else {"refs_seconds": self.refs_seconds})
        goes_on = (bool(rest) and self._wait(chain.items[i + 1], new_tat,
                                                         shares=chain.shares) <= 0
                   and (now - chain.began).total_seconds() < self.lease_seconds / 2)
        if goes_on and not fx.cursors_if:
            chain.settles.append(asyncio.ensure_future(self.store.finish(
                item.key, owner=self.owner, ref=ref, effects=fx, release=False, **kwargs)))
        else:
            if not goes_on:  # the lease goes with the last settle, after the others
                await _settled(chain.settles)

            async def resolved(again: Effects) -> None:  # read again, not trusted calm
                self._calm.pop((item.workspace, item.channel), None)
                await self._resolve(item, now, again)

            async def write(effects: Effects) -> None:
                if goes_on:
                    await self.store.finish(item.key, owner=self.owner, ref=ref,
                                            effects=effects, release=False, **kwargs)
                else:
                    await self.store.finish(item.key, owner=self.owner, ref=ref,
                                            effects=effects, unclaimed=rest, **kwargs)

            await self._incident_write(fx, base, resolved, write)
        self.last_success = now
        if item.workspace in self.refused:
            self._accepted(item.workspace)
        self.metrics.inc("delivered_total", workspace=item.workspace)
        self.metrics.observe("delivery_latency_seconds",
                             max(0.0, (now - item.created_at).total_seconds()),
                             lane=K.lane_name(item.lane))
        return (new_tat or now) if goes_on else None

    async def _failed(self, item: OutboxItem, exc: Exception, *,
                      unclaimed: tuple[str, ...]) -> None:
        """Settle a card whose post failed, by what failed; ``unclaimed``: the rest of its
        chain, never attempted."""
        if isinstance(exc, RateLimited):
            self.metrics.inc("outbox_retries_total", reason="rate_limited",
                             lane=K.lane_name(item.lane))
            wait = exc.retry_after if math.isfinite(exc.retry_after) else RETRY_AFTER_MAX
            wait = min(max(wait, self.interval), RETRY_AFTER_MAX)
            at = self.clock() + timedelta(seconds=wait)
            log.warning("rate limited on %s/%s; retrying %s in %.1fs%s", item.workspace,
                        item.channel, item.key, wait,
                        "; every channel of the workspace waits" if exc.whole_workspace else "")
            if exc.whole_workspace:
                self.limited[item.workspace] = (at, self.redact(str(exc)))
            fx = Effects()
            fx.cursors[K.pace(item.workspace, K.lane_channel(item.channel, item.lane))] = (
                at + timedelta(seconds=(self.config.burst - 1) * self.interval)).isoformat()
            ws = self.workspaces.get(item.workspace)
            if not item.lane and ws is not None and ws.lines_share_pace:
                # the channel's thread lines are chat.postMessage calls too (Slack): held
                # until the Retry-After has passed, as its cards are (``_line_wait``)
                fx.cursors[K.posts_held(item.workspace, item.channel)] = at.isoformat()
            elif item.lane and exc.holds_posts and ws is not None and ws.lines_share_pace:
                # an edit's thread line met the channel's posting limit: its new cards are
                # held until the Retry-After has passed too (``_lines_wait``)
                fx.cursors[K.lines_held(item.workspace, item.channel)] = at.isoformat()
            await self.store.retry_later(item.key, owner=self.owner, at=at,
                                         error=self.redact(str(exc)),
                                         effects=fx, posted=False, unclaimed=unclaimed)
        elif isinstance(exc, WorkspaceRefused) and not self._expired(item):
            refusal = self._refused_by(item.workspace, exc, lane=item.lane)
            await self.store.retry_later(item.key, owner=self.owner, at=refusal.until,
                                         error=refusal.error, posted=False, unclaimed=unclaimed)
        elif isinstance(exc, PermanentDeliveryError):
            await self._give_up(item, self.redact(str(exc)), unclaimed=unclaimed)
        else:
            if not isinstance(exc, (DeliveryError, OSError, TimeoutError)):
                # a bug (renderer, client): counted and retried, never a loop
                log.exception("delivery of %s to %s/%s raised", item.key, item.workspace,
                              item.channel, exc_info=exc)
            await self._backoff(item, exc, unclaimed=unclaimed)

    def _held(self, workspace: str) -> tuple[datetime, str] | None:
        """(until when, why) while ``workspace`` is left alone: its token refused, or a rate
        limit of the whole workspace; None when its cards may go."""
        now = self.clock()
        refusal = self.refused.get(workspace)
        if refusal is not None and now < refusal.until:
            return refusal.until, refusal.error
        limit = self.limited.get(workspace)
        return limit if limit is not None and now < limit[0] else None

    def _refused_by(self, workspace: str, exc: WorkspaceRefused, *, lane: str) -> TokenHold:
        """Leave ``workspace`` alone for a while: the first refusal for ``HOLD_FIRST``
        seconds, each later one (a card tried once the wait was over) twice as long as the
        last, up to ``HOLD_MAX``."""
        now = self.clock()
        refusal = self.refused.get(workspace)
        if refusal is not None and now < refusal.until:  # another channel's card, same pass
            return refusal
        if refusal is None:
            refusal = self.refused[workspace] = TokenHold(error=self.redact(str(exc)),
                                                          since=now, until=now)
            log.error("%s refuses the bot's token (%s): its cards wait, each given up only "
                      "after %s as usual; %s", workspace, exc,
                      span(round(self.config.give_up_after_minutes)), dead_hint(str(exc)),
                      extra={"workspace": workspace})
            self.metrics.set("outbox_workspace_refused", 1, workspace=workspace)
            refusal.wait = HOLD_FIRST
        else:
            refusal.error = self.redact(str(exc))
            refusal.wait = min(HOLD_MAX, refusal.wait * 2)
        refusal.until = now + timedelta(seconds=refusal.wait)
        self.last_failure = now
        self.metrics.inc("outbox_retries_total", reason="token_refused", lane=K.lane_name(lane))
        return refusal

    def _accepted(self, workspace: str) -> None:
        refusal = self.refused.pop(workspace)
        log.warning("%s accepts the bot's token again (refused since %s); its waiting cards "
                    "go out now", workspace, refusal.since.isoformat(timespec="seconds"),
                    extra={"workspace": workspace})
        self.metrics.set("outbox_workspace_refused", 0, workspace=workspace)
        self.wake.set()

    def _wait(self, item: OutboxItem, tat: datetime | None, *, shares: bool = False) -> float:
        """Seconds ``item`` must wait for its channel's pace (``tat``; None: not paced;
        ``shares``: the channel's thread lines take places of it too)."""
        if tat is None:
            return 0.0
        tolerance = (self.config.burst - 1) * self._interval_for(item)
        # No pace is stored further ahead than a burst at the steady rate (a 429's pause is
        # its card's own due time): one further ahead was written by a clock ahead of this one
        # (this machine's, stepped back since, or another process's) and is read as that far
        # at most, or the channel would stay silent for the difference.
        # A channel sharing its pace with its thread lines is also as far ahead as the lines
        # its posts made room for, which keep to the pace too: under another burst.
        return min((tat - self.clock()).total_seconds(), self._furthest(shares)) - tolerance

    def _furthest(self, shares: bool) -> float:
        """Seconds ahead of the clock the furthest pace this engine stores can be."""
        return (2 if shares else 1) * self.config.burst * self.interval

    def _skewed(self, tat: datetime | None, *, shares: bool = False) -> bool:
        """Whether ``tat`` is further ahead than any pace this engine stores: written by a
        clock ahead of this one, and read by ``_wait`` as only that far ahead."""
        return tat is not None and (tat - self.clock()).total_seconds() > self._furthest(shares)

    def _interval_for(self, item: OutboxItem) -> float:
        """The steady pace, or faster while this card is late (a backlog catching up), on a
        chat whose limit takes it (Slack's 1 a second per channel allows short bursts only:
        the burst allowance is one; ``Workspace.steady_pace``)."""
        ws = self.workspaces.get(item.workspace)
        if ws is not None and ws.steady_pace:
            return self.interval
        late = (self.clock() - item.created_at).total_seconds() > LATE_AFTER
        return self.interval / (self.config.catch_up if late else 1.0)

    # On Slack an edit's thread line is a chat.postMessage in the channel, under the same ~1
    # message a second as its new cards (``Workspace.lines_share_pace``), while the edit
    # itself (chat.update) keeps its own lane's pace. The two lanes have two leases, maybe in
    # two processes, so neither writes the other's cursors: the edit lane counts the lines it
    # posted (``keys.lines``), the posts count how many of them they made room for
    # (``keys.lines_paid``), and a chain of posts begins that many intervals later. A line
    # waits for its place from the posts' pace and the lines not yet made room for, ahead of
    # the waiting cards by up to a burst.
    async def _make_room(self, first: OutboxItem, tat: datetime | None,
                         chain: _Chain) -> datetime | None:
        count = await self._lines(first)
        if count.unpaid <= 0:
            return tat
        chain.pay = count.lines
        now = self.clock()
        # the unpaid lines took their places from the later of the posts' pace and when the
        # edit lane last found every line before them already behind the pace (``since``)
        taken = count.anchor(tat) + timedelta(
            seconds=count.unpaid * self._interval_for(first))
        return max(tat or now, now, taken)

    def _room_made(self, item: OutboxItem, chain: _Chain) -> Effects | None:
        """A posts chain put back before its first card: the room it made for the lines is
        kept (its pace moved on, the lines paid), or the same lines would hold its next
        attempt again, and the lines wait for it, for ever."""
        if chain.pay is None or item.pace is None:
            return None
        fx = Effects()
        fx.cursors[K.pace(item.workspace, item.channel)] = item.pace.isoformat()
        fx.cursors[K.lines_paid(item.workspace, item.channel)] = str(chain.pay)
        return fx

    async def _line_wait(self, item: OutboxItem, chain: _Chain) -> tuple[float, bool]:
        """Seconds the edit's thread line waits for its place among the channel's posts, and
        whether the place was read from a pace a clock ahead of this one stored."""
        if chain.lines is None:  # this lease's own count: read once, then kept here
            chain.lines, chain.forgiven, chain.since = await self._posted_lines(item)
        count = _Lines(chain.lines, await self._paid(item), chain.forgiven, chain.since)
        now = self.clock()
        posts = await self._pace(item.workspace, item.channel)
        anchor = count.anchor(posts)
        if anchor + timedelta(seconds=count.unpaid * self.interval) <= now:
            # every unpaid line is behind the pace already (the channel took no new card for
            # a while): none holds a card now, so none is paid for later. Counted from the
            # posts' pace alone, lines posted while no card came were owed for ever, and each
            # line past two bursts of them waited, was put back and waited again
            chain.forgiven, chain.since = chain.lines, now.timestamp()
            count = _Lines(chain.lines, count.paid, chain.forgiven, chain.since)
            anchor = now
        # a line goes before the waiting cards (a claim shows at once): up to a burst ahead
        # of the posts' pace and the unpaid lines before it, which the posts then make room for
        due = anchor + timedelta(seconds=(count.unpaid - self.config.burst) * self.interval)
        wait, skewed = self._wait(item, due, shares=True), self._skewed(due, shares=True)
        # a 429 on the channel's posts holds its lines till its Retry-After, never less: read
        # from the posts' pace alone it was taken for a clock ahead, capped, and the line
        # went early, earning a second 429
        until = await self._instant(K.posts_held(item.workspace, item.channel))
        if until is not None and until.tzinfo is not None and until > now:
            wait, skewed = max(wait, (until - now).total_seconds()), False
        return wait, skewed

    async def _lines_wait(self, item: OutboxItem) -> float:
        """Seconds a 429 on one of the channel's thread lines (``keys.lines_held``) holds its
        posts still: the limit it met is theirs too (Slack's one message a second), so a card
        going before its Retry-After met a second 429."""
        until = await self._instant(K.lines_held(item.workspace, item.channel))
        if until is None or until.tzinfo is None:
            return 0.0
        return max(0.0, (until - self.clock()).total_seconds())

    async def _lines(self, item: OutboxItem) -> _Lines:
        """The thread lines the channel's edit lane posted (with those it found behind the
        pace, and when), and those its posts made room for (a damaged count reads as none)."""
        lines, forgiven, since = await self._posted_lines(item)
        return _Lines(lines, await self._paid(item), forgiven, since)

    async def _posted_lines(self, item: OutboxItem) -> tuple[int, int, float]:
        """The edit lane's count (``keys.lines``): the lines it posted, those it found behind
        the pace, and when (a damaged count reads as none)."""
        raw = await self.store.get_cursor(K.lines(item.workspace, item.channel)) or ""
        lines, forgiven, since, *_ = [*raw.split(), "", "", ""]
        count = int(lines) if lines.isdigit() else 0
        try:
            when = float(since) if since else 0.0
        except ValueError:
            when = 0.0
        when = when if 0 <= when < 1e11 else 0.0  # damaged (nan, inf, far off): never
        return count, min(int(forgiven), count) if forgiven.isdigit() else 0, when

    async def _paid(self, item: OutboxItem) -> int:
        """The posts' count (``keys.lines_paid``): the lines they made room for, which they
        move on while the edit lane holds its lease, so read again for each line."""
        paid = await self.store.get_cursor(K.lines_paid(item.workspace, item.channel)) or ""
        return int(paid) if paid.isdigit() else 0

    # The per-channel pace lives in the store (a theoretical arrival time), so with Redis every
    # process honours one limit and one Retry-After per channel; a channel is leased to one
    # process at a time by ``claim_due``, so its pace has one writer at a time.
    async def _pace(self, workspace: str, channel: str) -> datetime | None:
        return await self._instant(K.pace(workspace, channel))

    async def _instant(self, key: str) -> datetime | None:
        """A time stored under ``key``; None when none is, or it is damaged."""
        raw = await self.store.get_cursor(key)
        try:
            return datetime.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    async def _bounded(self, call: Awaitable[MessageRef]) -> MessageRef:
        """``call``, given up after ``call_timeout`` seconds (``CALL_MAX``)."""
        bound = asyncio.timeout(self.call_timeout)
        try:
            async with bound:
                return await call
        except TimeoutError:
            if not bound.expired():
                raise  # the chat's own timeout
            raise DeliveryError(f"the chat did not answer within {self.call_timeout:g} s; "
                                "the card is looked for before it is tried again") from None

    async def _gone(self, item: OutboxItem, gone: Gone, ref: MessageRef, now: datetime,
                    fx: Effects) -> None:
        """Keep, with the delivery's settle, that its card's message was found deleted from
        the channel (``gone``), and the message it is shown again as (``ref``, when another):
        ``why`` of the card's post said "delivered" with a link to nothing. An alert's card,
        not shown again, is found deleted at each later edit: the first finding stands."""
        key = K.card_gone(item.workspace, item.channel, gone.message_id)
        if await self.store.get_value(key) is not None:
            return
        again = ref.message_id != gone.message_id
        fx.mark(key, int(self.refs_seconds or GONE_KEPT), json.dumps({
            "at": now.isoformat(), "said": gone.said,
            "again": ref.message_id if again else None,
            "link": ref.permalink if again else None}))

    async def _post_or_update(self, ws: Workspace, item: OutboxItem) -> MessageRef:
        card = item.card
        if self.resolve_mentions is not None and (card.mention_users or card.mention_groups):
            users, groups = self.resolve_mentions(item.workspace, card.mention_users,
                                                  card.mention_groups)
            card = card.model_copy(update={"mention_users": users, "mention_groups": groups})
        if self.resolve_mentions is not None and card.thread_mention_users:
            users, _ = self.resolve_mentions(item.workspace, card.thread_mention_users, ())
            card = card.model_copy(update={"thread_mention_users": users})
        if card.thread_note:
            card = card.model_copy(update={"thread_key": item.key})
        ref = item.prior
        first_try = item.started <= 1
        careful = self.careful_until is not None and self.clock() < self.careful_until
        if ref is None and (not first_try or careful):
            # An earlier attempt may have posted and died before recording it.
            ref = await ws.find(item.channel, card.key)
            if ref is not None:
                log.info("found %s already posted in %s; not posting again", card.key,
                         item.channel)
                if item.update_of is None:
                    return ref
        if ref is not None:
            # a thread note an earlier attempt may have added is looked for, not added twice,
            # since the item was queued (by hand too, for a retry of a dead one: a line shown
            # before it was given up is not looked for)
            maybe = not first_try or careful
            return await ws.update(ref, card,
                                   maybe_shown_since=item.created_at if maybe else None)
        return await ws.post(item.channel, card)

    def _expired(self, item: OutboxItem) -> bool:
        age = (self.clock() - item.created_at).total_seconds()
        return age >= self.config.give_up_after_minutes * 60

    async def _backoff(self, item: OutboxItem, exc: BaseException, *,
                       unclaimed: tuple[str, ...] = ()) -> None:
        self.last_failure = self.clock()
        if self._expired(item):
            minutes = self.config.give_up_after_minutes
            after = f"{minutes * 60:.0f} s" if minutes < 1 else span(round(minutes))
            await self._give_up(item, self.redact(
                f"{type(exc).__name__}: {exc} (gave up after {after})"), unclaimed=unclaimed)
            return
        delay = min(self.config.backoff_max, self.config.backoff_base * 2 ** min(item.attempts, 30))
        delay = max(self.config.backoff_base, self.rng.uniform(0, delay))  # jitter, with a floor
        self.metrics.inc("outbox_retries_total", reason="error", lane=K.lane_name(item.lane))
        log.warning("delivery of %s failed (attempt %d): %s; retrying in %.0fs", item.key,
                    item.attempts + 1, exc, delay,
                    extra=log_fields(item))
        await self.store.retry_later(item.key, owner=self.owner,
                                     at=self.clock() + timedelta(seconds=delay),
                                     error=self.redact(f"{type(exc).__name__}: {exc}"),
                                     unclaimed=unclaimed)

    async def _give_up(self, item: OutboxItem, error: str, *,
                       unclaimed: tuple[str, ...] = ()) -> None:
        self.last_failure = self.clock()
        self.metrics.inc("outbox_dead_total")
        log.error("giving up on %s to %s/%s: %s; fix: %s", item.key, item.workspace,
                  item.channel, error, dead_hint(error),
                  extra=log_fields(item))
        base = Effects()
        now = self.clock()
        base.tallies.append((f"dead{SEP}{item.workspace}:{item.channel}", _day(now), 1))
        fx = Effects()
        fx.merge(base)
        ops = self.ops
        counted = ops is not None and (ops.workspace, ops.channel) != (item.workspace,
                                                                         item.channel)
        if ops is not None and counted:
            # a channel failing for one cause (the bot removed, a record file read-only) gives
            # up its cards by the hundred, for as long as its routes stand (an hourly digest):
            # one incident a channel and cause, announced once and edited with its count until
            # a delivery to the channel works again or it is quiet for INCIDENT_QUIET, as
            # PagerDuty and Grafana OnCall group an incident's alerts. Its state is written
            # with the give-up, in one write: a kill between the two loses neither
            await self._incident(item, error, ops, now, fx)
        # the channel has an incident now: its next delivery that works reads it, and ends it
        self._calm.pop((item.workspace, item.channel), None)

        async def recount(again: Effects) -> None:
            if ops is not None and counted:
                await self._incident(item, error, ops, now, again)

        async def write(effects: Effects) -> None:
            await self.store.retry_later(item.key, owner=self.owner, at=self.clock(),
                                         error=error, dead=True, effects=effects,
                                         unclaimed=unclaimed)

        await self._incident_write(fx, base, recount, write)

    async def _incident_write(self, fx: Effects, base: Effects,
                              again: Callable[[Effects], Awaitable[None]],
                              write: Callable[[Effects], Awaitable[None]]) -> None:
        """Write a settle's ``fx``, whose channel's incident state (``_incident``,
        ``_resolve``) is written only if it is still as read: the channel's posts lane and its
        edit lane have leases of their own, so another process may give up, or deliver, a
        card of the same channel meanwhile. If it did, nothing was written: ``base`` (the
        settle's effects without the state) again, the state read again and counted ``again``
        in it. The last try writes it as read (never seen: a write between each read and
        write, INCIDENT_TRIES times in a row) rather than lose the settle."""
        for attempt in range(INCIDENT_TRIES):
            if attempt:
                fx = Effects()
                fx.merge(base)
                await again(fx)
            if attempt == INCIDENT_TRIES - 1:
                fx.cursors_if.clear()
            try:
                await write(fx)
                return
            except WriteConflict:
                log.info("a channel's incident state changed as it was written; read again")

    async def _incidents(self, workspace: str, channel: str) -> tuple[dict[str, Any], str | None]:
        """A channel's incidents (``keys.dead_incidents``), and the value stored, which the
        state is written only over (``Effects.swap_cursor``); a damaged state reads as none."""
        raw = await self.store.get_cursor(K.dead_incidents(workspace, channel))
        try:  # ``loads``: one nested past the recursion limit is read too, its depth cut
            state = loads(raw) if raw else {}  # (json.loads raised RecursionError)
        except ValueError:
            state = {}
        if not isinstance(state, dict):
            state = {}
        opened = state.get("open")
        nexts = state.get("next")
        # an incident or a number of the wrong type (hand-edited) is none: read as it was, a
        # card taken by the chat stayed pending and every drain raised (float("x"))
        return {"open": {c: inc for c, inc in opened.items() if _incident_ok(inc)}
                if isinstance(opened, dict) else {},
                "next": {c: n for c, n in nexts.items() if type(n) is int and 0 <= n < 2**53}
                if isinstance(nexts, dict) else {}}, raw

    async def _incident(self, item: OutboxItem, error: str, ops: ChannelRef, now: datetime,
                        fx: Effects) -> None:
        """Count ``item``'s death in its channel's incident of its cause (``dead_cause``), in
        ``fx``: the first opens it, its notice posted; each later one edits that notice.
        The notice's key is the first death's (``dead_notice_at``: `retry` and `retry all`
        know it as that delivery's), the incident's number keeps a second incident apart.
        A channel's lanes (posts, edits) have leases of their own, so another process may
        give up or deliver one of its cards meanwhile: the state is written only if it is
        still the one read here (``_incident_write``): two processes tell an incident once."""
        state, raw = await self._incidents(item.workspace, item.channel)
        cause = dead_cause(error)
        ts = now.timestamp()
        inc = state["open"].get(cause)
        if isinstance(inc, dict) and not ts - float(inc.get("last", 0)) < INCIDENT_QUIET:
            inc = None  # quiet for long enough: over, and this death opens the next one
            state["next"][cause] = int(state["next"].get(cause, 0)) + 1
        if not isinstance(inc, dict):
            number = int(state["next"].get(cause, 0))
            inc = {"n": 0, "opened": ts, "number": number, "notice": item.dead_notice_at(
                ops.channel), "card": item.dead_notice()}
        inc["n"] = int(inc.get("n", 0)) + 1
        inc["last"] = ts
        state["open"][cause] = inc
        fx.swap_cursor(K.dead_incidents(item.workspace, item.channel),
                       json.dumps(state, sort_keys=True), expected=raw)
        card = self._dead_notice(item, error, n=inc["n"], key=str(inc["card"]),
                                 opened=datetime.fromtimestamp(float(inc["opened"]), UTC))
        if inc["n"] == 1:
            fx.send(OutboxItem.new(key=str(inc["notice"]), workspace=ops.workspace,
                                   channel=ops.channel, card=card, now=now))
        else:  # edits of the notice waiting together are sent as one (``coalesced``)
            fx.send(OutboxItem.new(key=f"{inc['notice']}#{inc['n']}", workspace=ops.workspace,
                                   channel=ops.channel, card=card, now=now, update=True))

    def _dead_notice(self, item: OutboxItem, error: str, *, n: int, key: str,
                     opened: datetime) -> Card:
        """The ops notice of the incident ``item``'s death belongs to, ``n`` deaths so far
        since ``opened``: the card posted for the first, edited for each later one."""
        from bot.core.cards import Button, CardField, delivery_id

        short = delivery_id(item.key)  # the notice names the fix, and retries in one click
        many = n > 1
        return Card(
            kind="notice", key=key,
            title=(f"Deliveries to {item.channel} keep failing for good" if many
                   else f"Delivery to {item.channel} failed for good"),
            # the error after it on one line too: one not ours is its str(), of several lines
            # (pydantic's), maybe quoting the card's network text
            text=(f"{n} cards to {item.channel} given up since {opened:%H:%M} UTC; the latest: "
                  if many else "") + f"{one_line(item.card.title, 200)}\n{one_line(error, 500)}",
            fields=(CardField(name="Fix", value=dead_hint(error)),
                    CardField(name="Retry", value=f"`retry {short}` here, or socialops outbox "
                                                  f"retry {short}"),
                    CardField(name="The rest", value=(
                        f"cards to {item.channel} given up for this cause are counted here, "
                        "not announced one by one, until a delivery there works again (said "
                        f"once) or none is given up for {span(round(INCIDENT_QUIET / 60))}: "
                        "`deliveries` lists them, `retry all` sends them again (socialops "
                        "outbox list, socialops outbox retry --all)"))),
            buttons=(Button(action="retry", label="Retry", target=short, style="primary"),))

    async def _resolve(self, item: OutboxItem, now: datetime, fx: Effects) -> None:
        """``item`` delivered: its channel's open incidents end, in ``fx`` (the delivery's own
        write), told once. Read from the store only when this process has not read the
        channel calm within INCIDENT_CHECK (or gave up one of its cards since): a delivery
        pays no store write, and a read a minute a channel at most."""
        ops = self.ops
        if ops is None or (ops.workspace, ops.channel) == (item.workspace, item.channel):
            return
        where = (item.workspace, item.channel)
        ts = now.timestamp()
        calm = self._calm.get(where)
        if calm is not None and 0 <= ts - calm < INCIDENT_CHECK:
            return
        state, raw = await self._incidents(item.workspace, item.channel)
        self._calm[where] = ts
        if len(self._calm) > CALM_KEPT:  # the oldest reading goes: it is read again if need be
            self._calm.pop(next(iter(self._calm)))
        if not state["open"]:
            return
        told: list[tuple[str, dict[str, Any]]] = []
        for cause, inc in sorted(state["open"].items()):
            state["next"][cause] = int(state["next"].get(cause, 0)) + 1
            if isinstance(inc, dict) and ts - float(inc.get("last", 0)) < INCIDENT_QUIET:
                told.append((cause, inc))
        state["open"] = {}
        fx.swap_cursor(K.dead_incidents(item.workspace, item.channel),
                       json.dumps(state, sort_keys=True), expected=raw)
        if not told:  # each one quiet for long enough: over already, nothing to tell
            return
        n = sum(int(inc.get("n", 0)) for _, inc in told)
        since = datetime.fromtimestamp(min(float(inc.get("opened", ts)) for _, inc in told), UTC)
        causes = ", ".join(cause for cause, _ in told)
        ident = "+".join(f"{cause}.{inc.get('number', 0)}" for cause, inc in told)
        from bot.core.cards import Card

        key = f"deadok:{item.workspace}:{item.channel}:{ident}"
        fx.send(OutboxItem.new(key=f"{key}@{ops.channel}", workspace=ops.workspace,
                               channel=ops.channel, now=now, card=Card(
                                   kind="notice", key=key,
                                   title=f"Deliveries to {item.channel} work again",
                                   text=(f"Deliveries to {item.channel} work again: {n} given "
                                         f"up meanwhile (since {since:%H:%M} UTC: {causes}); "
                                         "those not sent again yet: `deliveries` lists them, "
                                         "`retry all` sends them (socialops outbox list, "
                                         "socialops outbox retry --all)"))))
        log.warning("deliveries to %s/%s work again; %d given up since %s", item.workspace,
                    item.channel, n, since.isoformat(timespec="seconds"),
                    extra=log_fields(item))


SEP = "\x1f"
# seconds without a delivery of a channel given up for a cause after which its incident is
# over: the next one given up for that cause is announced again (``Outbox._incident``)
INCIDENT_QUIET = 12 * 3600.0
# seconds a process trusts its reading that a channel has no open incident: a delivery that
# works reads the channel's incidents once in that time at most (``Outbox._resolve``)
INCIDENT_CHECK = 60.0
# tries of a settle whose channel's incident state another process wrote as it was written
# (``Outbox._incident_write``)
INCIDENT_TRIES = 5
TIMES_END = 253402300800  # 10000-01-01 UTC: a time past it is no datetime
CALM_KEPT = 10_000  # channels read calm, kept in memory at most


@dataclass(slots=True)
class TokenHold:
    """A workspace refusing the bot's token: the last error, since when, and until when its
    cards are left alone."""

    error: str
    since: datetime
    until: datetime
    wait: float = HOLD_FIRST


@dataclass
class _Chain:
    """A channel's cards claimed together, while they are delivered."""

    items: list[OutboxItem]
    began: datetime
    settles: list[asyncio.Future[None]] = field(default_factory=list)  # not yet awaited
    posted: dict[str, MessageRef] = field(default_factory=dict)  # card key -> its message
    shares: bool = False  # thread lines are posts of the channel, paced with its cards (Slack)
    lines: int | None = None  # an edit lane's: the lines it posted in the channel, so far
    forgiven: int = 0  # an edit lane's: of those, the lines it found behind the pace
    since: float = 0.0  # an edit lane's: when it did (epoch seconds)
    pay: int | None = None  # a posts chain's: the edit lane's lines its pace made room for
    hold: _Hold | None = None  # its lane's lease, as this process last knew it


@dataclass
class _Hold:
    """A chain's lane's lease as this process last knew it: held at ``at``
    (``Outbox.held_clock``: a suspend counted), or ``lost`` to another holder."""

    at: float
    lost: bool = False


@dataclass(frozen=True)
class _Lines:
    """A channel's thread lines as its two lanes counted them (``keys.lines``: "<posted>
    <forgiven> <since>", the edit lane's; ``keys.lines_paid``, the posts')."""

    lines: int  # posted by the edit lane
    paid: int  # made room for by the posts
    forgiven: int  # found behind the pace when posted after them: owed by none
    since: float  # when they were (epoch seconds; 0: never)

    @property
    def unpaid(self) -> int:
        return max(0, self.lines - max(self.paid, self.forgiven))

    def anchor(self, posts: datetime | None) -> datetime:
        """Where the unpaid lines' places begin: the posts' pace, or when the lines before
        them were last found behind it, whichever is later."""
        since = datetime.fromtimestamp(self.since, UTC)
        return max(posts, since) if posts is not None else since


def _raise_failed(settles: list[asyncio.Future[None]]) -> None:
    """A settle of the chain already failed: raise its error rather than post more."""
    for f in settles:
        if f.done() and not f.cancelled() and f.exception() is not None:
            raise f.exception()  # type: ignore[misc]


async def _settled(settles: list[asyncio.Future[None]]) -> None:
    """Wait for the chain's settles so far; raise the first error among them."""
    if not settles:
        return
    pending, settles[:] = list(settles), []
    results = await asyncio.gather(*pending, return_exceptions=True)
    for r in results:
        if isinstance(r, BaseException):
            raise r


def _day(at: datetime) -> int:
    return int(at.timestamp() // 86400)


def dead_hint(error: str) -> str:
    """The fix for the usual permanent delivery errors, in words an operator acts on."""
    low = error.lower()
    # an error names the channel and the message by their ids (snowflakes of 17-20 digits)
    # and the card by its key (T-401): a code counts only as a number of its own
    codes = set(re.findall(r"(?<![\w-])\d+(?!\w)", low))
    if "missing access" in low or "code 50001" in low:  # Discord: no invite to a channel
        return ("let the bot's role view that channel, in a server the bot is in (socialops "
                "discord invite); then retry")
    if "not_in_channel" in low:
        return "invite the bot to the channel"
    if "non-text channel" in low or "50008" in codes:  # Discord: a forum or a category
        return "name a text channel (or a thread) in socialops.yaml (channels:)"
    if "thread is archived" in low or "50083" in codes:  # Discord: archived and locked
        return ("the thread is archived and locked: unlock it, give the bot Manage Threads "
                "there, or name another channel in socialops.yaml (channels:); then retry")
    if "missing permissions" in low or "50013" in codes or "160002" in codes:  # named
        return "give the bot the permissions the error names in that channel, then retry"
    if "channel_not_found" in low:  # Slack's answer for a private channel the bot is not in too
        return ("check the channel id in socialops.yaml (channels:); a private channel is "
                "not found until the bot is a member: /invite @socialops there; then retry")
    if "unknown channel" in low or "10003" in codes:
        return "check the channel id in socialops.yaml (channels:)"
    if "is_archived" in low:  # Slack's channel_is_archived too
        return ("unarchive the channel (and /invite @socialops there again if archiving took "
                "the bot out), then retry")
    if "token_revoked" in low or "account_inactive" in low:
        # Slack's word for an app uninstalled from the workspace (or its token revoked): the
        # token is gone for good, whatever is checked; a new install gives a new one
        return (f"Slack says the app was uninstalled from the workspace or its token revoked: "
                f"{REINSTALL_SLACK_APP}")
    if "invalid_auth" in low or "not_authed" in low or "401" in codes or "token" in low:
        return "check the bot token"
    if "invalid_blocks" in low or "msg_blocks_too_long" in low or "msg_too_long" in low:
        # the card's own layout: a retry renders the same card and is refused the same
        return ("a retry renders the same card again: report it with this error (a Block Kit "
                "limit the card did not keep)")
    if "unknown workspace" in low:
        return "declare the workspace under workspaces: in socialops.yaml"
    return GENERIC_HINT


def _incident_ok(inc: object) -> bool:
    """Whether ``inc`` is an open incident as ``Outbox._incident`` writes it."""
    if not isinstance(inc, dict):
        return False
    n, number, notice, card = inc.get("n"), inc.get("number"), inc.get("notice"), inc.get("card")
    return (type(n) is int and 0 <= n < 2**53 and type(number) is int and 0 <= number < 2**53
            and isinstance(notice, str) and isinstance(card, str)
            and all(type(inc.get(f)) in (int, float) and 0 <= inc[f] < TIMES_END
                    for f in ("opened", "last")))


def dead_cause(error: str) -> str:
    """The cause a dead delivery is grouped by with the others of its channel (one incident a
    channel and cause, ``Outbox._incident``): the platform's error code, or what failed."""
    low = error.lower()
    codes = set(re.findall(r"(?<![\w-])\d+(?!\w)", low))
    for cause, said in (("missing_access", "missing access" in low or "50001" in codes),
                        ("not_in_channel", "not_in_channel" in low),
                        ("not_a_text_channel", "non-text channel" in low or "50008" in codes),
                        ("thread_archived", "thread is archived" in low or "50083" in codes),
                        ("missing_permissions", "missing permissions" in low
                         or "50013" in codes or "160002" in codes),
                        ("channel_not_found", "channel_not_found" in low
                         or "unknown channel" in low or "10003" in codes),
                        ("read_only", "read-only" in low or "permission denied" in low
                         or "errno 30" in low or "errno 13" in low),
                        ("token", "invalid_auth" in low or "not_authed" in low
                         or "token" in low),
                        ("unknown_workspace", "unknown workspace" in low)):
        if said:
            return cause
    # else the exception's name (``_backoff``: "<name>: <what> (gave up after ...)") or, for
    # a chat's permanent error ("slack chat.postMessage: <code>..."), its first words
    code = re.match(r"slack [\w.]+: (\w+)", error.strip())
    if code:  # Slack's error code ("slack chat.postMessage: is_archived")
        return code.group(1)
    head = re.match(r"[\w .]{1,60}?(?=:|$)", error.strip())
    return (head.group(0).strip() if head else "") or "other"


def _chains(items: list[OutboxItem]) -> dict[tuple[str, str, str], list[OutboxItem]]:
    """Claimed items by lane (workspace, channel, lane), each lane's in order, oldest first."""
    chains: dict[tuple[str, str, str], list[OutboxItem]] = {}
    for item in items:
        chains.setdefault((item.workspace, item.channel, item.lane), []).append(item)
    return chains
