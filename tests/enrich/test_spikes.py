"""Spike detection: a burst against a rolling baseline, explained, with cooldown and warm-up;
the observer posts one card per spike to the right channel and keeps its state in the store
across a restart."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.config import SpikesConfig, StoreConfig
from bot.core.effects import Effects
from bot.core.models import Author, ChannelRef, Mention, RouteHit, Sentiment, Signal
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.enrich.spikes import SpikeDetector
from bot.store import open_store
from handlers.spikes import SAMPLES_KEPT, SpikeChecker, count
from tests.conftest import FakeClock

T0 = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


def steady(det: SpikeDetector, *, start: datetime, hours: float, per_hour: float,
           key: tuple[str, str] = ("keyword", "acme"), seed: int = 1,
           quiet: bool = True) -> datetime:
    """Poisson-ish steady traffic; returns the time it ends."""
    rng = random.Random(seed)
    t = start
    end = start + timedelta(hours=hours)
    while t < end:
        t += timedelta(seconds=rng.expovariate(per_hour / 3600))
        det.observe([key], t, "acme is fine today, nothing special", 0.1)
        spikes = det.check(t)
        assert not quiet or spikes == [], (t, spikes)
    return t


def test_a_steady_day_raises_nothing_and_a_burst_is_explained() -> None:
    det = SpikeDetector(warmup_seconds=3600)
    t = steady(det, start=T0, hours=12, per_hour=18)  # about 3 per 10 minutes
    texts = ["acme login outage again", "outage: cannot login to acme", "acme outage login broken"]
    spikes = []
    for i in range(38):
        t += timedelta(seconds=15)
        det.observe([("keyword", "acme")], t, texts[i % 3], -0.6)
        spikes += det.check(t)
    assert len(spikes) == 1
    spike = spikes[0]
    assert spike.kind == "keyword" and spike.key == "acme"
    assert 2 <= spike.usual <= 4
    assert spike.top_terms[:2] in (("outage", "login"), ("login", "outage"))
    assert len(spike.samples) == 3
    assert spike.mean_sentiment is not None and spike.mean_sentiment < -0.3
    text = spike.explain()
    assert text.startswith(f"{spike.count} mentions in 10 min vs about 3 usual; top terms: ")
    assert "3 sample posts; mean sentiment -" in text


def test_cooldown_then_a_second_spike() -> None:
    det = SpikeDetector(warmup_seconds=0, cooldown_seconds=1800)
    t = T0
    fired = []
    for i in range(200):  # 20 per minute for 10 minutes
        t += timedelta(seconds=3)
        det.observe([("route", "support")], t, f"help {i}")
        fired += det.check(t)
    assert len(fired) == 1  # the cooldown holds the rest of the burst
    t += timedelta(hours=2)  # the burst decays from the window; the baseline rose meanwhile
    for i in range(400):
        t += timedelta(seconds=1.5)
        det.observe([("route", "support")], t, f"help again {i}")
        fired += det.check(t)
    assert len(fired) == 2


def test_warm_up_minimum_count_and_surprise() -> None:
    det = SpikeDetector(warmup_seconds=3600, min_count=5)
    for i in range(10):
        det.observe([("keyword", "new")], T0 + timedelta(seconds=i), "new thing")
    assert det.check(T0 + timedelta(seconds=10)) == []  # baselines are still empty
    later = T0 + timedelta(hours=2)
    for i in range(6):
        det.observe([("keyword", "rare")], later + timedelta(seconds=i), "rare thing")
    # six where none is usual: above min_count and 3x, but P(>=6 | 1) = 6e-4 > max_p
    assert det.check(later + timedelta(seconds=7)) == []
    det.observe([("keyword", "rare")], later + timedelta(seconds=8), "rare thing")
    assert [s.key for s in det.check(later + timedelta(seconds=9))] == ["rare"]
    lenient = SpikeDetector(warmup_seconds=0, min_count=5, max_p=1.0)
    for i in range(4):
        lenient.observe([("keyword", "x")], later + timedelta(seconds=i), "x")
    assert lenient.check(later + timedelta(seconds=5)) == []  # 4 < min_count


def test_state_round_trips() -> None:
    det = SpikeDetector(warmup_seconds=0)
    steady(det, start=T0, hours=2, per_hour=30, seed=3, quiet=False)
    copy = SpikeDetector(warmup_seconds=0)
    copy.load_json(det.to_json())
    assert copy.to_json() == det.to_json()


def signal(text: str, *, at: datetime, routes: tuple[RouteHit, ...] = (),
           keywords: tuple[str, ...] = (), n: int = 0) -> Signal:
    m = Mention(id=f"mastodon:{n}", network="mastodon", source="t", text=text,
                author=Author(id=f"a{n}", handle=f"user{n}"), created_at=at)
    return Signal(mention=m, routes=routes, keywords=keywords,
                  sentiment=Sentiment(compound=-0.5, label="negative"))


@pytest.fixture
async def stores(redis_url: str, clock: FakeClock) -> AsyncIterator[list[Store]]:
    """Two processes' connections to one Redis: each counts what it processes."""
    opened = [await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
              for _ in range(2)]
    yield opened
    for s in opened:
        await s.close()


