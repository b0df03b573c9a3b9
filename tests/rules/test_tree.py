"""The route tree alone (``rules.tree``): compiled routes and the first-match / continue /
children walk, without subscriptions or the mute stage."""

from __future__ import annotations

from typing import Any

from rules.conditions import match_keywords
from rules.explain import Trace, Traces
from rules.hits import Fired
from rules.keywords import KeywordIndex, key_of
from rules.loader import RuleSet
from rules.timeintervals import compile_time_interval
from rules.tree import CompiledRoute, compile_routes, walk
from tests.rules.support import context, rules

TREE = """
brands:
  acme: [acme, acme cloud]
time_intervals:
  - name: night
    intervals: [{times: [{start: "00:00", end: "06:00"}]}]
routes:
  - name: first
    match: {any: [outage]}
    channel: crisis
    continue: true
    labels: {team: ops}
    quiet_hours: [night]
  - name: parent
    match: {brand: [acme]}
    channel: support
    group_by: [brand, label:team]
    labels: {team: care}
    routes:
      - name: child
        match: {any: [refund]}
        channel: sales
  - name: last
    match: {any: [acme]}
    channel: digest
"""


def compiled(text: str = TREE) -> tuple[RuleSet, tuple[CompiledRoute, ...]]:
    ruleset = rules(text)
    words = [w for ws in ruleset.rules.brands.values() for w in ws]
    words += [k for route, _, _, _ in ruleset.walk() for k in match_keywords(route.match)]
    index = KeywordIndex(key_of(w) for w in words).finish()
    brand_ids = {n: frozenset(key_of(w) for w in ws) for n, ws in ruleset.rules.brands.items()}
    intervals = {t.name: compile_time_interval(t) for t in ruleset.rules.time_intervals}
    return ruleset, compile_routes(ruleset, index=index, brand_ids=brand_ids,
                                   intervals=intervals)


def fire(text: str, trace: Traces | None = None, **kw: Any) -> list[Fired]:
    _, routes = compiled()
    fired: list[Fired] = []
    ctx = context(text, ["outage", "refund", "acme"], brands={"acme": ["acme", "acme cloud"]},
                  **kw)
    walk(routes, ctx, fired=fired, trace=trace)
    return fired


def test_compiled_routes_resolve_targets_inherit_settings_and_know_their_words() -> None:
    _, routes = compiled()
    first, parent, _ = routes
    assert (first.workspace, first.channel, first.cont) == ("console", "C-crisis", True)
    assert [q.name for q in first.quiet] == ["night"]
    assert parent.terms == {"acme", "acme cloud"}  # its brand's words, for the decision
    child = parent.children[0]
    assert child.settings.group_by == ("brand", "label:team")  # inherited from the parent
    assert child.settings.labels == (("team", "care"),)
    assert child.channel == "C-sales"


def test_first_match_wins_unless_continue() -> None:
    assert [f.name for f in fire("acme outage")] == ["first", "parent"]
    assert [f.name for f in fire("just acme")] == ["parent"]  # "last" is never reached


def test_a_matching_child_fires_instead_of_its_parent() -> None:
    fired = fire("acme refund please")
    assert [f.name for f in fired] == ["child"]
    assert fired[0].hit.group_key == "brand=acme|label:team=care"


def test_fired_carries_what_the_mute_stage_reads() -> None:
    first = fire("acme outage")[0]
    assert first.labels == (("team", "ops"),)
    assert [q.name for q in first.quiet] == ["night"]
    assert first.terms == {"outage"} and first.muted_until is None
    assert first.hit.reasons == ("keyword outage",)


def test_a_routes_priority_reaches_its_hit_and_children_inherit_it() -> None:
    """``priority: p2`` on a ticket route (either case) is its hits' P2; a child without one
    takes its parent's, and one with its own keeps that."""
    _, routes = compiled("""
routes:
  - name: support
    match: {any: [acme]}
    action: ticket
    channel: support
    priority: P2
    routes:
      - {name: outage, match: {any: [outage]}, priority: p1}
      - {name: refund, match: {any: [refund]}}
  - name: other
    match: {any: [hello]}
    action: ticket
    channel: support
""")
    for text, route, priority in (("acme outage", "outage", "P1"),
                                  ("acme refund", "refund", "P2"), ("acme", "support", "P2"),
                                  ("hello", "other", None)):
        fired: list[Fired] = []
        walk(routes, context(text, ["acme", "outage", "refund", "hello"]), fired=fired,
             trace=None)
        assert [(f.name, f.hit.priority) for f in fired] == [(route, priority)], text


def test_nothing_matches() -> None:
    assert fire("unrelated") == []


def test_trace_names_each_route_fate() -> None:
    trace: Traces = []
    fire("acme refund", trace)
    assert [(t.name, t.depth, t.status) for t in trace if isinstance(t, Trace)] == [
        ("first", 0, "no match"),
        ("parent", 0, "matched"),
        ("child", 1, "fired"),
        ("last", 0, "not reached"),
    ]
    assert trace[1].detail.endswith("(a child fired)")
    assert trace[3].detail == "parent matched first (would match)"
