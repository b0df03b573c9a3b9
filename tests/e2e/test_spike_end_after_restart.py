"""A burst of one author's posts through the real app, on a SQLite file and on a real
redis-server: the card says most came from one author and names the burst's languages and
networks; the bot restarts while the burst is still in the window, and once traffic is back to
the usual level the card is edited (status ended) and its thread told when it ended, how many
posts over how long, and the busiest minute, once, however long the bot runs on."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FakeClock
from tests.e2e.spikeworld import CRISIS, post, spike_world, steady
from tests.e2e.world import SUPPORT, World, redis_url_if


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


def blob(m: dict[str, Any]) -> str:
    return str(m.get("text", "")) + " " + str(m.get("blocks", ""))


def spike_messages(w: World, channel: str) -> list[dict[str, Any]]:
    return [m for m in w.posts(channel) if "Spike on" in blob(m)]


def ends_said(w: World, channel: str, ts: str) -> list[str]:
    return [blob(m) for m in w.slack.thread(channel, ts) if "Spike ended" in blob(m)]


async def test_one_authors_burst_is_said_and_its_end_once_across_a_restart(
        tmp_path: Path, clock: FakeClock, backend: tuple[str, str | None]) -> None:
    store, redis_url = backend
    async with spike_world(tmp_path, clock, store=store, redis_url=redis_url) as w:
        await steady(w, minutes=70, per_minute=0.5)  # past the warm-up, 5 in 10 minutes
        for i in range(30):  # 30 in 5 minutes, all but two by one account
            clock.advance(seconds=10)
            await post(w, f"acme awaria logowania {i}",
                       handle="kasia" if i % 15 else f"other{i}")
            await w.timers()
        [card] = spike_messages(w, SUPPORT)
        shown = blob(card)
        assert "mostly one author" in shown
        # warned as soon as the window is a spike: its posts then, of the burst and the usual
        assert "posts by one author: @kasia " in shown
        assert "Languages" in shown and "'Mastodon " in shown
        assert ends_said(w, SUPPORT, card["ts"]) == []

        await w.stop()  # a restart while the burst is still in the window
        clock.advance(minutes=2)
        await w.start()
        await w.a.start()
        await steady(w, minutes=60, per_minute=0.5)  # the usual again, for an hour

        [card] = spike_messages(w, SUPPORT)  # edited, not posted again
        [said] = ends_said(w, SUPPORT, card["ts"])
        assert "posts over" in said and "peak " in said and "/min" in said
        assert "ended" in blob(card) and "Ended" in blob(card)
        keyword = [m for m in spike_messages(w, CRISIS) if "keyword acme" in blob(m)]
        assert len(keyword) == 1 and len(ends_said(w, CRISIS, keyword[0]["ts"])) == 1
        clock.advance(hours=1)
        await w.timers()
        assert len(ends_said(w, SUPPORT, card["ts"])) == 1
