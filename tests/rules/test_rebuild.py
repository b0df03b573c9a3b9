"""A rebuild that keeps the automaton it replaces (``compile_router``'s ``keywords``) routes
exactly as a router built from nothing, whatever keywords came and went; and a router taken
apart (``dismantle``) leaves the one that shares its automaton whole."""

from __future__ import annotations

import random
from typing import Any

from bot.core.models import Subscription
from rules import Silence, compile_router
from rules import router as router_module
from tests.rules.support import T0, facts, rules

RULES = """
brands:
  acme: [acme]
routes:
  - name: outage
    match: {brand: [acme], any: [outage, down]}
    channel: crisis
  - name: billing
    match: {any: [invoice, refund]}
    channel: support
"""
RULES_NEW_WORD = RULES.replace("[invoice, refund]", "[invoice, refund, chargeback]")
RULES_LESS = RULES.replace("[invoice, refund]", "[invoice]")

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliet", "kilo", "lima", "mike", "november", "oscar", "papa"]


def sub(sid: str, query: str) -> Subscription:
    return Subscription(id=sid, workspace="slack-acme", channel=f"C{sid}", query=query,
                        created_by="alice", created_at=T0)


def decision(router: Any, text: str) -> tuple[Any, ...]:
    d = router.route(facts(text), T0)
    explained = router.explain(facts(text), T0)
    return (tuple(sorted(h.route for h in d.hits)), tuple(sorted(d.keywords)),
            tuple(sorted(explained.keywords_found)), router.mentions_keyword(facts(text)))


TEXTS = ["acme is down, outage again", "my invoice is wrong, refund", "chargeback filed",
         "alpha and bravo", "charlie delta echo", "nothing to see", "golf hotel india kilo",
         "lima mike november oscar papa", "acme refund chargeback alpha"]


def same_everywhere(reused: Any, fresh: Any) -> None:
    for text in TEXTS:
        assert decision(reused, text) == decision(fresh, text), text


def test_same_keywords_share_the_automaton() -> None:
    subs = [sub("1", "alpha"), sub("2", "bravo")]
    old = compile_router(rules(RULES), subs)
    new = compile_router(rules(RULES), subs, keywords=old.index)
    assert new.index is old.index
    assert new.pending_keys == 0
    same_everywhere(new, compile_router(rules(RULES), subs))


def test_a_new_keyword_goes_to_the_side_automaton_and_is_found() -> None:
    subs = [sub("1", "alpha")]
    old = compile_router(rules(RULES), subs)
    new = compile_router(rules(RULES_NEW_WORD), [*subs, sub("2", "golf")], keywords=old.index)
    assert new.index is old.index
    assert new.pending_keys == 2  # chargeback, golf
    assert decision(new, "chargeback filed")[0] == ("billing",)
    same_everywhere(new, compile_router(rules(RULES_NEW_WORD), [*subs, sub("2", "golf")]))


def test_a_keyword_nothing_asks_for_is_not_found_any_more() -> None:
    subs = [sub("1", "alpha"), sub("2", "bravo")]
    old = compile_router(rules(RULES), subs)
    new = compile_router(rules(RULES_LESS), subs[:1], keywords=old.index)
    assert new.index is old.index  # it holds refund and bravo, which nothing asks for
    for text in ("a refund please", "bravo"):
        assert decision(new, text) == ((), (), (), False), text
    same_everywhere(new, compile_router(rules(RULES_LESS), subs[:1]))


def test_a_stale_keyword_asked_for_again_is_found_again() -> None:
    old = compile_router(rules(RULES), [sub("1", "alpha"), sub("2", "bravo")])
    new = compile_router(rules(RULES), [sub("1", "alpha")], keywords=old.index)
    assert not new.mentions_keyword(facts("bravo"))
    new.add_subscriptions([sub("3", "bravo")])
    assert decision(new, "bravo")[0] == ("sub:3",)


def test_a_silence_on_a_stale_keyword_asks_for_a_full_build() -> None:
    old = compile_router(rules(RULES), [sub("1", "alpha"), sub("2", "bravo")])
    new = compile_router(rules(RULES), [sub("1", "alpha")], keywords=old.index)

    def silence(word: str) -> Silence:
        return Silence.model_validate({"id": "S1", "match": {"any": [word]}, "who": "alice",
                                       "why": "test", "until": T0.replace(year=2030)})

    assert not new.replace_silences([silence("bravo")])  # held, but no longer found
    assert new.replace_silences([silence("alpha")])


