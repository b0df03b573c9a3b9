"""Review harness: the e2e World with spike warnings on (tests/e2e/world.py turns them off)."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import cast

from bot.core.models import Author, Mention, Network
from tests.conftest import FakeClock
from tests.e2e.world import MARKETING, UNPACED, World, on_store
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

CRISIS = MARKETING  # keyword spikes go to the channel named marketing here

RULES = """
brands:
  acme: [acme]
routes:
  - name: spam
    match: {any: [airdrop, giveaway]}
    action: drop
  - name: mentions
    match: {brand: [acme]}
    action: alert
    channel: support
"""


@asynccontextmanager
async def spike_world(tmp_path: Path, clock: FakeClock, *, rules: str = RULES,
                      spikes: str = "{enabled: true, channel: marketing}",
                      extra: str = "", store: str = "sqlite",
                      redis_url: str | None = None) -> AsyncIterator[World]:
    """``store``, ``redis_url``: as ``world.on_store`` takes them (default a SQLite file)."""
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, rules=rules, extra=UNPACED + extra)
        cfg = tmp_path / "socialops.yaml"
        text = cfg.read_text()
        assert "spikes: {enabled: false}" in text
        cfg.write_text(text.replace("spikes: {enabled: false}", f"spikes: {spikes}"))
        on_store(cfg, store, redis_url)
        await w.start()
        await w.a.start()  # arms the spike check, as `socialops run` does
        try:
            yield w
        finally:
            await w.stop()


_n = [0]


async def post(w: World, text: str, *, handle: str | None = None, at: datetime | None = None,
               network: str = "mastodon") -> Mention:
    """One mention through the real pipeline (created ``at``, default now), outbox drained."""
    _n[0] += 1
    n = _n[0]
    handle = handle or f"user{n}"
    m = Mention(id=f"{network}:{n}", network=cast(Network, network), source="masto", text=text,
                author=Author(id=f"acct{handle}", handle=handle, followers=120),
                created_at=at or w.clock(), url=f"https://mastodon.example/@{handle}/{n}")
    await w.a.pipeline.process(m)
    await w.a.outbox.drain()
    return m


async def steady(w: World, *, minutes: int, per_minute: float, text: str = "acme works fine",
                 spikes_seen: list[str] | None = None) -> None:
    """``per_minute`` posts every minute (evenly), the spike check fired as it comes due."""
    step = 60.0 / per_minute
    t_end = w.clock() + timedelta(minutes=minutes)
    i = 0
    while w.clock() < t_end:
        w.clock.advance(seconds=step)
        await post(w, f"{text} {i % 7}")
        await w.timers()
        i += 1


def spike_cards(w: World, channel: str) -> list[str]:
    out = []
    for m in w.posts(channel):
        blob = str(m.get("text", "")) + " " + str(m.get("blocks", ""))
        if "Spike on" in blob:
            out.append(blob)
    return out
