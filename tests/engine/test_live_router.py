"""The live router's full build, on both real stores: it keeps the automaton when it can, takes
the router it replaces apart off the event loop, and leaves the collector as it found it with
the new router out of its sight (``bot.core.collector``)."""

from __future__ import annotations

import gc
from datetime import UTC, datetime

import pytest

from bot.core import collector
from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.models import Subscription
from bot.core.ports import Store
from bot.engine.router import LiveRouter
from rules import RuleSet, parse_rules
from tests.conftest import FakeClock
from tests.rules.support import CHANNELS, ESCALATIONS, facts

RULES = """
brands:
  acme: [acme]
routes:
  - name: outage
    match: {brand: [acme], any: [outage]}
    channel: crisis
"""


def ruleset(text: str = RULES) -> RuleSet:
    return parse_rules(text, file="rules.yaml", channels=CHANNELS, escalations=ESCALATIONS)


def sub(n: int, query: str) -> Subscription:
    return Subscription(id=f"S-{n}", workspace="console", channel=f"C{n}", query=query,
                        created_by="alice", created_at=datetime(2026, 11, 23, tzinfo=UTC))


async def seed(store: Store, subs: list[Subscription]) -> None:
    fx = Effects()
    for s in subs:
        fx.create(s)
    fx.routing_change("*", "seed")
    assert await store.apply(fx)


def routes(router: LiveRouter, text: str, clock: FakeClock) -> list[str]:
    return sorted(h.route for h in router.route(facts(text), clock()).hits)


async def test_a_rules_reload_keeps_the_automaton_and_takes_the_old_router_apart(
        store: Store, clock: FakeClock) -> None:
    await seed(store, [sub(i, w) for i, w in enumerate(["alpha", "bravo", "charlie"])])
    router = LiveRouter(store, ruleset(), clock=clock)
    await router.refresh()
    first = router.compiled
    assert first.subscription_count == 3
    assert routes(router, "acme outage alpha", clock) == ["outage", "sub:S-0"]

    # the same keywords: one automaton for both, and the old router emptied
    await router.set_rules(ruleset(RULES.replace("crisis", "support")))
    assert router.compiled.index is first.index
    assert first.subscription_count == 0
    assert routes(router, "acme outage alpha", clock) == ["outage", "sub:S-0"]

    # a new keyword in the rules, one fewer among the subscriptions
    fx = Effects()
    fx.delete(K.SUBSCRIPTION, "S-2")
    fx.routing_change("sub-", "S-2")
    assert await store.apply(fx)
    second = router.compiled
    await router.set_rules(ruleset(RULES.replace("[outage]", "[outage, down]")))
    assert router.compiled.index is first.index  # held by both: kept whole
    assert len(second.index) == len(first.index)
    assert routes(router, "acme is down", clock) == ["outage"]
    assert routes(router, "charlie", clock) == []
    assert not router.mentions_keyword(facts("charlie"))


async def test_a_full_build_leaves_the_collector_on_and_the_router_frozen(
        store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    await seed(store, [sub(i, f"word{i}") for i in range(50)])
    router = LiveRouter(store, ruleset(), clock=clock)
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    await router.refresh(force=True)
    assert gc.get_freeze_count() == frozen  # a process that froze nothing at start-up
    monkeypatch.setattr(collector, "freezing", True)  # as after freeze_startup
    await router.refresh(force=True)
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen  # the new router is out of the collector's sight
    assert routes(router, "word7", clock) == ["sub:S-7"]
    gc.disable()
    try:
        await router.refresh(force=True)
        assert not gc.isenabled()  # paused by someone else: left paused
    finally:
        gc.enable()


async def test_an_unsubscribe_from_another_process_leaves_no_keyword_found(
        store: Store, clock: FakeClock) -> None:
    """Another process unsubscribes (the store and its routing log are all this router sees):
    caught up in place, the subscription's words are found no more, neither in ``explain``
    nor in the pre-screen that sends posts to the model endpoint."""
    await seed(store, [sub(0, "zebra"), sub(1, "acme AND NOT walrus")])
    router = LiveRouter(store, ruleset(), clock=clock)
    await router.refresh()
    fx = Effects()
    fx.create(sub(2, "walrus OR okapi"))  # a subscribe made after the build: the side automaton
    fx.routing_change("sub+", "S-2")
    assert await store.apply(fx)
    await router.refresh()
    assert routes(router, "zebra okapi", clock) == ["sub:S-0", "sub:S-2"]
    for sid in ("S-0", "S-2"):
        fx = Effects()
        fx.delete(K.SUBSCRIPTION, sid)
        fx.routing_change("sub-", sid)
        assert await store.apply(fx)
    await router.refresh()
    assert router.metrics.value("router_updates_total", kind="full") == 1  # the first build
    assert routes(router, "zebra okapi", clock) == []
    assert not router.mentions_keyword(facts("a zebra and an okapi"))
    assert "keywords found: none" in router.explain(facts("a zebra and an okapi"), clock())
    # walrus stays: S-1 asks for it, and a walrus still keeps S-1 quiet
    assert "keywords found: walrus" in router.explain(facts("walrus"), clock())
    assert routes(router, "acme walrus", clock) == []
    assert routes(router, "acme", clock) == ["sub:S-1"]


async def test_subscribing_and_unsubscribing_for_ever_keeps_the_index_its_size(
        store: Store, clock: FakeClock) -> None:
    """A channel swaps its query every day (subscribe the new, unsubscribe the old), caught up
    in place by the live router, which never builds afresh for it: each removal left its
    subscription's slot behind (``None``, 8 bytes) until a full build, so the index grew
    by one slot a swap for ever. A removed subscription's number is taken by the next one;
    the subscriptions still route as before."""
    await seed(store, [sub(0, "zebra"), sub(1, "okapi")])
    router = LiveRouter(store, ruleset(), clock=clock)
    await router.refresh()
    slots = len(router.compiled.postings.subscriptions)
    for n in range(2, 52):
        fx = Effects()
        fx.create(sub(n, "walrus"))
        fx.routing_change("sub+", f"S-{n}")
        if n > 2:
            fx.delete(K.SUBSCRIPTION, f"S-{n - 1}")
            fx.routing_change("sub-", f"S-{n - 1}")
        assert await store.apply(fx)
        await router.refresh()
        assert routes(router, "zebra okapi walrus", clock) == ["sub:S-0", "sub:S-1",
                                                               f"sub:S-{n}"]
    assert router.metrics.value("router_updates_total", kind="full") == 1  # the first build
    assert router.compiled.subscription_count == 3
    assert len(router.compiled.postings.subscriptions) <= slots + 2