def test_too_much_change_builds_a_fresh_automaton(monkeypatch: Any) -> None:
    monkeypatch.setattr(router_module, "REUSE_MISSING", 1)
    old = compile_router(rules(RULES), [sub("1", "alpha")])
    assert compile_router(rules(RULES), [sub("1", "alpha"), sub("2", "bravo")],
                          keywords=old.index).index is old.index
    fresh = compile_router(rules(RULES), [sub("2", "bravo AND charlie")], keywords=old.index)
    assert fresh.index is not old.index and fresh.pending_keys == 0
    monkeypatch.setattr(router_module, "REUSE_STALE", 0)
    fewer = compile_router(rules(RULES), [], keywords=old.index)  # alpha: more than a tenth
    assert fewer.index is not old.index


def test_random_changes_route_as_a_fresh_build() -> None:
    """Generations of changes, as the live router makes them: subscriptions added and removed
    in place, rebuilds from the router before (rules and subscriptions that came and went).
    Every generation routes, explains and pre-screens as a router built afresh: the words of
    a subscription removed or changed in place are no longer found."""
    rng = random.Random(7)
    ruleset = rules(RULES)
    live: dict[str, Subscription] = {}
    current = compile_router(ruleset, [])
    for generation in range(40):
        added: list[Subscription] = []
        removed: list[str] = []
        for _ in range(rng.randint(0, 4)):
            sid = str(rng.randint(0, 20))
            if sid in live and rng.random() < 0.5:
                del live[sid]
                removed.append(sid)
            else:
                a, b = rng.sample(WORDS, 2)
                live[sid] = sub(sid, rng.choice([a, f"{a} AND {b}", f"{a} OR {b}",
                                                 f'"{a} {b}"', f"{a} NOT {b}"]))
                added.append(live[sid])
        subs = list(live.values())
        in_place = rng.random() < 0.5
        if in_place:  # as for a subscribe or an unsubscribe
            current.remove_subscriptions(removed)
            current.add_subscriptions([live[i] for i in dict.fromkeys(s.id for s in added)
                                       if i in live])
        else:
            if rng.random() < 0.5:
                ruleset = rules(rng.choice([RULES, RULES_NEW_WORD, RULES_LESS]))
            current = compile_router(ruleset, subs, keywords=current.index)
        fresh = compile_router(ruleset, subs)
        for _ in range(15):
            text = " ".join(rng.sample([*WORDS, "acme", "outage", "refund", "chargeback",
                                        "invoice", "filler", "words"], 4))
            assert decision(current, text) == decision(fresh, text), (generation, text)


def test_an_unsubscribe_leaves_no_keyword_found() -> None:
    """Removed in place, a subscription's words are found no more (``explain``'s keywords
    found, the model endpoint's pre-screen), unless the rules or another subscription use
    them; the same word subscribed again is found again."""
    current = compile_router(rules(RULES), [sub("1", "alpha"), sub("2", "bravo AND NOT charlie"),
                                            sub("3", "delta OR refund")])
    current.add_subscriptions([sub("4", "golf"), sub("5", "charlie")])
    current.remove_subscriptions(["1", "3", "4", "5"])
    for text in ("alpha", "golf", "delta"):  # in the main automaton, the side one; alone
        assert decision(current, text) == ((), (), (), False), text
    assert decision(current, "charlie")[2:] == (("charlie",), True)  # S-2's NOT needs it
    assert decision(current, "bravo charlie")[0] == ()
    assert decision(current, "a refund")[0] == ("billing",)  # the rules' word
    assert current.stale_keys == 3 and not current.postings.postings.keys() & {"alpha", "golf"}
    current.add_subscriptions([sub("6", "golf")])
    assert decision(current, "golf") == (("sub:6",), ("golf",), ("golf",), True)
    current.add_subscriptions([sub("6", "hotel")])  # changed: its old word goes
    assert decision(current, "golf") == ((), (), (), False)
    assert decision(current, "charlie")[0] == ()


def test_many_unsubscribes_ask_for_a_fresh_automaton() -> None:
    subs = [sub(str(i), f"{WORDS[i % 16]}{i}") for i in range(300)]
    current = compile_router(rules(RULES), subs)
    current.remove_subscriptions([str(i) for i in range(100)])
    assert current.stale_keys == 100 and not current.worn  # at most max(100, a tenth)
    current.remove_subscriptions(["100"])
    assert current.worn
    rebuilt = compile_router(rules(RULES), subs[101:], keywords=current.index)
    assert rebuilt.index is not current.index and not rebuilt.worn


def test_a_dismantled_router_leaves_the_one_sharing_its_automaton_whole() -> None:
    subs = [sub(str(i), WORDS[i % len(WORDS)]) for i in range(1200)]  # 75 of each word
    old = compile_router(rules(RULES), subs)
    new = compile_router(rules(RULES), subs, keywords=old.index)
    before = decision(new, "alpha acme outage")
    assert len(before[0]) == 76  # the outage route and 75 subscriptions
    old.dismantle(keep_index=True)
    assert old.subscription_count == 0
    assert decision(new, "alpha acme outage") == before
    new.dismantle()
    assert len(new.index) == 0 and not new.mentions_keyword(facts("acme outage alpha"))
