"""The route tree: the rules file's routes compiled once, and the Alertmanager walk that
decides which of them fire for a post.

Routes are tried in order and the first match wins unless it has ``continue``; a matching
route's children are tried the same way, and the first matching child fires instead of its
parent (a parent fires itself only when no child matched). Children inherit every setting they
do not set (``rules.loader.Settings``). Routes below one that matched without ``continue`` are
"not reached"; ``explain`` still says whether they would have matched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.models import RouteHit
from rules.conditions import Condition, Context, compile_match, match_keywords, passes, run
from rules.explain import Trace, Traces
from rules.hits import Fired, label_values
from rules.keywords import KeywordIndex, key_of
from rules.loader import RuleSet, Settings
from rules.schema import Route
from rules.timeintervals import CompiledTimeInterval


@dataclass(slots=True)
class CompiledRoute:
    name: str
    settings: Settings  # effective: its own, else inherited
    workspace: str
    channel: str
    conditions: tuple[Condition, ...]  # cheapest first
    terms: frozenset[str]  # its keywords and its brands' (for the decision's keywords)
    cont: bool
    children: tuple[CompiledRoute, ...]
    quiet: tuple[CompiledTimeInterval, ...]


def compile_routes(
    ruleset: RuleSet,
    *,
    index: KeywordIndex,
    brand_ids: dict[str, frozenset[str]],
    intervals: Mapping[str, CompiledTimeInterval],
) -> tuple[CompiledRoute, ...]:
    """The top-level routes with their children; ``index`` must hold every route keyword."""

    def compile_one(route: Route, parent: Settings) -> CompiledRoute:
        s = parent.child(route)
        target = ruleset.channels.get(s.channel) if s.channel else None
        words = set(match_keywords(route.match))
        for brand in route.match.brand:
            words.update(ruleset.rules.brands.get(brand, ()))
        return CompiledRoute(
            name=route.name,
            settings=s,
            workspace=target.workspace if target else "",
            channel=target.id if target else "",
            conditions=tuple(compile_match(route.match, index, brand_ids)),
            terms=frozenset(key_of(w) for w in words),
            cont=route.continue_,
            children=tuple(compile_one(c, s) for c in route.routes),
            quiet=tuple(intervals[q] for q in s.quiet_hours),
        )

    return tuple(compile_one(r, Settings()) for r in ruleset.rules.routes)


def walk(
    routes: tuple[CompiledRoute, ...],
    ctx: Context,
    *,
    fired: list[Fired],
    trace: Traces | None,
    depth: int = 0,
    blocked: str | None = None,
) -> bool:
    """Append the routes that fire to ``fired`` (and, for ``explain``, every route's fate to
    ``trace``); True when any route at this level matched."""
    matched_any = False
    for r in routes:
        if blocked is not None:
            if trace is None:
                return matched_any
            ok, reasons, failure = run(r.conditions, ctx)
            would = "would match" if ok else f"would fail at {failure}"
            trace.append(Trace(r.name, depth, "not reached", f"{blocked} matched first ({would})"))
            continue
        if trace is None:
            # the bool-only check first: most routes fail, and failing builds no strings
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
        child = bool(r.children) and walk(
            r.children, ctx, fired=fired, trace=trace, depth=depth + 1
        )
        if not child:
            s = r.settings
            fired.append(Fired(r.name, _hit(r, ctx, reasons), r.terms, s.labels, r.quiet))
            if trace is not None:
                trace[at] = Trace(r.name, depth, "fired", "; ".join(reasons))
        elif trace is not None:
            trace[at] = Trace(r.name, depth, "matched", "; ".join(reasons) + " (a child fired)")
        if not r.cont:
            blocked = r.name
    return matched_any


def _hit(r: CompiledRoute, ctx: Context, reasons: list[str]) -> RouteHit:
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
        priority=s.priority,
        tags=s.tags,
        group_key=group_key(s, r.name, ctx),
        group_wait=s.group_wait,
        cooldown=s.cooldown,
        digest_interval=s.interval if s.action == "digest" else None,
    )


def group_key(s: Settings, name: str, ctx: Context) -> str | None:
    """``brand=acme|network=x``: hits with the same key are grouped into one card."""
    if not s.group_by:
        return None
    labels = dict(s.labels)
    return "|".join(
        f"{g}={'+'.join(label_values(g, name, ctx, labels)) or '-'}" for g in s.group_by
    )
