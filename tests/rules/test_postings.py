"""Subscription postings alone (``rules.postings``): anchor posting lists, in-place add and
remove with the side automaton, and candidate lookup."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.core.models import Subscription
from rules.conditions import Context, compile_query
from rules.explain import SubscriptionTrace, Traces
from rules.hits import Fired
from rules.keywords import KeywordIndex
from rules.postings import Postings
from tests.rules.support import T0, context, facts


def sub(sid: str, query: str, **kw: Any) -> Subscription:
    return Subscription(id=sid, workspace="slack", channel=f"C{sid}", query=query,
                        created_by="alice", created_at=T0, **kw)


def built(*subs: Subscription) -> Postings:
    p = Postings()
    for s, cq in p.parse(subs):
        p.post(s, cq)
    return p


def fire(p: Postings, ctx: Context, trace: Traces | None = None) -> list[str]:
    fired: list[Fired] = []
    p.fire(ctx, fired, trace)
    return [f.name for f in fired]


def ctx_with(p: Postings, text: str, **kw: Any) -> Context:
    keys = set(p.postings) | p.extra.keys
    for cs in p.subscriptions:
        if cs is not None:
            keys |= cs.terms
    return context(text, sorted(keys), **kw)


def test_posting_lists_are_bare_ints_until_shared() -> None:
    p = built(sub("S-1", "acme"), sub("S-2", "globex"), sub("S-3", "acme OR initech"))
    assert p.postings["globex"] == 1  # an int, not a one-element list: memory at 100k
    assert p.postings["acme"] == [0, 2]
    assert len(p) == 3


def test_anchors_not_every_term_are_posted() -> None:
    p = built(sub("S-1", "acme pricing -job"))
    assert set(p.postings) in ({"acme"}, {"pricing"})  # one anchor is enough for an AND
    assert "job" not in p.postings


def test_bad_and_anchorless_queries_are_skipped_and_reported() -> None:
    p = Postings()
    parsed = p.parse([sub("S-1", "(broken"), sub("S-2", "ok")])
    assert [s.id for s, _ in parsed] == ["S-2"]
    assert not p.post(sub("S-3", "x"), compile_query("NOT spam"))
    assert [sid for sid, _ in p.skipped] == ["S-1", "S-3"]


def test_only_candidates_run_and_costly_facts_wait_for_the_query() -> None:
    p = built(sub("S-1", "acme", sentiment_max=0.0), sub("S-2", "globex", languages=("pl",)))
    ctx = ctx_with(p, "acme is broken", compound=-0.5)
    assert fire(p, ctx) == ["sub:S-1"]
    assert ctx.facts.calls == {"language": 0, "sentiment": 1, "intent": 0}  # type: ignore


def test_fired_subscription_hit_and_mute() -> None:
    until = T0 + timedelta(hours=1)
    p = built(sub("S-1", "acme", mode="digest", digest_interval="daily", muted_until=until))
    fired: list[Fired] = []
    p.fire(ctx_with(p, "acme"), fired, None)
    f = fired[0]
    assert (f.hit.action, f.hit.digest_interval, f.hit.subscription_id) == (
        "digest", 86400.0, "S-1")
    assert (f.muted_until, f.terms, f.quiet, f.labels) == (until, {"acme"}, (), ())


def test_add_puts_only_unknown_keywords_in_the_side_automaton() -> None:
    p = built(sub("S-1", "acme"))
    known = {"acme"}
    p.add([sub("S-2", "acme OR initech")], known=known)
    assert p.extra.keys == {"initech"}
    assert len(p) == 2
    ctx = ctx_with(p, "initech news")
    assert fire(p, ctx) == ["sub:S-2"]


def test_add_replaces_and_the_next_subscription_takes_a_removed_ones_number() -> None:
    p = built(sub("S-1", "acme"), sub("S-2", "acme"))
    assert p.add([sub("S-1", "globex")], known={"acme"}) == ({"globex"}, set())  # S-2: acme
    assert p.postings["acme"] == 1  # back to a bare int
    assert p.postings["globex"] == 0  # the number its former version left
    assert fire(p, ctx_with(p, "acme")) == ["sub:S-2"]
    assert fire(p, ctx_with(p, "globex")) == ["sub:S-1"]
    assert p.remove(["S-2", "S-404"]) == {"acme"}
    assert "acme" not in p.postings and p.subscriptions[1] is None
    assert fire(p, ctx_with(p, "acme")) == []
    assert len(p) == 1
    p.add([sub("S-3", "initech")], known=set())
    assert p.postings["initech"] == 1 and len(p.subscriptions) == 2  # no slot left behind
    assert fire(p, ctx_with(p, "initech")) == ["sub:S-3"]
    assert fire(p, ctx_with(p, "globex")) == ["sub:S-1"]


def test_remove_names_the_keywords_nothing_uses_any_more() -> None:
    p = built(sub("S-1", "acme pricing -job"), sub("S-2", "job OR pricing"),
              sub("S-3", "initech -job"))
    assert p.remove(["S-2"]) == set()  # pricing and job: S-1 still needs both
    assert p.remove(["S-1"]) == {"acme", "pricing"}
    assert p.remove(["S-3"]) == {"initech", "job"}
    assert p.postings == {} and p.others == {}


def test_trace_says_why_a_candidate_did_not_fire() -> None:
    p = built(sub("S-1", "acme", languages=("pl",)), sub("S-2", "acme pricing"))
    trace: Traces = []
    fire(p, ctx_with(p, "acme", lang="en"), trace)
    assert trace == [
        SubscriptionTrace("S-1", "no match", "language: en not in ['pl']"),
        SubscriptionTrace("S-2", "no match", "query: false for this post"),
    ]


def test_no_keyword_found_means_no_candidates() -> None:
    p = built(sub("S-1", "acme", sentiment_max=0.0))
    f = facts("unrelated")
    fired: list[Fired] = []
    empty = KeywordIndex().finish()
    p.fire(Context(f, f.mention, f.folded(), frozenset(), empty, {}), fired, None)
    assert fired == [] and f.calls["sentiment"] == 0
