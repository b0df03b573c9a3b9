"""Routing semantics: order and continue, nesting, drop, subscriptions, silences, quiet hours,
inhibition, grouping, explain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.core.models import Subscription
from rules import Silence, compile_router
from tests.rules.support import T0, facts, rules

BASE = """
brands:
  acme: [acme, acmecloud]
  globex: [globex]
time_intervals:
  - name: night
    time_zone: Europe/Warsaw
    intervals:
      - times: [{start: "22:00", end: "24:00"}, {start: "00:00", end: "07:00"}]
routes:
  - name: spam
    match: {any: [giveaway]}
    action: drop
  - name: crisis
    match: {brand: [acme, globex], any: [outage, hacked]}
    channel: crisis
    mention: {groups: [oncall], users: [carol]}
    group_by: [brand]
    group_wait: 2m
    cooldown: 15m
    continue: true
  - name: support
    match: {brand: [acme, globex], intent: [complaint]}
    action: ticket
    channel: support
    sla: 30m
    escalation: support-default
    routes:
      - name: support-vip
        match: {author: {min_followers: 10000}}
        channel: support-escalations
        sla: 10m
  - name: praise
    match: {brand: [acme], intent: [praise]}
    channel: marketing
    quiet_hours: [night]
  - name: everything-acme
    match: {brand: [acme]}
    action: digest
    interval: 1h
    channel: digest
inhibit_rules:
  - source: [crisis]
    target: [support*]
    equal: [brand]
"""


def sub(sid: str, query: str, **kw: Any) -> Subscription:
    fields = {"channel": f"C{sid}", "created_by": "alice", "created_at": T0, **kw}
    return Subscription(id=sid, workspace="slack-acme", query=query, **fields)


def routed(router: Any, text: str, now: datetime = T0, **kw: Any) -> tuple[list[str], list[str]]:
    d = router.route(facts(text, **kw), now)
    return [h.route for h in d.hits], [s.route for s in d.suppressed]


@pytest.fixture
def router() -> Any:
    return compile_router(rules(BASE))


@pytest.mark.parametrize(
    ("text", "kw", "hits", "suppressed"),
    [
        ("acme giveaway outage", {}, ["spam"], []),  # first match wins, drop stops the rest
        ("nothing relevant", {"intent": "complaint"}, [], []),
        ("acme outage", {"intent": "complaint"}, ["crisis"], ["support"]),  # continue + inhibit
        ("globex outage but acme login broken", {"intent": "complaint"}, ["crisis"],
         ["support"]),
        ("acme login broken", {"intent": "complaint"}, ["support"], []),
        ("acme login broken", {"intent": "complaint", "followers": 50_000}, ["support-vip"], []),
        ("acme is lovely", {"intent": "praise"}, ["praise"], []),
        ("acme exists", {}, ["everything-acme"], []),
    ],
)
def test_routes(router: Any, text: str, kw: dict[str, Any], hits: list[str],
                suppressed: list[str]) -> None:
    assert routed(router, text, **kw) == (hits, suppressed)


def test_hit_carries_resolved_target_and_noise_control(router: Any) -> None:
    d = router.route(facts("ACME outage!", intent="complaint"), T0)
    crisis = d.hits[0]
    assert (crisis.workspace, crisis.channel) == ("console", "C-crisis")
    assert crisis.mention_groups == ("oncall",) and crisis.mention_users == ("carol",)
    assert crisis.group_key == "brand=acme"
    assert (crisis.group_wait, crisis.cooldown) == (120.0, 900.0)
    assert d.keywords == ("acme", "outage")


def test_ticket_and_nested_route_inherit_settings(router: Any) -> None:
    vip = router.route(facts("acme broken", intent="complaint", followers=20_000), T0).hits[0]
    assert (vip.action, vip.channel, vip.sla_minutes, vip.escalation) == (
        "ticket", "C-support-escalations", 10, "support-default")
    plain = router.route(facts("acme broken", intent="complaint"), T0).hits[0]
    assert (plain.channel, plain.sla_minutes) == ("C-support", 30)


def test_digest_interval(router: Any) -> None:
    hit = router.route(facts("acme"), T0).hits[0]
    assert (hit.action, hit.digest_interval) == ("digest", 3600.0)


def test_inhibition_needs_the_same_brand() -> None:
    r = compile_router(rules(BASE.replace("target: [support*]", "target: [everything-acme]")
                             + "    for: 1h\n"))
    assert routed(r, "acme outage") == (["crisis"], ["everything-acme"])
    r = compile_router(rules(BASE.replace("target: [support*]", "target: [everything-acme]")
                             + "    for: 1h\n"))
    assert routed(r, "globex outage") == (["crisis"], [])
    # a crisis for globex does not mute acme's digest route
    assert routed(r, "acme news", T0 + timedelta(minutes=5)) == (["everything-acme"], [])


def test_inhibition_window_spans_later_posts() -> None:
    r = compile_router(rules(BASE + "    for: 30m\n"))
    assert routed(r, "acme outage", intent="complaint")[0] == ["crisis"]
    later = T0 + timedelta(minutes=10)
    assert routed(r, "acme login broken", later, intent="complaint") == ([], ["support"])
    assert routed(r, "globex login broken", later, intent="complaint") == (["support"], [])
    much_later = T0 + timedelta(minutes=31)
    assert routed(r, "acme login broken", much_later, intent="complaint") == (["support"], [])
    # the window survives a recompile when the state is handed over
    r2 = compile_router(rules(BASE + "    for: 30m\n"), state=r.state)
    r2.route(facts("acme outage"), much_later)
    r3 = compile_router(rules(BASE + "    for: 30m\n"), state=r2.state)
    assert routed(r3, "acme login broken", much_later + timedelta(minutes=1),
                  intent="complaint") == ([], ["support"])


@pytest.mark.parametrize(
    ("now", "muted"),
    [
        (datetime(2026, 11, 23, 21, 30, tzinfo=UTC), True),  # 22:30 in Warsaw (UTC+1)
        (datetime(2026, 11, 23, 5, 59, tzinfo=UTC), True),  # 06:59 in Warsaw
        (datetime(2026, 11, 23, 6, 0, tzinfo=UTC), False),  # 07:00 in Warsaw
        (datetime(2026, 7, 1, 5, 30, tzinfo=UTC), False),  # 07:30 in Warsaw (summer, UTC+2)
        (datetime(2026, 11, 23, 12, 0, tzinfo=UTC), False),
    ],
)
def test_quiet_hours_in_their_time_zone(router: Any, now: datetime, muted: bool) -> None:
    d = router.route(facts("acme is great", intent="praise"), now)
    if muted:
        assert not d.hits
        assert d.suppressed[0].route == "praise"
        assert d.suppressed[0].reason == "quiet hours (night)"
    else:
        assert [h.route for h in d.hits] == ["praise"]


def test_silences_by_route_and_match_until_their_end() -> None:
    until = T0 + timedelta(hours=2)
    silence = Silence(id="S-9", routes=["crisis"], match={"any": ["migration"]}, who="carol",
                      why="planned migration", until=until)
    r = compile_router(rules(BASE), silences=[silence])
    d = r.route(facts("acme outage during migration"), T0)
    assert [h.route for h in d.hits] == ["everything-acme"]
    assert d.suppressed[0].route == "crisis"
    assert "silenced by S-9 (carol: planned migration)" in d.suppressed[0].reason
    assert routed(r, "acme outage for real") == (["crisis", "everything-acme"], [])
    assert routed(r, "acme outage during migration", until)[0] == ["crisis", "everything-acme"]


def test_silence_from_the_rules_file_with_a_glob() -> None:
    text = BASE + """
