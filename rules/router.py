"""The compiled router: rules file + subscriptions + silences in one immutable object whose
``route(facts, now)`` decides which routes fire for a post (``bot.core.ports.Router``).

Pure: no I/O and no clock reads. The only state is the optional ``InhibitState`` (recent firings
of inhibiting routes, for ``inhibit_rules`` with ``for:``), which the caller keeps across
recompiles by passing the old router's ``state``.

How a post is routed:

1. Its text is folded once and run through the shared keyword automaton (``rules.keywords``).
2. Routes are walked in order, Alertmanager style: the first match wins unless ``continue``;
   a matching route's children are tried and the first matching child fires instead of it.
3. Unless a ``drop`` route fired, subscriptions are looked up through their anchor keywords
   (a posting list per keyword), so only subscriptions sharing a word with the post run.
4. Each hit is checked against silences, quiet hours and inhibit rules; muted hits go into
   ``suppressed`` with the reason.
"""

from __future__ import annotations

import fnmatch
import gc
import itertools
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.core.models import Mention, RouteHit, Subscription
from bot.core.ports import Facts, RoutingDecision, Suppressed
from rules.conditions import (
    CNode,
    CompiledQuery,
    Condition,
    Context,
    compile_match,
    compile_query,
    eval_node,
    match_keywords,
    passes,
    run,
)
from rules.explain import Explanation, SubscriptionTrace, Trace
from rules.keywords import KeywordIndex, key_of
from rules.loader import RuleSet, Settings
from rules.schema import InhibitRule, Silence
from rules.timeintervals import CompiledTimeInterval, compile_time_interval

log = logging.getLogger(__name__)

EMPTY = RoutingDecision()
_NO: frozenset[str] = frozenset()
Traces = list[Trace | SubscriptionTrace]
DIGEST_SECONDS = {"hourly": 3600.0, "daily": 86400.0}
MAX_INHIBIT_KEYS = 10_000


@dataclass(slots=True)
class CompiledRoute:
    name: str
    settings: Settings
    workspace: str
    channel: str
    conditions: tuple[Condition, ...]
    terms: frozenset[str]
    cont: bool
    children: tuple[CompiledRoute, ...]
    quiet: tuple[CompiledTimeInterval, ...]


@dataclass(slots=True)
class CompiledSubscription:
    sub: Subscription
    node: CNode
    terms: frozenset[str]
    languages: frozenset[str]


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


@dataclass(slots=True)
class _Fired:
    name: str
    hit: RouteHit
    route: CompiledRoute | None = None
    sub: CompiledSubscription | None = None


def compile_router(
    ruleset: RuleSet,
    subscriptions: Sequence[Subscription] = (),
    *,
    silences: Sequence[Silence] = (),
    state: InhibitState | None = None,
) -> CompiledRouter:
    # Compiling allocates ~100k small objects at 100k subscriptions; the cyclic GC would scan
    # the whole heap many times over meanwhile (it was half the rebuild time), and none of
    # these objects form cycles, so collection waits until the build is done.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return CompiledRouter(ruleset, subscriptions, silences=silences, state=state)
    finally:
        if enabled:
            gc.enable()


