"""Spike warnings muted alone, from chat: a review as an on-call engineer who runs Grafana
OnCall and PagerDuty (2026-12-07). A Grafana user silences one alert group for a while; here
the only way to quiet a route's spike warnings was to mute the route, which held back its
alerts too. ``mute spikes <route | subscription | keyword word> 2h [why]`` (the ``mute``
grammar: a duration, a reason, ``unmute``) now mutes its spike warnings only: its posts are
still alerted and counted, the mute is kept in the store (every process reads it, a restart
keeps it), audited, and listed by ``status``. Signed requests into the bolt app, the local
Slack, a SQLite file or a real redis-server, an injected clock."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.spikeworld import CRISIS, RULES, post, spike_cards, spike_world, steady
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, CAROL, SUPPORT, World, redis_url_if


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


async def burst(w: World, text: str, n: int = 30) -> None:
    for i in range(n):
        w.clock.advance(seconds=10)
        await post(w, f"{text} {i}")
        await w.timers()


def alerts(w: World) -> int:
    return sum(1 for m in w.posts(SUPPORT) if "acme launch" in str(m))


async def test_a_routes_spike_warnings_are_muted_alone(
        tmp_path: Path, clock: FakeClock, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    async with spike_world(tmp_path, clock, store=store, redis_url=redis_url) as w:
        await steady(w, minutes=120, per_minute=0.5)
        said = await ask(w, CAROL, SUPPORT, "mute spikes mentions 2h launch day")
        assert said.startswith("spike warnings of route mentions muted until "), said
        assert "\n" not in said
        await w.stop()  # a restart keeps it: it is in the store
        await w.start()
        await w.a.start()
        status = await ask(w, ALICE, SUPPORT, "status")
        assert "spike warnings muted: route mentions until " in status, status
        before = alerts(w)
        await burst(w, "acme launch day, loving it")
        assert spike_cards(w, SUPPORT) == []  # no warning...
        assert alerts(w) == before + 30  # ...its posts alerted still
        events = [e for e in await w.a.store.audit_since(None) if e.action.startswith("spikes.")]
        assert [(e.action, e.actor, e.object_id) for e in events] == [
            ("spikes.mute", "carol", "route:mentions")]
        said = await ask(w, CAROL, SUPPORT, "unmute spikes mentions")
        assert said.startswith("spike warnings of route mentions unmuted"), said
        assert "spike warnings muted" not in await ask(w, ALICE, SUPPORT, "status")
        clock.advance(minutes=60)  # past the cooldown of the spike unsaid
        await w.timers()
        await burst(w, "acme launch day again, loving it", n=40)
        assert len(spike_cards(w, SUPPORT)) == 1  # warned again once unmuted


async def test_a_keywords_spike_warnings_are_muted(tmp_path: Path, clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=120, per_minute=0.5)
        said = await ask(w, CAROL, SUPPORT, "mute spikes keyword acme 2h")
        assert said.startswith("spike warnings of keyword acme muted until "), said
        await burst(w, "acme launch day, loving it")
        assert spike_cards(w, CRISIS) == []
        assert len(spike_cards(w, SUPPORT)) == 1  # the route's own still rings


async def test_a_keyword_of_several_words_is_muted_in_quotes(tmp_path: Path,
                                                             clock: FakeClock) -> None:
    """A rules file's keywords are phrases too (``socialops init`` writes "is down" and "not
    working"): before, ``mute spikes keyword "is down" 2h`` was refused, "bad duration
    'down\"'", so such a keyword's spike warnings could not be muted at all."""
    rules = RULES.replace("any: [airdrop, giveaway]", "any: [airdrop, giveaway, 'is down']")
    async with spike_world(tmp_path, clock, rules=rules) as w:
        said = await ask(w, CAROL, SUPPORT, 'mute spikes keyword \u201cIs Down\u201d 2h outage')
        assert said.startswith("spike warnings of keyword is down muted until "), said
        assert "keyword is down until " in await ask(w, CAROL, SUPPORT, "status")
        said = await ask(w, CAROL, SUPPORT, 'unmute spikes keyword "is down"')
        assert said.startswith("spike warnings of keyword is down unmuted"), said


@pytest.mark.parametrize(("line", "said"), [
    ("mute spikes mentions 2 hourz", "hourz"),
    ("mute spikes nope 2h", "no route or subscription nope here"),
    ("mute spikes route nope 2h", "no route nope in the rules"),
    ("unmute spikes mentions", "spike warnings of route mentions are not muted"),
    # the keyword left out: before, the keyword "2h" was muted for the default hour, said done
    ("mute spikes keyword 2h", "name the keyword after `keyword`: `mute spikes keyword "),
    ("mute spikes route 2h", "name the route after `route`: `mute spikes route "),
    # before: the keyword '""' (two quote marks), which no post holds, muted and said done
    ('mute spikes keyword "" 2h', "the keyword in quotes is empty"),
    # before: "bad duration 'down'", with no word of the quotes such a keyword needs
    ("mute spikes keyword is down 2h",
     'a keyword of several words goes in quotes: `mute spikes keyword "is down" 2h`'),
    # a keyword nothing looks for has no spike warnings: before, "acmee" was muted, said done,
    # and the spike of acme rang on
    ("mute spikes keyword acmee 2h", "no route nor subscription looks for the keyword acmee, "
                                     "so it has no spike warnings to mute; check its spelling"),
])
async def test_a_wrong_spike_mute_is_one_line(tmp_path: Path, clock: FakeClock, line: str,
                                              said: str) -> None:
    async with spike_world(tmp_path, clock) as w:
        answer = await ask(w, CAROL, SUPPORT, line)
        # one line saying what to fix (a command's usage may follow it, as every verb's)
        first, *after = answer.strip().splitlines()
        assert said in first and "Traceback" not in answer, answer
        assert all(line.startswith("usage: ") for line in after), answer


async def test_only_a_lead_mutes_a_routes_spike_warnings(tmp_path: Path,
                                                          clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        answer = await ask(w, ALICE, SUPPORT, "mute spikes mentions 2h")
        assert answer == "only a lead may mute the spike warnings of route mentions", answer


async def test_a_subscriptions_keyword_is_one_to_mute(tmp_path: Path, clock: FakeClock) -> None:
    """A keyword only a subscription looks for has spike warnings, so it is muted too."""
    async with spike_world(tmp_path, clock) as w:
        assert (await ask(w, ALICE, SUPPORT, "subscribe launch")).startswith("S-1 created")
        said = await ask(w, CAROL, SUPPORT, "mute spikes keyword Launch 2h")
        assert said.startswith("spike warnings of keyword launch muted until "), said


async def test_a_subscriptions_spike_warnings_are_its_channels_to_mute(
        tmp_path: Path, clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        assert (await ask(w, ALICE, SUPPORT, "subscribe launch")).startswith("S-1 created")
        said = await ask(w, ALICE, SUPPORT, "mute spikes s-1 90m")
        assert said.startswith("spike warnings of subscription S-1 muted until "), said
        assert "spike warnings muted: subscription S-1 until " in await ask(
            w, ALICE, SUPPORT, "status")
        sub = await w.a.store.get_subscription("S-1")
        assert sub is not None and sub.muted_until is None  # its matches still delivered
        said = await ask(w, ALICE, CRISIS, "mute spikes S-1 90m")
        assert said.startswith("no route or subscription S-1 here"), said  # not that channel's