silences:
  - id: S-1
    routes: ["sub:*"]
    who: dave
    why: too noisy this week
    until: 2026-11-30T00:00:00Z
"""
    r = compile_router(rules(text), [sub("S-5", "globex")])
    assert routed(r, "globex news") == ([], ["sub:S-5"])
    assert routed(r, "globex news", datetime(2026, 12, 1, tzinfo=UTC)) == (["sub:S-5"], [])


def test_subscriptions_fire_with_their_own_target() -> None:
    subs = [
        sub("S-1", "new york"),
        sub("S-2", '"new york"'),
        sub("S-3", "york"),
        sub("S-4", "pricing OR quote", mode="digest", digest_interval="daily"),
        sub("S-5", "acme", languages=("pl",)),
        sub("S-6", "acme", sentiment_max=-0.3),
        sub("S-7", "acme", muted_until=T0 + timedelta(hours=1)),
    ]
    r = compile_router(rules("routes: []"), subs)
    d = r.route(facts("New York office of Acme: pricing?", lang="en", compound=0.2), T0)
    assert [h.route for h in d.hits] == ["sub:S-1", "sub:S-2", "sub:S-3", "sub:S-4"]
    assert [s.route for s in d.suppressed] == ["sub:S-7"]
    s2 = d.hits[1]
    assert (s2.workspace, s2.channel, s2.subscription_id, s2.action) == (
        "slack-acme", "CS-2", "S-2", "alert")
    assert (d.hits[3].action, d.hits[3].digest_interval) == ("digest", 86400.0)
    d = r.route(facts("Acme awaria", lang="pl", compound=-0.6), T0 + timedelta(hours=2))
    assert [h.route for h in d.hits] == ["sub:S-5", "sub:S-6", "sub:S-7"]


def test_subscriptions_are_not_evaluated_without_a_shared_keyword() -> None:
    r = compile_router(rules("routes: []"), [sub("S-1", "acme", sentiment_max=0.0)])
    f = facts("unrelated post")
    assert r.route(f, T0).hits == ()
    assert f.calls["sentiment"] == 0


def test_drop_route_keeps_subscriptions_quiet(router: Any) -> None:
    r = compile_router(rules(BASE), [sub("S-1", "acme")])
    assert routed(r, "acme giveaway") == (["spam"], [])


def test_invalid_stored_subscription_is_skipped_not_fatal() -> None:
    r = compile_router(rules("routes: []"), [sub("S-1", "(broken"), sub("S-2", "ok")])
    assert r.skipped_subscriptions[0][0] == "S-1"
    assert routed(r, "ok then") == (["sub:S-2"], [])


@pytest.mark.parametrize(
    ("group_by", "expected"),
    [
        ("[brand]", "brand=acme"),
        ("[network, author]", "network=x|author=x:u1"),
        ("[conversation]", "conversation=x:root-1"),
        ("[label:team]", "label:team=blue"),
    ],
)
def test_group_keys(group_by: str, expected: str) -> None:
    text = f"""