class CompiledRouter:
    """Satisfies ``bot.core.ports.Router``. Immutable once built (except the inhibit state)."""

    def __init__(
        self,
        ruleset: RuleSet,
        subscriptions: Sequence[Subscription] = (),
        *,
        silences: Sequence[Silence] = (),
        state: InhibitState | None = None,
    ) -> None:
        rules = ruleset.rules
        self.ruleset = ruleset
        self.state = state if state is not None else InhibitState()
        self.skipped_subscriptions: list[tuple[str, str]] = []
        all_silences = (*rules.silences, *silences)
        parsed: list[tuple[Subscription, CompiledQuery]] = []
        for sub in subscriptions:
            try:
                parsed.append((sub, compile_query(sub.query)))
            except ValueError as exc:  # stored before a validator existed: skip, do not crash
                log.warning("subscription %s skipped: bad query %r: %s", sub.id, sub.query, exc)
                self.skipped_subscriptions.append((sub.id, str(exc)))

        def keywords() -> Iterable[str]:
            for words in rules.brands.values():
                yield from words
            for route, _, _, _ in ruleset.walk():
                yield from match_keywords(route.match)
            for s in all_silences:
                yield from match_keywords(s.match)

        index = KeywordIndex(key_of(k) for k in keywords())
        for _, cq in parsed:
            index.add_keys(cq.keys)
        self.index = index.finish()
        self.brand_ids = {
            name: frozenset(key_of(w) for w in words) for name, words in rules.brands.items()
        }
        self.intervals = {t.name: compile_time_interval(t) for t in rules.time_intervals}
        self.routes = tuple(self._compile_route(r, Settings()) for r in rules.routes)
        self.silences = tuple(
            CompiledSilence(s, tuple(compile_match(s.match, index, self.brand_ids)))
            for s in all_silences
        )
        self.inhibit_rules: tuple[InhibitRule, ...] = rules.inhibit_rules
        # removed subscriptions leave None behind until the next full build
        self.subscriptions: list[CompiledSubscription | None] = []
        self.by_id: dict[str, int] = {}
        # keyword -> subscription number(s); most keywords belong to one subscription, and a
        # bare int instead of a one-element list saves ~9 MB at 100,000 subscriptions
        self.postings: dict[str, int | list[int]] = {}
        # keys of subscriptions added since the build, found by a small second automaton
        self.extra = KeywordIndex().finish()
        for sub, cq in parsed:
            self._post(sub, cq)

    def _post(self, sub: Subscription, cq: CompiledQuery) -> bool:
        if cq.anchors is None:
            self.skipped_subscriptions.append((sub.id, "no keyword that must appear"))
            return False
        n = len(self.subscriptions)
        languages = frozenset(lang.lower() for lang in sub.languages) if sub.languages else _NO
        self.subscriptions.append(CompiledSubscription(sub, cq.node, cq.positive, languages))
        self.by_id[sub.id] = n
        postings = self.postings
        for key in cq.anchors:
            posting = postings.get(key)
            if posting is None:
                postings[key] = n
            elif isinstance(posting, int):
                postings[key] = [posting, n]
            else:
                posting.append(n)
        return True

    # --- incremental changes (one subscribe costs its own keys, not a rebuild) ------------------

    def add_subscriptions(self, subscriptions: Sequence[Subscription]) -> None:
        """Add (or replace) subscriptions in place. Their keywords that the main automaton
        lacks go to the small ``extra`` one, rebuilt here; the caller rebuilds everything when
        ``pending_keys`` grows large."""
        self.remove_subscriptions([s.id for s in subscriptions])
        new_keys: set[str] = set()
        for sub in subscriptions:
            try:
                cq = compile_query(sub.query)
            except ValueError as exc:
                log.warning("subscription %s skipped: bad query %r: %s", sub.id, sub.query, exc)
                self.skipped_subscriptions.append((sub.id, str(exc)))
                continue
            if self._post(sub, cq):
                new_keys |= {k for k in cq.keys if k not in self.index.keys}
        if new_keys - self.extra.keys:
            self.extra = KeywordIndex(self.extra.keys | new_keys).finish()

    def remove_subscriptions(self, ids: Iterable[str]) -> None:
        for sub_id in ids:
            n = self.by_id.pop(sub_id, None)
            if n is not None:
                self.subscriptions[n] = None

    def replace_silences(self, silences: Sequence[Silence]) -> bool:
        """Swap the chat silences in place when their keywords are known to the automaton
        (route mutes from chat name routes, not words); False when a full build is needed."""
        words = {key_of(w) for s in silences for w in match_keywords(s.match)}
        if not words <= self.index.keys:
            return False
        self.silences = tuple(
            CompiledSilence(s, tuple(compile_match(s.match, self.index, self.brand_ids)))
            for s in (*self.ruleset.rules.silences, *silences))
        return True

    @property
    def pending_keys(self) -> int:
        return len(self.extra)

    @property
    def subscription_count(self) -> int:
        return len(self.by_id)

    def _compile_route(self, route: object, parent: Settings) -> CompiledRoute:
        from rules.schema import Route

        assert isinstance(route, Route)
        s = parent.child(route)
        target = self.ruleset.channels.get(s.channel) if s.channel else None
        words = set(match_keywords(route.match))
        for brand in route.match.brand:
            words.update(self.ruleset.rules.brands.get(brand, ()))
        return CompiledRoute(
            name=route.name,
            settings=s,
            workspace=target.workspace if target else "",
            channel=target.id if target else "",
            conditions=tuple(compile_match(route.match, self.index, self.brand_ids)),
            terms=frozenset(key_of(w) for w in words),
            cont=route.continue_,
            children=tuple(self._compile_route(c, s) for c in route.routes),
            quiet=tuple(self.intervals[q] for q in s.quiet_hours),
        )

    # --- routing -------------------------------------------------------------------------------

    def route(self, facts: Facts, now: datetime) -> RoutingDecision:
        return self._decide(facts, now, None)

    def explain(self, facts: Facts, now: datetime) -> Explanation:
        traces: Traces = []
        decision = self._decide(facts, now, traces)
        ctx = self._context(facts)
        subs = [t for t in traces if isinstance(t, SubscriptionTrace)]
        return Explanation(
            mention=facts.mention,
            keywords_found=tuple(ctx.names(ctx.found)),
            brands=ctx.brands(),
            routes=tuple(t for t in traces if isinstance(t, Trace)),
            subscriptions=tuple(subs),
            subscriptions_total=self.subscription_count,
            decision=decision,
        )

    def _context(self, facts: Facts) -> Context:
        mention = facts.mention
        folded = facts.folded()
        found = self.index.find(folded)
        if self.extra.keys:
            found |= self.extra.find(folded)
        return Context(facts, mention, folded, found, self.index, self.brand_ids)

    def _decide(self, facts: Facts, now: datetime, trace: Traces | None) -> RoutingDecision:
        ctx = self._context(facts)
        fired: list[_Fired] = []
        self._walk(self.routes, ctx, fired, trace, 0, blocked=None)
        dropped = any(f.hit.action == "drop" for f in fired)
        if ctx.found and not dropped:
            self._subscriptions(ctx, now, fired, trace)
        elif trace is not None and dropped:
            trace.append(SubscriptionTrace("*", "not checked", "a drop route fired"))
        if not fired:
            return EMPTY
        return self._finish(ctx, now, fired, trace)

    def _walk(
        self,
        routes: tuple[CompiledRoute, ...],
        ctx: Context,
        fired: list[_Fired],
        trace: Traces | None,
        depth: int,
        *,
        blocked: str | None,
    ) -> bool:
        matched_any = False
        for r in routes:
            if blocked is not None:
                if trace is None:
                    return matched_any
                ok, reasons, failure = run(r.conditions, ctx)
                would = "would match" if ok else f"would fail at {failure}"
                trace.append(
                    Trace(r.name, depth, "not reached", f"{blocked} matched first ({would})")
                )
                continue
            if trace is None:
                if not passes(r.conditions, ctx):
                    continue
                ok, reasons, failure = run(r.conditions, ctx)  # the reasons for the hit
            else:
                ok, reasons, failure = run(r.conditions, ctx)
                if not ok:
                    trace.append(Trace(r.name, depth, "no match", failure or ""))
                    continue
            matched_any = True
            at = len(trace) if trace is not None else 0
            if trace is not None:
                trace.append(Trace(r.name, depth, "matched", "; ".join(reasons)))
            child = bool(r.children) and self._walk(
                r.children, ctx, fired, trace, depth + 1, blocked=None
            )
            if not child:
                fired.append(_Fired(r.name, self._hit(r, ctx, reasons), r))
                if trace is not None:
                    trace[at] = Trace(r.name, depth, "fired", "; ".join(reasons))
            elif trace is not None:
                trace[at] = Trace(r.name, depth, "matched", "; ".join(reasons) + " (a child fired)")
            if not r.cont:
                blocked = r.name
        return matched_any

    def _hit(self, r: CompiledRoute, ctx: Context, reasons: list[str]) -> RouteHit:
        s = r.settings
        return RouteHit(
            route=r.name,
            action=s.action,
            workspace=r.workspace,
            channel=r.channel,
            reasons=tuple(reasons) or ("matches everything",),
            mention_users=s.mention_users,
            mention_groups=s.mention_groups,
            sla_minutes=round(s.sla / 60) if s.sla is not None else None,
            escalation=s.escalation,
            group_key=self._group_key(s, r.name, ctx),
            group_wait=s.group_wait,
            cooldown=s.cooldown,
            digest_interval=s.interval if s.action == "digest" else None,
        )

    def _group_key(self, s: Settings, name: str, ctx: Context) -> str | None:
        if not s.group_by:
            return None
        labels = dict(s.labels)
        return "|".join(f"{g}={'+'.join(_label(g, name, ctx, labels)) or '-'}" for g in s.group_by)

    def _subscriptions(
        self, ctx: Context, now: datetime, fired: list[_Fired], trace: Traces | None
    ) -> None:
        candidates: set[int] = set()
        postings = self.postings
        for kid in ctx.found:
            posting = postings.get(kid)
            if isinstance(posting, int):
                candidates.add(posting)
            elif posting:
                candidates.update(posting)
        for n in sorted(candidates):
            cs = self.subscriptions[n]
            if cs is None:
                continue
            ok, reasons, failure = self._sub_matches(cs, ctx, now)
            if trace is not None:
                trace.append(
                    SubscriptionTrace(
                        cs.sub.id,
                        "fired" if ok else "no match",
                        "; ".join(reasons) if ok else failure or "",
                    )
                )
            if ok:
                sub = cs.sub
                digest = sub.mode == "digest"
                hit = RouteHit(
                    route=f"sub:{sub.id}",
                    action="digest" if digest else "alert",
                    workspace=sub.workspace,
                    channel=sub.channel,
                    reasons=tuple(reasons),
                    subscription_id=sub.id,
                    digest_interval=DIGEST_SECONDS[sub.digest_interval or "hourly"]
                    if digest
                    else None,
                )
                fired.append(_Fired(hit.route, hit, sub=cs))

    def _sub_matches(
        self, cs: CompiledSubscription, ctx: Context, now: datetime
    ) -> tuple[bool, list[str], str | None]:
        if not eval_node(cs.node, ctx.found):
            return False, [], "query: false for this post"
        reasons = [f"subscription {cs.sub.query!r} ({', '.join(ctx.names(cs.terms & ctx.found))})"]
        if cs.languages:
            lang = ctx.language()
            if lang not in cs.languages:
                return (
                    False,
                    reasons,
                    f"language: {lang or 'unknown'} not in {sorted(cs.languages)}",
                )
            reasons.append(f"language {lang}")
        lo, hi = cs.sub.sentiment_min, cs.sub.sentiment_max
        if lo is not None or hi is not None:
            value = ctx.sentiment().compound
            if value is None or (lo is not None and value < lo) or (hi is not None and value > hi):
                shown = "unknown" if value is None else f"{value:+.2f}"
                return False, reasons, f"sentiment: {shown} outside the subscription's bounds"
            reasons.append(f"sentiment {value:+.2f}")
        return True, reasons, None

    # --- silences, quiet hours, inhibition -----------------------------------------------------

    def _finish(
        self, ctx: Context, now: datetime, fired: list[_Fired], trace: Traces | None
    ) -> RoutingDecision:
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
        words: set[str] = set()
        for f in fired:
            if f.route is not None:
                words |= f.route.terms & ctx.found
            elif f.sub is not None:
                words |= f.sub.terms & ctx.found
        return RoutingDecision(
            hits=tuple(hits), keywords=tuple(ctx.names(words)), suppressed=tuple(suppressed)
        )

    def _muted(
        self,
        f: _Fired,
        ctx: Context,
        now: datetime,
        inhibitors: list[tuple[int, str, frozenset[tuple[str, ...]]]],
    ) -> str | None:
        for cs in self.silences:
            s = cs.silence
            if s.active(now) and _glob_any(f.name, s.routes) and passes(cs.conditions, ctx):
                return f"silenced by {s.id} ({s.who}: {s.why}) until {s.until:%Y-%m-%d %H:%M %Z}"
        if f.route is not None:
            for q in f.route.quiet:
                if q.contains(now):
                    return f"quiet hours ({q.name})"
        elif f.sub is not None:
            sub = f.sub.sub
            if sub.muted_until is not None and now < sub.muted_until:
                return f"subscription muted until {sub.muted_until:%Y-%m-%d %H:%M %Z}"
        labels = dict(f.route.settings.labels) if f.route is not None else {}
        for i, source, keys in inhibitors:
            rule = self.inhibit_rules[i]
            if _glob_any(f.name, rule.source) or not _glob_any(f.name, rule.target):
                continue
            mine = _keys(rule.equal, f.name, ctx, labels)
            if mine & keys:
                shown = ", ".join(
                    f"{k}={v}" for k, v in zip(rule.equal, next(iter(mine & keys)), strict=True)
                )
                return f"inhibited by {source}" + (f" ({shown})" if shown else "")
        return None

    def _inhibitors(
        self, ctx: Context, now: datetime, fired: list[_Fired], *, record: bool
    ) -> list[tuple[int, str, frozenset[tuple[str, ...]]]]:
        """For each inhibit rule: the label keys currently inhibiting, from this post's source
        hits and (with ``for:``) from recent ones."""
        out: list[tuple[int, str, frozenset[tuple[str, ...]]]] = []
        for i, rule in enumerate(self.inhibit_rules):
            for f in fired:
                if _glob_any(f.name, rule.source):
                    labels = dict(f.route.settings.labels) if f.route is not None else {}
                    keys = _keys(rule.equal, f.name, ctx, labels)
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


def _label(name: str, route: str, ctx: Context, labels: Mapping[str, str]) -> tuple[str, ...]:
    m: Mention = ctx.mention
    if name == "brand":
        return ctx.brands()
    if name == "author":
        return (m.customer_key,)
    if name == "network":
        return (m.network,)
    if name == "source":
        return (m.source,)
    if name == "conversation":
        return (m.conversation_key,)
    if name == "language":
        return (ctx.language() or "",)
    if name == "route":
        return (route,)
    value = labels.get(name.removeprefix("label:"))
    return (value,) if value is not None else ()


def _keys(
    equal: tuple[str, ...], route: str, ctx: Context, labels: Mapping[str, str]
) -> frozenset[tuple[str, ...]]:
    values = [_label(e, route, ctx, labels) or ("",) for e in equal]
    return frozenset(itertools.product(*values))


def _glob_any(name: str, patterns: Iterable[str]) -> bool:
    return any(p == name or fnmatch.fnmatchcase(name, p) for p in patterns)
