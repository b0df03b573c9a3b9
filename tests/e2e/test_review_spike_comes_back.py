"""A review of spike warnings as a Grafana alerting user (2026-12-07): a burst that comes back
within its cooldown after its end was said. One spike is one card, so the return pings no one
(the cooldown is the re-notify interval), but its card said *ended* and its thread "Spike
ended" while the bursts went on, every half hour, for hours, and nothing more was said: the
team read it as over. Alertmanager sends a resolved alert that fires again. Now the card is
edited back (no longer ended) with a line in its thread, "Spike back", and its next end is
said too; still one card, on a SQLite file and a real redis-server."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FakeClock
from tests.e2e.spikeworld import post, spike_world, steady
from tests.e2e.world import SUPPORT, World, redis_url_if


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


def blob(m: dict[str, Any]) -> str:
    return str(m.get("text", "")) + " " + str(m.get("blocks", ""))


def thread(w: World, card: dict[str, Any], said: str) -> list[str]:
    return [blob(m) for m in w.slack.thread(SUPPORT, card["ts"]) if said in blob(m)]


async def burst(w: World, clock: FakeClock, n: int) -> None:
    for i in range(n):
        clock.advance(seconds=15)
        await post(w, f"acme login broken again {i}")
        await w.timers()


async def test_a_spike_back_within_its_cooldown_is_said_in_its_thread(
        tmp_path: Path, clock: FakeClock, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    async with spike_world(tmp_path, clock, store=store, redis_url=redis_url) as w:
        await steady(w, minutes=120, per_minute=0.5)
        await burst(w, clock, 30)
        [card] = [m for m in w.posts(SUPPORT) if "Spike on route mentions" in blob(m)]
        await steady(w, minutes=14, per_minute=0.5)  # calm: its end said
        assert len(thread(w, card, "Spike ended")) == 1
        [card] = [m for m in w.posts(SUPPORT) if "Spike on route mentions" in blob(m)]
        assert "Ended" in blob(card)
        await burst(w, clock, 30)  # back, 22 minutes after its warning: within the cooldown
        [card] = [m for m in w.posts(SUPPORT) if "Spike on route mentions" in blob(m)]
        [back] = thread(w, card, "Spike back")  # before: nothing, the card still "ended"
        assert "mentions in 10 min" in back
        assert "Ended" not in blob(card)
        await steady(w, minutes=20, per_minute=0.5)
        [card] = [m for m in w.posts(SUPPORT) if "Spike on route mentions" in blob(m)]
        assert len(thread(w, card, "Spike ended")) == 2 and "Ended" in blob(card)
        await steady(w, minutes=60, per_minute=0.5)
        assert len(thread(w, card, "Spike ended")) == 2
        assert len(thread(w, card, "Spike back")) == 1
