"""Spike alerts in the channels: feeds every processed signal to the ``SpikeDetector`` (keys:
the routes and subscriptions that fired and the keywords that matched) and posts a spike card,
once per spike, to the channel the route or subscription delivers to, or, for a keyword, to
the configured spikes channel. The detector's state is saved in the store, so a restart does
not forget the baselines."""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.core.cards import Card, CardField
from bot.core.config import SpikesConfig
from bot.core.models import ChannelRef, Signal
from bot.core.ports import SourceCursorStore
from bot.enrich.spikes import Spike, SpikeDetector, SpikeKey

log = logging.getLogger(__name__)
STATE_KEY = "_spikes"  # kept beside the source cursors
CHECK_EVERY = 10.0  # seconds between checks: checking walks every key
SAVE_EVERY = 300.0


def detector_from_config(cfg: SpikesConfig, *, ignore_terms: tuple[str, ...] = ()
                         ) -> SpikeDetector:
    bucket = 60
    return SpikeDetector(
        bucket_seconds=bucket, window_buckets=cfg.window_minutes,
        alpha=1 - math.exp(math.log(0.5) / cfg.half_life_minutes),
        min_count=cfg.min_count, threshold=cfg.threshold, max_p=cfg.max_p,
        cooldown_seconds=cfg.cooldown_minutes * 60, warmup_seconds=cfg.warmup_minutes * 60,
        ignore_terms=ignore_terms)


def spike_card(spike: Spike) -> Card:
    what = {"route": "route", "subscription": "subscription", "keyword": "keyword"}.get(
        spike.kind, spike.kind)
    return Card(
        kind="spike", key=f"spike:{spike.id}",
        title=f"Spike on {what} {spike.key}: {spike.count} mentions in "
              f"{spike.window_minutes} min",
        text="\n".join(f"• {s}" for s in spike.samples),
        route=spike.key if spike.kind == "route" else None,
        fields=(CardField(name="Why", value=spike.explain()),),
        created_at=spike.window_start)


class SpikeObserver:
    """A pipeline observer (``async observe(signal)``)."""

    def __init__(self, detector: SpikeDetector, send: Callable[..., Awaitable[bool]], *,
                 clock: Callable[[], datetime], state: SourceCursorStore | None = None,
                 keyword_channel: ChannelRef | None = None) -> None:
        self.detector = detector
        self.send = send
        self.clock = clock
        self.state = state
        self.keyword_channel = keyword_channel
        self.channels: dict[SpikeKey, ChannelRef] = {}
        self._checked = 0.0
        self._saved = 0.0
        self._loaded = False
        self.posted: list[Spike] = []

    async def _load(self) -> None:
        self._loaded = True
        if self.state is None:
            return
        raw = await self.state.get_cursor(STATE_KEY)
        if raw:
            try:
                self.detector.load_json(raw)
            except (ValueError, TypeError, KeyError) as exc:
                log.warning("spike state unreadable (%s); starting afresh", exc)

    async def observe(self, signal: Signal) -> None:
        if not self._loaded:
            await self._load()
        keys: list[SpikeKey] = []
        for hit in signal.routes:
            key: SpikeKey = (("subscription", hit.subscription_id) if hit.subscription_id
                             else ("route", hit.route))
            keys.append(key)
            self.channels[key] = ChannelRef(workspace=hit.workspace, channel=hit.channel)
        keys.extend(("keyword", k) for k in signal.keywords)
        if not keys:
            return
        now = self.clock()
        at = min(signal.mention.created_at, now)
        self.detector.observe(keys, at, signal.mention.text, signal.sentiment.compound,
                              terms=signal.keywords)
        ts = now.timestamp()
        if ts - self._checked >= CHECK_EVERY:
            self._checked = ts
            for spike in self.detector.check(now):
                await self._post(spike)
        if self.state is not None and ts - self._saved >= SAVE_EVERY:
            self._saved = ts
            await self.state.set_cursor(STATE_KEY, self.detector.to_json())

    async def _post(self, spike: Spike) -> None:
        where = (self.keyword_channel if spike.kind == "keyword"
                 else self.channels.get((spike.kind, spike.key)))
        if where is None:
            log.info("spike on %s %s: no channel for it (%s)", spike.kind, spike.key,
                     spike.explain())
            return
        self.posted.append(spike)
        await self.send(key=f"spike:{spike.id}:{where.workspace}:{where.channel}",
                        workspace=where.workspace, channel=where.channel, card=spike_card(spike))
        if self.state is not None:  # a spike's cooldown must survive a restart
            await self.state.set_cursor(STATE_KEY, self.detector.to_json())
