"""A 15-minute Slack outage on simulated time: alerts keep coming at half the channel's pace while
the local Slack Web API answers every call with a 503; then Slack comes back. Every alert is
delivered once, in order; nothing is given up (its age stays under the give-up limit); the
channel notices the recovery within the capped backoff and drains the backlog at the pace,
Slack's documented 1 message a second per channel after a short burst (not faster: catch_up is
not used on Slack, api.slack.com/docs/rate-limits), while alerts keep arriving.

The outbox, the store (a real SQLite file) and the Slack client are the real ones; the clock is
injected and the outbox's sleeps advance it, so 15 minutes take seconds.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.config import OutboxConfig, SlackWorkspaceConfig
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.engine.outbox import LATE_AFTER, Outbox
from integrations.slack.workspace import SlackWorkspace
from tests.chaos.procs import report
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack

OUTAGE = timedelta(minutes=15)


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store  # SQLite only: the store contract suite covers Redis


async def test_a_15_minute_outage_ends_with_everything_delivered_once_in_order(
        store: Store, clock: FakeClock) -> None:
    async with FakeSlack() as slack:
        ws = SlackWorkspace(SlackWorkspaceConfig(name="slack", type="slack",
                                                 bot_token=slack.token, signing_secret="s",
                                                 api_url=slack.api_url))

        async def sleep(seconds: float) -> None:
            clock.advance(seconds=seconds)

        outbox = Outbox(store, {"slack": ws}, clock=clock, config=OutboxConfig(),
                        rng=random.Random(7), sleep=sleep, lease_seconds=30)
        sent = 0

        async def arrive() -> None:  # one alert every two seconds: half the channel's pace
            nonlocal sent
            fx = Effects()
            fx.send(OutboxItem.new(key=f"a{sent}@C1", workspace="slack", channel="C1",
                                   card=Card(kind="alert", key=f"a{sent}", title=f"alert {sent}"),
                                   now=clock()))
            sent += 1
            assert await store.apply(fx)

        start = clock()
        due = start  # the next alert arrives then: one every two seconds, always

        async def run_for(until: timedelta | None = None) -> None:
            """The outbox's run loop: drain what is due, idle a second when nothing is."""
            nonlocal due
            while True:
                while due <= clock():
                    await arrive()
                    due += timedelta(seconds=2)
                if until is not None and clock() - start >= until:
                    return
                if until is None and (await store.outbox_counts())["pending"] <= LATE_AFTER + 5:
                    return  # caught up: what waits now is what arrived in the last seconds
                assert clock() - start < OUTAGE + timedelta(hours=1), "never caught up"
                if await outbox.drain_once() == 0:
                    clock.advance(seconds=1)

        slack.down = True
        await run_for(OUTAGE)
        slack.down = False
        recovered = clock()
        backlog = (await store.outbox_counts())["pending"]
        await run_for()
        drained_in = clock() - recovered
    keys = [m["metadata"]["event_payload"]["key"] for m in slack.top_level("C1")]
    assert len(keys) == len(set(keys))  # once
    assert keys == [f"a{i}" for i in range(len(keys))]  # in order
    counts = await store.outbox_counts()
    assert counts["dead"] == 0 and counts["sent"] == len(keys)
    # the 450-card backlog drained at the pace, alerts arriving at half of it: 15 minutes
    assert drained_in < timedelta(minutes=17)
    drained = drained_in.total_seconds()
    report("slack down 15 min (simulated)", {
        "alerts": sent, "backlog at recovery": backlog, "delivered": len(keys),
        "dead": counts["dead"], "seconds to drain the backlog": int(drained)})