brands: {{acme: [acme]}}
routes:
  - name: r
    match: {{any: [acme]}}
    channel: support
    group_by: {group_by}
    labels: {{team: blue}}
"""
    hit = compile_router(rules(text)).route(facts("acme", network="x", thread_id="root-1"),
                                             T0).hits[0]
    assert hit.group_key == expected


def test_keyword_alerts_make_one_card_a_post_in_a_channel() -> None:
    """Two subscriptions of one channel with the same query and options (made before
    subscribe refused a repeat) posted one card each for a post; whatever their ids or
    spelling, they fire once: the one delivered rather than muted, else the oldest.
    Different subscriptions of one channel that fire as alerts for one post made a card
    each too: one card now, the oldest's, its reasons naming every query that matched.
    Another channel, and a digest, keep their own."""
    later = T0 + timedelta(minutes=5)
    subs = [
        sub("S-7", "acme refund", channel="CM", created_at=later),
        sub("S-3", "refund AND acme", channel="CM"),
        sub("S-12", "ACME  Refund", channel="CM", created_by="bob", created_at=later),
        sub("S-4", "acme refund", channel="CS"),  # another channel: its own card
        sub("S-5", "acme refund", channel="CM", languages=("de",)),  # another option
        sub("S-6", "refund", channel="CM"),  # another query in the channel
        sub("S-8", "acme OR refund", channel="CM", muted_until=T0 + timedelta(hours=1)),
        sub("S-9", "refund OR acme", channel="CM"),
        sub("S-10", "refund", channel="CM", mode="digest", digest_interval="daily"),
    ]
    r = compile_router(rules("routes: []"), subs)
    decision = r.route(facts("acme refund please", lang="en"), T0)
    assert sorted(h.route for h in decision.hits) == ["sub:S-10", "sub:S-3", "sub:S-4"]
    assert decision.suppressed == ()  # S-8's twin S-9 is delivered: S-8 is not even suppressed
    (kept,) = [h for h in decision.hits if h.route == "sub:S-3"]
    assert [q for q in ("'refund AND acme'", "'refund'", "'refund OR acme'")
            if not any(q in reason for reason in kept.reasons)] == []
    trace = {t.name: (t.status, t.detail) for t in r.explain(facts(
        "acme refund please", lang="en"), T0).subscriptions}
    assert trace["S-7"] == ("repeat", "the same query and options as S-3 in this channel: "
                            "one card for both")
    assert trace["S-6"] == trace["S-9"] == (
        "repeat", "S-3's card shows this post in this channel: one card a post")
    assert trace["S-12"][0] == trace["S-8"][0] == "repeat"
    assert trace["S-3"][0] == trace["S-10"][0] == trace["S-4"][0] == "fired"
    # once S-8's mute is over it is S-9's twin, made first: still S-3's card alone
    assert sorted(routed(r, "acme refund", T0 + timedelta(hours=2), lang="en")[0]) == [
        "sub:S-10", "sub:S-3", "sub:S-4"]
    # a muted subscription makes no card, and does not take the post from another's
    muted = [sub("S-1", "acme", channel="CM", muted_until=later), sub("S-2", "refund",
                                                                        channel="CM")]
    assert routed(compile_router(rules("routes: []"), muted), "acme refund") == (
        ["sub:S-2"], ["sub:S-1"])
    # twins both muted: one suppressed, as one card would have been
    muted = [sub(s.id, s.query, channel="CM", muted_until=later) for s in subs[:2]]
    assert routed(compile_router(rules("routes: []"), muted), "acme refund") == (
        [], ["sub:S-3"])


def test_a_routes_card_in_a_channel_shows_the_post_for_its_subscriptions() -> None:
    """A rules-file route's alert or ticket card shows the post in its channel: a subscription
    there that alerts on the same post made a second card. A route's digest, a muted route
    and another channel leave the subscriptions their cards."""
    def sub_in(sid: str, query: str, channel: str, **kw: Any) -> Subscription:
        return Subscription(id=sid, workspace="console", channel=f"C-{channel}", query=query,
                            created_by="alice", created_at=T0, **kw)

    text = """
