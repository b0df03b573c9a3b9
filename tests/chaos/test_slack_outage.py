"""Chaos, Slack misbehaving: the local wire-level Slack answers 429 (with Retry-After) or 500
to a third of the calls, sometimes after doing the work (the answer is lost), and is down for
a stretch. A real `socialops run` process on a real redis-server keeps going: everything
arrives, nothing twice, and each channel's order is kept."""

from __future__ import annotations

import asyncio
import os
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.chaos.procs import Cluster, expected_keys, report, tally, wait_for, write_mentions
from tests.support.fake_slack import FakeSlack, Fault
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow
# The outbox's longest backoff in this run, and the outage: four of them, so that deliveries
# reach their longest wait and retry at it several times while Slack is down (the ratio is
# what counts; a longer outage proves no more and waits longer)
BACKOFF_MAX = 1.0
OUTAGE = float(os.environ.get("SOCIALOPS_CHAOS_OUTAGE_SECONDS", str(4 * BACKOFF_MAX)))


class FlakySlack(FakeSlack):
    """A third of the writes fail: 429 with Retry-After, 500, or 500 after doing the work."""

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.rng = random.Random(3)
        self.injected = 0

    def _take_fault(self, method: str) -> Fault | None:
        if method not in ("chat.postMessage", "chat.update") or self.rng.random() >= 1 / 3:
            return super()._take_fault(method)
        self.injected += 1
        kind = self.rng.randrange(3)
        if kind == 0:
            return Fault(status=429, error="ratelimited", retry_after=1)
        return Fault(status=500, error="internal_error", lose_answer=kind == 2)


class Served:
    """FakeSlack on its own event loop in a thread, so the test can drive processes."""

    def __init__(self) -> None:
        self.slack = FlakySlack()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.slack.start(), self.loop).result(10)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.slack.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def keys(self, channel: str) -> list[str]:
        out = []
        for m in list(self.slack.messages.get(channel, [])):
            meta = m.get("metadata") or {}
            key = (meta.get("event_payload") or {}).get("key")
            if key and not m.get("thread_ts"):
                out.append(str(key))
        return out


IDS = {"alerts": "CALERTS", "billing": "CBILLING", "ops": "COPS"}


@pytest.fixture
def slack() -> Iterator[Served]:
    served = Served()
    yield served
    served.close()


def test_flaky_and_down_slack_still_gets_everything_once_in_order(
        tmp_path: Path, redis_server: RedisServer, slack: Served) -> None:
    redis_server.flushall()
    n = 120  # some 90 alerts: about 50 faults, and the outage after a third of them
    replay = tmp_path / "mentions.jsonl"
    write_mentions(replay, n)
    expected = expected_keys(n)
    cluster = Cluster(tmp_path, redis_server.url, replay)
    cfg = cluster.config.read_text()
    cfg = cfg.replace("workspaces: [{name: console, type: console}]",
                      f"workspaces: [{{name: console, type: slack, bot_token: {slack.slack.token}, "
                      f"signing_secret: s, api_url: '{slack.slack.api_url}'}}]")
    # Slack channel ids, not names (`socialops check` refuses names for a Slack workspace)
    for name, cid in IDS.items():
        cfg = cfg.replace(f"id: {name}}}", f"id: {cid}}}")
    cfg = cfg.replace("outbox: {per_channel_per_second: 1000}",
                      "outbox: {per_channel_per_second: 1000, backoff_base: 0.2,"
                      f" backoff_max: {BACKOFF_MAX}, give_up_after_minutes: 60}}")
    cluster.config.write_text(cfg)

    def got() -> list[tuple[str, str]]:
        return [(ch, k) for ch in ("alerts", "billing") for k in slack.keys(IDS[ch])]

    cluster.start(0)
    try:
        assert wait_for(lambda: len(got()) >= len(expected) // 3, 90), \
            cluster.log_text()
        slack.slack.down = True
        time.sleep(OUTAGE)
        slack.slack.down = False
        assert wait_for(lambda: len(set(got())) >= len(expected), 120), \
            cluster.log_text()
        time.sleep(1.0)
    finally:
        cluster.stop_all()
    counts = tally(expected, got())
    counts["faults injected"] = slack.slack.injected
    counts["outage seconds"] = int(OUTAGE)
    report("2 (Slack 429/500 on a third of calls, then down)", counts)
    assert counts["lost"] == 0 and counts["duplicated"] == 0 and counts["unexpected"] == 0
    assert slack.slack.injected > 20
    for channel in ("alerts", "billing"):
        order = [int(k.split("|")[0].split(":")[1]) for k in slack.keys(IDS[channel])]
        assert order == sorted(order), channel  # each channel in the order it was routed
