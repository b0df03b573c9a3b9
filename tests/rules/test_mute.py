"""The mute stage alone (``rules.mute``): silences, quiet hours, subscription mutes and
inhibition with its state, applied to hand-made ``Fired`` records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.models import RouteHit
from rules.explain import Trace, Traces
from rules.hits import Fired
from rules.keywords import KeywordIndex, key_of
from rules.mute import MAX_INHIBIT_KEYS, InhibitState, MuteStage, compile_silences
from rules.schema import InhibitRule, Silence, TimeInterval
from rules.timeintervals import compile_time_interval
from tests.rules.support import T0, context

BRANDS = {"acme": ["acme"], "globex": ["globex"]}


def fired(name: str, **kw: Any) -> Fired:
    hit = RouteHit(route=name, action="alert", workspace="console", channel="C")
    return Fired(name, hit, frozenset(), **kw)


def stage(silences: tuple[Silence, ...] = (), rules: tuple[InhibitRule, ...] = (),
          state: InhibitState | None = None) -> MuteStage:
    index = KeywordIndex(key_of(w) for w in ["migration", "acme", "globex"]).finish()
    brand_ids = {n: frozenset(key_of(w) for w in ws) for n, ws in BRANDS.items()}
    return MuteStage(compile_silences(silences, index, brand_ids), rules,
                     state or InhibitState())


def apply(m: MuteStage, text: str, *f: Fired, now: datetime = T0,
          trace: Traces | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    ctx = context(text, ["migration"], brands=BRANDS)
    hits, suppressed = m.apply(ctx, now, list(f), trace)
    return [h.route for h in hits], [(s.route, s.reason) for s in suppressed]


def silence(**kw: Any) -> Silence:
    return Silence(**{"id": "S-1", "who": "carol", "why": "planned", "until":
                      T0 + timedelta(hours=1), **kw})


def test_silence_by_glob_and_match_while_active() -> None:
    m = stage((silence(routes=["sub:*"], match={"any": ["migration"]}),))
    assert apply(m, "acme migration", fired("sub:S-9"), fired("crisis")) == (
        ["crisis"], [("sub:S-9", "silenced by S-1 (carol: planned) until 2026-11-23 10:00 UTC")])
    assert apply(m, "acme", fired("sub:S-9")) == (["sub:S-9"], [])  # its match fails
    later = T0 + timedelta(hours=1)
    assert apply(m, "migration", fired("sub:S-9"), now=later) == (["sub:S-9"], [])


def test_quiet_hours_and_subscription_mutes() -> None:
    night = compile_time_interval(TimeInterval.model_validate(
        {"name": "night", "intervals": [{"times": [{"start": "08:00", "end": "10:00"}]}]}))
    m = stage()
    assert apply(m, "x", fired("r", quiet=(night,))) == ([], [("r", "quiet hours (night)")])
    assert apply(m, "x", fired("r", quiet=(night,)), now=T0 + timedelta(hours=2))[0] == ["r"]
    muted = fired("sub:S-1", muted_until=T0 + timedelta(minutes=5))
    assert apply(m, "x", muted)[1] == [
        ("sub:S-1", "subscription muted until 2026-11-23 09:05 UTC")]


def test_quiet_hours_are_the_zones_wall_clock_across_its_changes() -> None:
    """A quiet night is read on its zone's clock, as Alertmanager's time intervals are: both
    passes of an hour the clocks go back through are quiet, a range the clocks skip holds no
    instant, a 30-minute change (Lord Howe) moves the night's end half an hour in UTC, and
    the southern hemisphere's summer time is March to October's winter."""

    def quiet(zone: str, times: list[tuple[str, str]], at: datetime) -> bool:
        night = compile_time_interval(TimeInterval.model_validate(
            {"name": "night", "time_zone": zone,
             "intervals": [{"times": [{"start": a, "end": b} for a, b in times]}]}))
        return apply(stage(), "x", fired("r", quiet=(night,)), now=at)[0] == []

    berlin = [("02:00", "03:00")]
    # 2026-10-25: 02:00-03:00 CEST is 00:00-01:00 UTC, then 02:00-03:00 CET is 01:00-02:00
    for minute in (0, 30, 59, 60, 90, 119):
        assert quiet("Europe/Berlin", berlin, datetime(2026, 10, 25, tzinfo=UTC)
                     + timedelta(minutes=minute)), minute
    assert not quiet("Europe/Berlin", berlin, datetime(2026, 10, 25, 2, 0, tzinfo=UTC))
    # 2027-03-28: 02:00-03:00 never comes; 01:59 CET and 03:00 CEST are a minute apart
    assert not any(quiet("Europe/Berlin", berlin, datetime(2027, 3, 28, 0, 59, tzinfo=UTC)
                         + timedelta(seconds=s)) for s in (0, 30, 60, 61))
    # a night to 07:00 in Lord Howe: 20:00 UTC in its summer (+11), 20:30 in winter (+10:30)
    night = [("22:00", "24:00"), ("00:00", "07:00")]
    assert not quiet("Australia/Lord_Howe", night, datetime(2026, 1, 5, 20, 0, tzinfo=UTC))
    assert quiet("Australia/Lord_Howe", night, datetime(2026, 7, 5, 20, 15, tzinfo=UTC))
    assert not quiet("Australia/Lord_Howe", night, datetime(2026, 7, 5, 20, 30, tzinfo=UTC))
    # Santiago (-03 in January's summer, -04 in July's winter): 22:00 there
    assert quiet("America/Santiago", night, datetime(2026, 1, 6, 1, 0, tzinfo=UTC))
    assert not quiet("America/Santiago", night, datetime(2026, 7, 6, 1, 0, tzinfo=UTC))
    # Kathmandu's +05:45 all year: 07:00 there is 01:15 UTC
    assert quiet("Asia/Kathmandu", night, datetime(2026, 7, 6, 1, 14, tzinfo=UTC))
    assert not quiet("Asia/Kathmandu", night, datetime(2026, 7, 6, 1, 15, tzinfo=UTC))


def test_inhibition_needs_equal_labels() -> None:
    rule = InhibitRule(source=["crisis"], target=["support*"], equal=["brand", "label:team"])
    m = stage(rules=(rule,))
    crisis = fired("crisis", labels=(("team", "care"),))
    same = fired("support", labels=(("team", "care"),))
    other = fired("support-vip", labels=(("team", "vip"),))
    assert apply(m, "acme down", crisis, same, other) == (
        ["crisis", "support-vip"],
        [("support", "inhibited by crisis (brand=acme, label:team=care)")])


def test_inhibition_window_is_recorded_by_routing_not_by_explain() -> None:
    rule = InhibitRule.model_validate({"source": ["crisis"], "target": ["support"],
                                       "equal": ["brand"], "for": "30m"})
    state = InhibitState()
    m = stage(rules=(rule,), state=state)
    apply(m, "acme down", fired("crisis"), trace=[])  # explain: nothing recorded
    assert state.last == {}
    apply(m, "acme down", fired("crisis"))
    assert state.last == {(0, ("acme",)): T0}
    later = T0 + timedelta(minutes=10)
    assert apply(m, "acme again", fired("support"), now=later)[1] == [
        ("support", "inhibited by an earlier crisis (brand=acme)")]
    assert apply(m, "globex", fired("support"), now=later)[0] == ["support"]
    assert apply(m, "acme", fired("support"), now=T0 + timedelta(minutes=30))[0] == ["support"]


def test_inhibit_state_stays_bounded() -> None:
    state = InhibitState()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(MAX_INHIBIT_KEYS + 1):
        state.record((0, (f"brand-{i}",)), start + timedelta(seconds=i))
    assert len(state.last) == MAX_INHIBIT_KEYS // 2 + 1
    assert (0, ("brand-0",)) not in state.last  # the oldest go first
    assert (0, (f"brand-{MAX_INHIBIT_KEYS}",)) in state.last


def test_trace_marks_the_muted_route_suppressed() -> None:
    m = stage((silence(routes=["crisis"]),))
    trace: Traces = [Trace("crisis", 0, "fired", "keyword outage")]
    apply(m, "x", fired("crisis"), trace=trace)
    assert isinstance(trace[0], Trace) and trace[0].status == "suppressed"
    assert trace[0].detail.startswith("silenced by S-1")


def test_silences_are_replaced_in_place_only_when_their_words_are_known() -> None:
    m = stage()
    index = KeywordIndex(key_of(w) for w in ["migration", "acme", "globex"]).finish()
    assert m.replace_silences([silence(routes=["r"])], index=index, brand_ids={},
                              found=index.keys)
    assert apply(m, "x", fired("r"))[0] == []
    new_word = silence(routes=["r"], match={"any": ["brand-new-word"]})
    assert not m.replace_silences([new_word], index=index, brand_ids={}, found=index.keys)
    assert apply(m, "x", fired("r"))[0] == []  # unchanged: the caller rebuilds
    # a word the automaton holds but the router no longer finds (a stale key) is not known
    globex = silence(routes=["r"], match={"any": ["globex"]})
    assert not m.replace_silences([globex], index=index, brand_ids={},
                                  found=index.keys - {key_of("globex")})
