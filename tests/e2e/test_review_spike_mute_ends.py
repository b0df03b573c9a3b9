"""A spike found while its series' warnings were muted, still going when the mute ends: a
review as an on-call engineer who runs Grafana OnCall, Alertmanager and PagerDuty
(2026-12-07). A spike found under ``mute spikes`` was taken as said, so one still going when
the mute ended (or was lifted) was never warned of: the cooldown it ran kept it quiet while it
went on. Alertmanager notifies at a silence's end for an alert still firing; so does this now,
one card, after the mute, its end said as any warning's. One over while muted stays unsaid.
Signed requests into the bolt app, the local Slack, a SQLite file or a real redis-server, an
injected clock."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.spikeworld import post, spike_cards, spike_world, steady
from tests.e2e.test_queue import ask
from tests.e2e.world import CAROL, SUPPORT, World, redis_url_if


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


async def burst(w: World, text: str, n: int) -> None:
    """``n`` posts 10 s apart (6 a minute), the spike check fired as it comes due."""
    for i in range(n):
        w.clock.advance(seconds=10)
        await post(w, f"{text} {i}")
        await w.timers()


async def test_a_spike_still_going_when_its_mute_ends_is_warned_of_once(
        tmp_path: Path, clock: FakeClock, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    async with spike_world(tmp_path, clock, store=store, redis_url=redis_url) as w:
        await steady(w, minutes=120, per_minute=0.5)
        said = await ask(w, CAROL, SUPPORT, "mute spikes mentions 10m")
        assert said.startswith("spike warnings of route mentions muted until "), said
        await burst(w, "acme checkout down again", 48)  # 8 minutes: found, muted
        assert spike_cards(w, SUPPORT) == []
        await burst(w, "acme checkout still down", 48)  # past the mute's end, going on
        [card] = spike_cards(w, SUPPORT)  # before: none, ever
        assert "Spike on route mentions" in card, card
        assert "while its spike warnings were muted" in card, card
        await burst(w, "acme checkout down for good", 60)
        assert len(spike_cards(w, SUPPORT)) == 1  # once
        await steady(w, minutes=30, per_minute=0.5)  # calm: its end said on that card
        [card] = spike_cards(w, SUPPORT)
        assert "Ended" in card, card


async def test_a_spike_going_on_when_its_mute_is_lifted_is_warned_of(
        tmp_path: Path, clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=120, per_minute=0.5)
        await ask(w, CAROL, SUPPORT, "mute spikes mentions 2h")
        await burst(w, "acme checkout down again", 48)
        assert spike_cards(w, SUPPORT) == []
        said = await ask(w, CAROL, SUPPORT, "unmute spikes mentions")
        assert said.startswith("spike warnings of route mentions unmuted"), said
        await burst(w, "acme checkout still down", 12)
        assert len(spike_cards(w, SUPPORT)) == 1


async def test_a_spike_over_while_muted_stays_unsaid(tmp_path: Path, clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=120, per_minute=0.5)
        await ask(w, CAROL, SUPPORT, "mute spikes mentions 30m")
        await burst(w, "acme checkout down again", 30)
        await steady(w, minutes=60, per_minute=0.5)  # over, the mute ended since
        assert spike_cards(w, SUPPORT) == []


async def test_status_says_a_mute_until_it_ends_and_not_after(
        tmp_path: Path, clock: FakeClock) -> None:
    async with spike_world(tmp_path, clock) as w:
        await ask(w, CAROL, SUPPORT, "mute spikes mentions 30m")
        status = await ask(w, CAROL, SUPPORT, "status")
        assert "spike warnings muted: route mentions until " in status, status
        clock.advance(minutes=31)
        assert "spike warnings muted" not in await ask(w, CAROL, SUPPORT, "status")


async def test_why_says_a_posts_series_spike_warnings_are_muted_and_until_when(
        tmp_path: Path, clock: FakeClock) -> None:
    """`why` on a post of a muted series said nothing of it: asked why no spike card came,
    it showed the route fired and delivered, and nothing held its warnings back."""
    async with spike_world(tmp_path, clock) as w:
        await ask(w, CAROL, SUPPORT, "mute spikes mentions 30m launch")
        m = await post(w, "acme launch day")
        said = await ask(w, CAROL, SUPPORT, f"why {m.id}")
        assert "spike warnings of route mentions muted until " in said, said
        assert "(carol)" in said, said
        clock.advance(minutes=31)
        assert "spike warnings" not in await ask(w, CAROL, SUPPORT, f"why {m.id}")


async def test_a_return_found_muted_and_going_on_after_it_is_said_on_its_card(
        tmp_path: Path, clock: FakeClock) -> None:
    """Warned of, over (its card says ended), then back within its cooldown while its
    warnings are muted, and still going when the mute ends: its card is edited back with a
    "Spike back" line then, as an unmuted return is; still one card."""
    async with spike_world(tmp_path, clock) as w:
        await steady(w, minutes=120, per_minute=0.5)
        await burst(w, "acme login broken", 30)
        await steady(w, minutes=14, per_minute=0.5)  # its end said
        [card] = [m for m in w.posts(SUPPORT) if "Spike on route mentions" in str(m)]
        assert "Ended" in str(card)
        await ask(w, CAROL, SUPPORT, "mute spikes mentions 5m")
        await burst(w, "acme login broken again", 60)  # back, muted; going on past its end
        [card] = [m for m in w.posts(SUPPORT) if "Spike on route mentions" in str(m)]
        backs = [m for m in w.slack.thread(SUPPORT, card["ts"]) if "Spike back" in str(m)]
        assert len(backs) == 1 and "Ended" not in str(card), (backs, card)
