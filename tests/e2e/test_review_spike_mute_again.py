"""A series muted again once its last mute ended (``mute spikes``): the ended mute's record,
kept until the next mute takes it away, was deleted by the same write that put the new one
(a chaos review, 2026-12-07). Signed requests into the bolt app, the local Slack, a SQLite
file or a real redis-server, an injected clock."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.effects import Effects
from tests.conftest import FakeClock
from tests.e2e.spikeworld import spike_world
from tests.e2e.test_queue import ask
from tests.e2e.world import CAROL, SUPPORT, redis_url_if


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


async def test_a_series_muted_again_after_its_mute_ended_is_muted(
        tmp_path: Path, clock: FakeClock, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    async with spike_world(tmp_path, clock, store=store, redis_url=redis_url) as w:
        said = await ask(w, CAROL, SUPPORT, "mute spikes mentions 1h")
        assert said.startswith("spike warnings of route mentions muted until "), said
        clock.advance(hours=2)  # that mute is over
        said = await ask(w, CAROL, SUPPORT, "mute spikes mentions 2h launch day")
        assert said.startswith("spike warnings of route mentions muted until "), said
        status = await ask(w, CAROL, SUPPORT, "status")
        assert "spike warnings muted: route mentions until " in status, status


async def test_a_mute_stored_before_mutes_carried_a_version_is_muted_again_and_lifted(
        tmp_path: Path, clock: FakeClock, backend: tuple[str, str | None]) -> None:
    """A record written by the release before, with no version: replaced, then lifted, as
    read (not refused as changed for ever)."""
    store, redis_url = backend
    async with spike_world(tmp_path, clock, store=store, redis_url=redis_url) as w:
        fx = Effects()
        fx.put(K.SPIKE_MUTE, "route:mentions", json.dumps({
            "kind": "route", "key": "mentions", "who": "carol", "why": "",
            "starts": clock().isoformat(),
            "until": (clock() + timedelta(hours=1)).isoformat()}))
        assert await w.a.store.apply(fx)
        said = await ask(w, CAROL, SUPPORT, "mute spikes mentions 3h")
        assert said.startswith("spike warnings of route mentions muted until "), said
        said = await ask(w, CAROL, SUPPORT, "unmute spikes mentions")
        assert said.startswith("spike warnings of route mentions unmuted"), said
        assert "spike warnings muted" not in await ask(w, CAROL, SUPPORT, "status")