async def test_spikes_are_counted_across_processes_posted_once_and_remembered(
        stores: list[Store], clock: FakeClock) -> None:
    cfg = SpikesConfig(warmup_minutes=0, min_count=5)
    hit = RouteHit(route="support", action="alert", workspace="slack", channel="C1")
    keyword_channel = ChannelRef(workspace="slack", channel="CSPIKES")

    def checker(store: Store) -> SpikeChecker:
        return SpikeChecker(store, Applier(store), cfg=cfg, clock=clock,
                            keyword_channel=keyword_channel)

    async def feed(first: int, last: int) -> None:
        for i in range(first, last):
            clock.advance(seconds=20)
            s = signal("login outage at acme", at=clock(), routes=(hit,), keywords=("outage",),
                       n=i)
            fx = Effects()
            fx.signals.append((s, 3600, 3600))
            count(s, fx, now_ts=clock().timestamp())
            assert await stores[i % 2].apply(fx)  # alternate "processes"

    async def check(c: SpikeChecker) -> None:
        fx = Effects()
        c.arm(fx)
        await c.applier.apply(fx)
        for t in await c.reads.take_due(clock(), lease_seconds=30):  # type: ignore[attr-defined]
            await c.check(t)

    # 12 mentions counted by two processes: the one checker sees the totals and posts once
    await feed(0, 12)
    first = checker(stores[0])
    await check(first)
    sent = await stores[1].list_outbox(status="pending")
    where = sorted((i.channel, i.card.title.split(":")[0]) for i in sent)
    assert where == [("C1", "Spike on route support"), ("CSPIKES", "Spike on keyword outage")]
    card = next(i.card for i in sent if i.channel == "C1")
    assert card.kind == "spike" and "mentions in 10 min" in card.fields[0].value
    assert "login outage at acme" in card.text

    # a restart (a new checker in the other process) keeps the cooldown: no second card
    await feed(12, 20)
    clock.advance(seconds=11)
    await check(checker(stores[1]))
    assert len(await stores[0].list_outbox(status="pending")) == 2


async def test_a_series_forgotten_when_idle_takes_its_samples_with_it(
        sqlite_store: Store, clock: FakeClock) -> None:
    """A subscription matched posts for hours, then nothing (it was unsubscribed): once the
    detector forgets its idle series, its sample buffer goes too. Before 2026-12-01 only the
    series still remembered were trimmed, so every subscription (or keyword) that ever matched
    left its last 50 samples in the store for good."""
    clock.now = T0
    hit = RouteHit(route="sub:S-1", action="alert", workspace="slack", channel="C1",
                   subscription_id="S-1")
    checker = SpikeChecker(sqlite_store, Applier(sqlite_store), cfg=SpikesConfig(),
                           clock=clock)
    fx = Effects()
    checker.arm(fx)
    assert await sqlite_store.apply(fx)

    async def checks(minutes: int) -> None:
        for _ in range(minutes // 5):  # the timer's checks, one in each trim window
            for t in await sqlite_store.take_due(clock(), lease_seconds=30):
                await checker.check(t)
            clock.advance(minutes=5)

    for i in range(SAMPLES_KEPT + 10):
        fx = Effects()
        s = signal("acme pricing question", at=clock(), routes=(hit,), n=i)
        fx.signals.append((s, 3 * 86400, 3 * 86400))
        count(s, fx, now_ts=clock().timestamp())
        assert await sqlite_store.apply(fx)
        await checks(5)
    samples = "spike-samples:subscription\x1fS-1"
    # trimmed while it is remembered
    assert len(await sqlite_store.group_items(samples)) == SAMPLES_KEPT
    await checks(24 * 60)
    assert await sqlite_store.group_items(samples) == []


def test_a_sample_post_is_cut_between_characters() -> None:
    """A spike card's sample posts were their first 200 code points, unmarked: a thumbs-up at
    the cut lost its skin tone (another emoji), a flag kept one letter."""
    import regex

    det = SpikeDetector(warmup_seconds=3600)
    t = steady(det, start=T0, hours=12, per_hour=18)
    texts = [f"{'a' * n} {tail * 3} acme outage login broken"
             for n, tail in ((197, "👍🏽"), (198, "🇺🇸"), (196, "👩\u200d💻"))]
    spikes = []
    for i in range(38):
        t += timedelta(seconds=15)
        det.observe([("keyword", "acme")], t, texts[i % 3], -0.6)
        spikes += det.check(t)
    [spike] = spikes
    assert len(spike.samples) == 3
    whole = {g for text in texts for g in regex.findall(r"\X", text)}
    for sample in spike.samples:
        assert sample.endswith("…") and set(regex.findall(r"\X", sample[:-1])) <= whole, sample
