"""The mute stage: which of the routes and subscriptions that fired for a post are delivered,
and why the others are not. In order, as Alertmanager applies them:

1. silences (from the rules file and from chat), by route name or glob and an optional match;
2. quiet hours of a route (its ``time_intervals``) and the mute of a chat subscription;
3. inhibit rules: while a ``source`` route fires (in this post, or within ``for:`` before it),
   ``target`` hits that agree on every ``equal`` label are suppressed.

A muted hit is reported in ``suppressed`` with its reason. The only state is ``InhibitState``
(when each inhibiting key last fired), which the caller carries across rebuilds.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.core.models import RouteHit
from bot.core.ports import Suppressed
from rules.conditions import Condition, Context, compile_match, match_keywords, passes
from rules.explain import Traces
from rules.hits import Fired, label_keys
from rules.keywords import KeywordIndex, key_of
from rules.schema import InhibitRule, Silence

MAX_INHIBIT_KEYS = 10_000

# (inhibit rule number, what inhibits, the label keys it inhibits)
Inhibitor = tuple[int, str, frozenset[tuple[str, ...]]]


@dataclass(slots=True)
class CompiledSilence:
    silence: Silence
    conditions: tuple[Condition, ...]


@dataclass
class InhibitState:
    """When each inhibiting key last fired: ``(rule index, label values) -> instant``."""

    last: dict[tuple[int, tuple[str, ...]], datetime] = field(default_factory=dict)

    def record(self, key: tuple[int, tuple[str, ...]], now: datetime) -> None:
        self.last[key] = now
        if len(self.last) > MAX_INHIBIT_KEYS:  # keep memory bounded under a storm of brands
            for old in sorted(self.last, key=self.last.__getitem__)[: MAX_INHIBIT_KEYS // 2]:
                del self.last[old]


def compile_silences(
    silences: Iterable[Silence], index: KeywordIndex, brand_ids: dict[str, frozenset[str]]
) -> tuple[CompiledSilence, ...]:
    """``index`` must hold every keyword of the silences' matches."""
    return tuple(
        CompiledSilence(s, tuple(compile_match(s.match, index, brand_ids))) for s in silences
    )


class MuteStage:
    def __init__(
        self,
        silences: tuple[CompiledSilence, ...],
        inhibit_rules: tuple[InhibitRule, ...],
        state: InhibitState,
    ) -> None:
        self.silences = silences
        self.inhibit_rules = inhibit_rules
        self.state = state

    def replace_silences(
        self,
        silences: Sequence[Silence],
        *,
        index: KeywordIndex,
        brand_ids: dict[str, frozenset[str]],
        found: AbstractSet[str],
    ) -> bool:
        """Swap the silences in place when the router finds all their keywords (``found``:
        route mutes from chat name routes, not words); False when a full build is needed."""
        words = {key_of(w) for s in silences for w in match_keywords(s.match)}
        if not words <= found:
            return False
        self.silences = compile_silences(silences, index, brand_ids)
        return True

    def apply(
        self, ctx: Context, now: datetime, fired: list[Fired], trace: Traces | None
    ) -> tuple[list[RouteHit], list[Suppressed]]:
        """Split ``fired`` into delivered hits and suppressed ones. Routing (not ``explain``,
        which passes a trace) records inhibiting hits for later posts."""
        inhibitors = self._inhibitors(ctx, now, fired, record=trace is None)
        hits: list[RouteHit] = []
        suppressed: list[Suppressed] = []
        for f in fired:
            reason = self._muted(f, ctx, now, inhibitors)
            if reason is None:
                hits.append(f.hit)
            else:
                suppressed.append(Suppressed(route=f.name, reason=reason))
                if trace is not None:
                    for i, t in enumerate(trace):
                        if t.name == f.name and t.status == "fired":
                            trace[i] = replace(t, status="suppressed", detail=reason)
        return hits, suppressed

    def _muted(
        self, f: Fired, ctx: Context, now: datetime, inhibitors: list[Inhibitor]
    ) -> str | None:
        for cs in self.silences:
            s = cs.silence
            if s.active(now) and glob_any(f.name, s.routes) and passes(cs.conditions, ctx):
                return f"silenced by {s.id} ({s.who}: {s.why}) until {s.until:%Y-%m-%d %H:%M %Z}"
        for q in f.quiet:
            if q.contains(now):
                return f"quiet hours ({q.name})"
        if f.muted_until is not None and now < f.muted_until:
            return f"subscription muted until {f.muted_until:%Y-%m-%d %H:%M %Z}"
        labels = dict(f.labels)
        for i, source, keys in inhibitors:
            rule = self.inhibit_rules[i]
            if glob_any(f.name, rule.source) or not glob_any(f.name, rule.target):
                continue
            mine = label_keys(rule.equal, f.name, ctx, labels)
            if mine & keys:
                shown = ", ".join(
                    f"{k}={v}" for k, v in zip(rule.equal, next(iter(mine & keys)), strict=True)
                )
                return f"inhibited by {source}" + (f" ({shown})" if shown else "")
        return None

    def _inhibitors(
        self, ctx: Context, now: datetime, fired: list[Fired], *, record: bool
    ) -> list[Inhibitor]:
        """For each inhibit rule: the label keys currently inhibiting, from this post's source
        hits and (with ``for:``) from recent ones."""
        out: list[Inhibitor] = []
        for i, rule in enumerate(self.inhibit_rules):
            for f in fired:
                if glob_any(f.name, rule.source):
                    keys = label_keys(rule.equal, f.name, ctx, dict(f.labels))
                    out.append((i, f.name, keys))
                    if rule.for_ > 0 and record:
                        for key in keys:
                            self.state.record((i, key), now)
            if rule.for_ > 0:
                recent = frozenset(
                    key
                    for (j, key), at in self.state.last.items()
                    if j == i and 0 <= (now - at).total_seconds() < rule.for_
                )
                if recent:
                    out.append((i, "an earlier " + "/".join(rule.source), recent))
        return out


def glob_any(name: str, patterns: Iterable[str]) -> bool:
    return any(p == name or fnmatch.fnmatchcase(name, p) for p in patterns)
