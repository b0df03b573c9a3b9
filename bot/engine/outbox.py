"""The outbox: every message to a workspace goes through here (DESIGN §4).

``send`` writes an item to the store under an idempotency key (signal × route × channel for an
alert, ``<card key>@<channel>#<revision>`` for an update), so enqueuing twice delivers once.
The worker drains due items with:

- strict order per channel (the store hands out only a channel's oldest pending item);
- a per-channel rate limit (Slack allows about one message per second per channel);
- ``Retry-After`` honoured on 429, and exponential backoff with full jitter on other failures;
- crash safety: before a first post the item is marked in flight; if a later attempt finds that
  mark, it asks the workspace whether the message already exists (``Workspace.find``) and records
  it instead of posting a second copy.

Updates edit the message recorded for the same card key in the same channel.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from bot.core.cards import Card
from bot.core.config import OutboxConfig
from bot.core.errors import DeliveryError, PermanentDeliveryError, RateLimited
from bot.core.metrics import Metrics
from bot.core.models import MessageRef
from bot.core.ports import Clock, OutboxItem, Store, Workspace

log = logging.getLogger(__name__)
MentionResolver = Callable[[str, tuple[str, ...], tuple[str, ...]],
                           tuple[tuple[str, ...], tuple[str, ...]]]

Sleep = Callable[[float], Awaitable[None]]
INFLIGHT_TTL = 7 * 24 * 3600


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
    ) -> None:
        self.store = store
        self.workspaces = workspaces
        self.clock = clock
        self.config = config or OutboxConfig()
        # people and groups named by rules and escalation chains -> this workspace's ids
        # (handlers.identity.Directory.resolve); None passes cards through unchanged
        self.resolve_mentions: MentionResolver | None = None
        self.owner = owner
        self.metrics = metrics or Metrics()
        self.rng = rng or random.Random()
        self.sleep = sleep
        self.lease_seconds = lease_seconds
        self.wake = asyncio.Event()

    # -- producing ---------------------------------------------------------------------------

    async def send(
        self, *, key: str, workspace: str, channel: str, card: Card, update: bool = False
    ) -> bool:
        """Queue a card; False if this key was queued before (nothing happens twice).
        ``update=True`` marks an edit of the message already posted for ``card.key``."""
        if workspace not in self.workspaces:
            log.error("no workspace %r for %s (channel %s); dropping", workspace, key, channel)
            self.metrics.inc("outbox_unroutable_total")
            return False
        if self.resolve_mentions is not None and (card.mention_users or card.mention_groups):
            users, groups = self.resolve_mentions(workspace, card.mention_users,
                                                  card.mention_groups)
            card = card.model_copy(update={"mention_users": users, "mention_groups": groups})
        now = self.clock()
        item = OutboxItem(
            key=key,
            workspace=workspace,
            channel=channel,
            card=card,
            update_of=card.key if update else None,
            next_attempt_at=now,
            created_at=now,
        )
        added = await self.store.enqueue(item)
        if added:
            self.metrics.inc("outbox_enqueued_total")
            self.wake.set()
        return added

    # -- draining ----------------------------------------------------------------------------

    async def drain_once(self, limit: int = 100) -> int:
        """Deliver what is due now, one pass. Returns how many items reached a final state or
        were rescheduled. Used by the run loop and, in tests and the demo, as a burst mode."""
        items = await self.store.claim_due(
            now=self.clock(), owner=self.owner, lease_seconds=self.lease_seconds, limit=limit
        )
        if not items:
            return 0
        await asyncio.gather(*(self._deliver(item) for item in items))
        return len(items)

    async def drain(self, *, max_rounds: int = 10_000) -> int:
        """Burst mode: drain until nothing is due (items waiting for a retry stay queued)."""
        total = 0
        for _ in range(max_rounds):
            n = await self.drain_once()
            if n == 0:
                break
            total += n
        return total

    async def run(self, stop: asyncio.Event, *, idle: float = 0.5) -> None:
        while not stop.is_set():
            try:
                n = await self.drain_once()
            except Exception:
                log.exception("outbox drain failed; retrying")
                n = 0
            if n == 0:
                self.wake.clear()
                waiter = asyncio.ensure_future(self.wake.wait())
                stopper = asyncio.ensure_future(stop.wait())
                await asyncio.wait(
                    {waiter, stopper}, timeout=idle, return_when=asyncio.FIRST_COMPLETED
                )
                waiter.cancel()
                stopper.cancel()
        # finish what is due, so a graceful stop leaves nothing half-done
        await self.drain_once()

    async def _deliver(self, item: OutboxItem) -> None:
        ws = self.workspaces.get(item.workspace)
        chan = (item.workspace, item.channel)
        if ws is None:
            await self.store.retry_later(
                item.key,
                owner=self.owner,
                at=self.clock(),
                error=f"unknown workspace {item.workspace}",
                dead=True,
            )
            return
        free_at = await self.channel_free_at(*chan)
        wait = (free_at - self.clock()).total_seconds() if free_at else 0.0
        if wait > 0:
            self.metrics.inc("outbox_rate_limit_waits_total")
            await self.sleep(wait)
        try:
            ref = await self._post_or_update(ws, item)
        except RateLimited as exc:
            self.metrics.inc("outbox_retries_total", reason="rate_limited")
            at = self.clock() + timedelta(seconds=max(exc.retry_after, 0.0))
            await self.pause_channel(*chan, at)
            log.warning(
                "rate limited on %s/%s; retrying %s in %.1fs", *chan, item.key, exc.retry_after
            )
            await self.store.retry_later(item.key, owner=self.owner, at=at, error=str(exc))
            return
        except PermanentDeliveryError as exc:
            self.metrics.inc("outbox_dead_total")
            log.error("giving up on %s to %s/%s: %s", item.key, *chan, exc)
            await self.store.retry_later(
                item.key, owner=self.owner, at=self.clock(), error=str(exc), dead=True
            )
            return
        except (DeliveryError, OSError, TimeoutError) as exc:
            await self._backoff(item, exc)
            return
        await self.pause_channel(*chan, self.clock() + timedelta(
            seconds=1.0 / self.config.per_channel_per_second))
        await self.store.finish(item.key, owner=self.owner, ref=ref)
        self.metrics.inc("delivered_total", workspace=item.workspace)

    # The per-channel pace lives in the store, so with Redis every process honours one limit
    # and one Retry-After per channel (a channel is leased to one process at a time by
    # ``claim_due``, so its pace has one writer at a time).
    async def channel_free_at(self, workspace: str, channel: str) -> datetime | None:
        raw = await self.store.get_cursor(f"_pace:{workspace}\x00{channel}")
        try:
            return datetime.fromisoformat(raw) if raw else None
        except ValueError:
            return None

    async def pause_channel(self, workspace: str, channel: str, until: datetime) -> None:
        await self.store.set_cursor(f"_pace:{workspace}\x00{channel}", until.isoformat())

    async def _post_or_update(self, ws: Workspace, item: OutboxItem) -> MessageRef:
        card = item.card
        ref = await self.store.message_ref(card.key, item.workspace, item.channel)
        if ref is None:
            first_try = await self.store.mark_seen(f"inflight:{item.key}", INFLIGHT_TTL)
            if not first_try:
                # An earlier attempt may have posted and died before recording it.
                ref = await ws.find(item.channel, card.key)
                if ref is not None:
                    log.info(
                        "found %s already posted in %s; not posting again", card.key, item.channel
                    )
                    if item.update_of is None:
                        return ref
        if ref is not None:
            return await ws.update(ref, card)
        return await ws.post(item.channel, card)

    async def _backoff(self, item: OutboxItem, exc: BaseException) -> None:
        attempts = item.attempts + 1
        dead = attempts >= self.config.max_attempts
        delay = min(self.config.backoff_max, self.config.backoff_base * 2**item.attempts)
        delay = self.rng.uniform(0, delay)  # full jitter
        self.metrics.inc("outbox_retries_total", reason="error")
        if dead:
            self.metrics.inc("outbox_dead_total")
        log.warning(
            "delivery of %s failed (attempt %d/%d): %s%s",
            item.key,
            attempts,
            self.config.max_attempts,
            exc,
            "; giving up" if dead else "",
        )
        await self.store.retry_later(
            item.key,
            owner=self.owner,
            at=self.clock() + timedelta(seconds=delay),
            error=f"{type(exc).__name__}: {exc}",
            dead=dead,
        )
