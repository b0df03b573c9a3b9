"""The live router: the rules file plus chat subscriptions and silences, compiled into one
immutable router that is swapped when either changes."""

from __future__ import annotations

import json
import logging
from datetime import datetime

from bot.core.ports import Clock, Facts, RoutingDecision, Store
from rules import InhibitState, RuleSet, Silence, compile_router

log = logging.getLogger(__name__)
SILENCES_KEY = "_silences"


class RouterHolder:
    """The live router: rules file + chat subscriptions, recompiled when either changes.
    Reads are swaps of an immutable compiled router, so in-flight work is never lost; the
    inhibit state (which crisis is active) carries over a recompile."""

    def __init__(self, store: Store, ruleset: RuleSet, *, clock: Clock) -> None:
        self.store = store
        self.ruleset = ruleset
        self.clock = clock
        self.state = InhibitState()
        self._router = compile_router(ruleset, state=self.state)

    async def rebuild(self) -> None:
        subs = await self.store.list_subscriptions()
        self._router = compile_router(self.ruleset, subs, silences=await self._silences(),
                                      state=self.state)

    # Silences made from chat (`mute <route> 2h why`) live in the store beside the cursors, so
    # they survive restarts; each process picks them up on its next rebuild.
    async def _silences(self) -> list[Silence]:
        raw = await self.store.get_cursor(SILENCES_KEY)
        if not raw:
            return []
        try:
            found = [Silence.model_validate(s) for s in json.loads(raw)]
        except ValueError as exc:
            log.warning("stored silences unreadable (%s); ignoring them", exc)
            return []
        now = self.clock()
        return [s for s in found if s.until > now]

    def route_names(self) -> set[str]:
        return {route.name for route, _, _, _ in self.ruleset.walk()}

    async def mute_route(self, route: str, *, who: str, until: datetime, why: str) -> str:
        """Silence one route until ``until``; returns the silence id."""
        current = await self._silences()
        silence = Silence(id=f"chat-{route}-{int(until.timestamp())}", routes=(route,),
                          who=who, why=why or "muted from chat", starts=self.clock(),
                          until=until)
        kept = [s for s in current if s.id != silence.id]
        await self.store.set_cursor(SILENCES_KEY, json.dumps(
            [s.model_dump(mode="json") for s in (*kept, silence)]))
        await self.rebuild()
        return silence.id

    async def set_rules(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        await self.rebuild()

    def route(self, facts: Facts, now: datetime) -> RoutingDecision:
        return self._router.route(facts, now)

    def explain(self, facts: Facts, now: datetime) -> str:
        return self._router.explain(facts, now).render()