routes:
  - {name: outage, match: {any: [outage]}, channel: marketing, continue: true}
  - {name: refunds, match: {any: [refund]}, action: ticket, channel: support, continue: true}
  - {name: weekly, match: {any: [acme]}, action: digest, interval: 1h, channel: sales}
"""
    subs = [sub_in("S-1", "acme", "marketing"), sub_in("S-2", "acme", "support"),
            sub_in("S-3", "acme", "sales"), sub_in("S-4", "acme", "dev"),
            sub_in("S-5", "acme", "dev", mode="digest", digest_interval="daily")]
    r = compile_router(rules(text), subs)
    hits, _ = routed(r, "acme outage, refund please")
    assert sorted(hits) == ["outage", "refunds", "sub:S-3", "sub:S-4", "sub:S-5", "weekly"]
    trace = {t.name: (t.status, t.detail) for t in r.explain(facts(
        "acme outage, refund please"), T0).subscriptions}
    assert trace["S-1"] == ("repeat", "route outage's card shows this post in this channel: "
                            "one card a post")
    assert trace["S-2"][1].startswith("route refunds's card shows this post")
    # the route held back (silenced here): the subscription's card is the only one
    silenced = rules(text + "silences:\n  - {id: s1, routes: [outage], who: ann, why: deploy,"
                            "\n     until: 2026-12-01T00:00:00Z}\n")
    hits, suppressed = routed(compile_router(silenced, subs), "acme outage")
    assert "sub:S-1" in hits and suppressed == ["outage"]


def test_explain_names_the_first_failed_condition(router: Any) -> None:
    r = compile_router(rules(BASE), [sub("S-1", "acme pricing"), sub("S-2", "globex")])
    e = r.explain(facts("acme outage", intent="complaint"), T0)
    status = {t.name: (t.status, t.detail) for t in e.routes}
    assert status["spam"] == ("no match", "any: no keyword of giveaway")
    assert status["crisis"][0] == "fired"
    assert "keyword outage" in status["crisis"][1]
    assert status["support"][0] == "suppressed"
    assert status["support-vip"] == ("no match",
                                     "author: author has unknown followers, fewer than 10000")
    assert status["praise"] == ("not reached",
                                "support matched first (would fail at intent: intent is "
                                "complaint, not one of praise)")
    subs = {s.name: s for s in e.subscriptions}
    assert subs["S-1"].status == "no match"
    assert "S-2" not in subs  # shares no keyword: never evaluated
    text = e.render()
    assert "✔ crisis: fired" in text
    assert "suppressed support: inhibited by crisis (brand=acme)" in text
    assert "1 of 2 share a keyword" in text


def test_explain_reports_routes_not_reached(router: Any) -> None:
    e = router.explain(facts("acme giveaway"), T0)
    status = {t.name: (t.status, t.detail) for t in e.routes}
    assert status["crisis"][0] == "not reached"
    assert status["everything-acme"] == ("not reached", "spam matched first (would match)")


def test_explain_does_not_change_inhibition_state() -> None:
    r = compile_router(rules(BASE + "    for: 30m\n"))
    r.explain(facts("acme outage"), T0)
    assert routed(r, "acme broken", T0 + timedelta(minutes=1), intent="complaint") == (
        ["support"], [])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x1b[31mACME\x1b[0m outage",
        "a" * 20_000 + " acme outage",
        "ｱｸﾐｰ 🔥" * 500,
        "\u202eegatuo emca\u202c",
        "(((((((((( acme \"unbalanced",
        "#" * 1000 + "@" * 1000,
    ],
)
def test_hostile_text_routes_without_crashing(router: Any, text: str) -> None:
    r = compile_router(rules(BASE), [sub("S-1", "acme"), sub("S-2", '"acme outage"')])
    d = r.route(facts(text, intent="complaint"), T0)
    assert all(h.route for h in d.hits)
    assert r.explain(facts(text), T0).render()
