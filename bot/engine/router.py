"""The live router: the rules file plus the chat subscriptions and silences every process shares,
compiled into one router that is kept current.

Shared state is versioned (DESIGN §8): every change to subscriptions, silences or mutes writes an
entry in the store's routing log in the same transaction, which bumps the routing version. Each
process compares versions at every batch (one read) and catches up:

- subscriptions added, removed or muted: applied in place, costing the changed subscriptions'
  own keywords (``CompiledRouter.add_subscriptions``), not a rebuild of 100,000; a removed
  one's keywords are no longer found at once (``remove_subscriptions``);
- anything else (a silence, a rules reload, a log that no longer reaches back, many pending
  or stale keywords): a full build, read as raw JSON and parsed and compiled on a worker
  thread, then swapped in. The worker thread alone did not keep the event loop free: what
  stalls it is whatever holds the GIL in one go, whichever thread runs it. So a full build
  keeps the keyword automaton it replaces when it can (building one is a single call into C,
  35-60 ms at 100,000 subscriptions; ``rules.compile_router``), pauses the collector and
  freezes the new router out of its sight (``bot.core.collector``), and takes the old router
  apart a slice at a time on a worker thread (``CompiledRouter.dismantle``: freed in one go it
  was an 80 ms cascade). ``benchmarks/loop_stalls.py`` measures it.

The inhibit state (which crisis is active) carries over a rebuild.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from bot.core import collector
from bot.core import keys as K
from bot.core.jsonbody import loads
from bot.core.metrics import Metrics
from bot.core.models import Subscription
from bot.core.ports import Clock, Facts, RoutingChange, RoutingDecision, Store
from rules import CompiledRouter, InhibitState, RuleSet, Silence, compile_router
from rules.keywords import KeywordIndex

log = logging.getLogger(__name__)

INCREMENTAL_OPS = frozenset({"sub+", "sub-", "sub~"})
# Shared state that rides the same log without touching routing (chat links of people): the
# listeners catch up on it, the router is left alone.
SIDE_OPS = frozenset({"link"})
Listener = Callable[[Sequence[RoutingChange] | None], Awaitable[None]]
MAX_PENDING_KEYS = 5000  # keywords in the side automaton before a full build folds them in
MAX_INCREMENTAL = 2000  # changes caught up one by one; more is a full build


def build(ruleset: RuleSet, subscriptions: Sequence[str], silences: Sequence[str], *,
          state: InhibitState, now: datetime, keywords: KeywordIndex | None = None
          ) -> CompiledRouter:
    """Parse stored JSON and compile: the CPU-heavy part, run on a worker thread. The
    collector is paused for the whole of it, the parse included, and the new router is
    frozen out of its sight (``bot.core.collector``): at 100,000 subscriptions the collections
    the build set off stalled the event loop 35-90 ms each, the worker thread
    notwithstanding."""
    with collector.paused():
        subs = [Subscription.model_validate_json(s) for s in subscriptions]
        router = compile_router(ruleset, subs, silences=active_silences(silences, now),
                                state=state, keywords=keywords)
        collector.settled()
    return router


def active_silences(stored: Sequence[str], now: datetime) -> list[Silence]:
    found: list[Silence] = []
    for raw in stored:
        try:
            silence = Silence.model_validate(loads(raw))
        except ValueError as exc:
            log.warning("a stored silence is unreadable (%s); ignoring it", exc)
            continue
        if silence.until > now:
            found.append(silence)
    return found


Learn = Callable[[Sequence[str] | None], Awaitable[None]]


class LiveRouter:
    """``on_corrections``: told the ids of corrections (``label`` in chat) other processes
    logged since the last look, or None after a full build (reload them all); the routing log
    carries them so every process's model learns them at its next batch."""

    def __init__(self, store: Store, ruleset: RuleSet, *, clock: Clock,
                 metrics: Metrics | None = None, on_corrections: Learn | None = None) -> None:
        self.on_corrections = on_corrections
        self.store = store
        self.ruleset = ruleset
        self.clock = clock
        self.metrics = metrics or Metrics()
        self.state = InhibitState()
        self.version = -1
        self._router = compile_router(ruleset, state=self.state)
        self._lock = asyncio.Lock()
        # told of SIDE_OPS changes (None: reload everything, after a full build)
        self.listeners: list[Listener] = []

    @property
    def compiled(self) -> CompiledRouter:
        return self._router

    async def refresh(self, *, force: bool = False) -> bool:
        """Catch up with the shared routing state; True if anything changed."""
        version = await self.store.routing_version()
        if version == self.version and not force:
            return False
        async with self._lock:
            if self.version == version and not force:
                return False  # another caller caught up meanwhile
            changes = (None if force or self.version < 0
                       else await self.store.routing_changes(self.version))
            if changes is not None and self.on_corrections is not None:
                learnt = [c.id for c in changes if c.op == "correction"]
                if learnt:
                    await self.on_corrections(learnt)
            if changes is not None and any(c.op == "correction" for c in changes):
                last = changes[-1].version
                changes = [c for c in changes if c.op != "correction"]
                if not changes:  # only corrections: the router itself is current
                    self.version = last
                    return True
            if (changes is not None and len(changes) <= MAX_INCREMENTAL
                    and all(c.op in INCREMENTAL_OPS or c.op == "silence" or c.op in SIDE_OPS
                            for c in changes)
                    and self._router.pending_keys < MAX_PENDING_KEYS
                    and not self._router.worn
                    and await self._silences_in_place(changes)):
                subs = [c for c in changes if c.op in INCREMENTAL_OPS]
                if subs:
                    await self._catch_up([c.id for c in subs if c.op != "sub-"],
                                         [c.id for c in subs if c.op == "sub-"])
                side = [c for c in changes if c.op in SIDE_OPS]
                if side:
                    await self._tell(side)
                self.version = changes[-1].version if changes else version
                self.metrics.inc("router_updates_total", kind="incremental")
            else:
                await self._rebuild(version)
                await self._tell(None)
                self.metrics.inc("router_updates_total", kind="full")
                if self.on_corrections is not None:
                    await self.on_corrections(None)
        return True

    async def _tell(self, changes: Sequence[RoutingChange] | None) -> None:
        for listener in self.listeners:
            try:
                await listener(changes)
            except Exception:  # one listener's failure must not stop routing
                log.exception("a routing-log listener failed")

    async def _silences_in_place(self, changes: Sequence[RoutingChange]) -> bool:
        """Chat silences (route mutes) swapped in without a build, when they can be."""
        if not any(c.op == "silence" for c in changes):
            return True
        found = active_silences(await self.store.list_raw(K.SILENCE), self.clock())
        return self._router.replace_silences(found)

    async def _catch_up(self, changed: list[str], removed: list[str]) -> None:
        ids = list(dict.fromkeys(changed))
        subs = await self.store.get_subscriptions(ids) if ids else []
        present = {s.id for s in subs}
        self._router.remove_subscriptions([*removed, *(i for i in ids if i not in present)])
        if subs:
            self._router.add_subscriptions(subs)

    async def _rebuild(self, version: int) -> None:
        subscriptions = await self.store.list_raw(K.SUBSCRIPTION)
        silences = await self.store.list_raw(K.SILENCE)
        old = self._router
        self._router = await asyncio.to_thread(build, self.ruleset, subscriptions, silences,
                                               state=self.state, now=self.clock(),
                                               keywords=old.index)
        self.version = version
        # every call goes through self._router, on this thread: no one routes with the old one
        try:
            await asyncio.to_thread(old.dismantle, keep_index=self._router.index is old.index)
        except Exception:  # freeing the old router must never fail the routing that goes on
            log.exception("taking the replaced router apart failed; it is freed as it is")
        skipped = self._router.skipped_subscriptions
        if skipped:
            log.warning("%d subscription(s) skipped: %s", len(skipped),
                        "; ".join(f"{i}: {why}" for i, why in skipped[:5]))

    async def set_rules(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        await self.refresh(force=True)

    def route_names(self) -> set[str]:
        return {route.name for route, _, _, _ in self.ruleset.walk()}

    def route(self, facts: Facts, now: datetime) -> RoutingDecision:
        return self._router.route(facts, now)

    def looks_for(self, keyword: str) -> bool:
        return self._router.looks_for(keyword)

    def mentions_keyword(self, facts: Facts) -> bool:
        return self._router.mentions_keyword(facts)

    def fired(self, facts: Facts, now: datetime) -> tuple[str, ...]:
        """The routes and subscriptions (``sub:<id>``) that would fire for a post now."""
        return self._router.explain(facts, now).fired

    def explain(self, facts: Facts, now: datetime) -> str:
        return self._router.explain(facts, now).render()
