"""A workspace that refuses the bot's token (revoked, expired, wrong) refuses every card alike,
and only a person can fix it: its cards wait instead of each being given up, the workspace is
tried once in a while rather than once per card, and when the token works again every card is
delivered once, in order. A card still refused after ``give_up_after_minutes`` is given up as
any other, with the fix.

The outbox, the store (a real SQLite file) and the Slack client are the real ones, against the
local Slack Web API (``tests.support.fake_slack``); the clock is injected.
"""

from __future__ import annotations

import logging
import random

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.config import OutboxConfig, SlackWorkspaceConfig
from bot.core.effects import Effects
from bot.core.metrics import Metrics
from bot.core.ports import Store
from bot.engine.outbox import HOLD_FIRST, HOLD_MAX, Outbox
from integrations.slack.workspace import SlackWorkspace
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack

CHANNELS = ("C1", "C2")


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store  # SQLite only: the store contract suite covers Redis


def workspace(slack: FakeSlack) -> SlackWorkspace:
    return SlackWorkspace(SlackWorkspaceConfig(name="slack", type="slack", bot_token=slack.token,
                                               signing_secret="s", api_url=slack.api_url))


async def queue(store: Store, clock: FakeClock, n: int, *, start: int = 0) -> None:
    fx = Effects()
    for i in range(start, start + n):
        for channel in CHANNELS:
            fx.send(OutboxItem.new(key=f"a{i}@{channel}", workspace="slack", channel=channel,
                                   card=Card(kind="alert", key=f"a{i}", title=f"alert {i}"),
                                   now=clock()))
    assert await store.apply(fx)


def posts(slack: FakeSlack) -> int:
    return len(slack.calls_to("chat.postMessage"))


async def test_cards_wait_while_the_token_is_refused_and_go_once_when_it_works(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    async with FakeSlack() as slack:
        metrics = Metrics()
        outbox = Outbox(store, {"slack": workspace(slack)}, clock=clock, config=OutboxConfig(),
                        rng=random.Random(7), metrics=metrics)
        await queue(store, clock, 3)
        slack.revoked = True
        with caplog.at_level(logging.ERROR):
            await outbox.drain()
        tried = posts(slack)
        assert 1 <= tried <= len(CHANNELS)  # one card a channel at most, then left alone
        counts = await store.outbox_counts()
        assert counts == {"pending": 6, "sent": 0, "dead": 0}
        refused = [r for r in caplog.records if "refuses the bot's token" in r.getMessage()]
        assert len(refused) == 1 and "token_revoked" in refused[0].getMessage()
        # what to do, in the same line: the token is gone for good (the app was uninstalled,
        # or the token revoked), and 'check the bot token' sent the operator to look at it
        assert refused[0].getMessage().endswith(
            "Slack says the app was uninstalled from the workspace or its token revoked: "
            "install the app again (https://api.slack.com/apps, Install App), put its new Bot "
            "User OAuth Token (xoxb-...) where bot_token reads it and restart socialops")
        assert metrics.value("outbox_workspace_refused", workspace="slack") == 1

        # while it is left alone, nothing is called, whatever is queued or due
        await queue(store, clock, 2, start=3)
        for _ in range(3):
            clock.advance(seconds=HOLD_FIRST / 4)
            await outbox.drain()
        assert posts(slack) == tried
        # then one card tries again; refused again, the wait doubles
        clock.advance(seconds=HOLD_FIRST)
        await outbox.drain()
        assert tried < posts(slack) <= tried + len(CHANNELS)
        assert outbox.refused["slack"].wait == 2 * HOLD_FIRST
        tried = posts(slack)
        clock.advance(seconds=HOLD_FIRST)  # half the new wait
        await outbox.drain()
        assert posts(slack) == tried

        slack.revoked = False  # someone fixed the token
        clock.advance(seconds=HOLD_FIRST)
        assert await outbox.drain() > 0
        for channel in CHANNELS:
            keys = [m["metadata"]["event_payload"]["key"] for m in slack.top_level(channel)]
            assert keys == [f"a{i}" for i in range(5)]  # every card, once, in order
        assert await store.outbox_counts() == {"pending": 0, "sent": 10, "dead": 0}
        assert metrics.value("outbox_workspace_refused", workspace="slack") == 0
        assert not outbox.refused


async def test_the_wait_doubles_up_to_its_cap(store: Store, clock: FakeClock) -> None:
    async with FakeSlack() as slack:
        outbox = Outbox(store, {"slack": workspace(slack)}, clock=clock, config=OutboxConfig(),
                        rng=random.Random(7))
        await queue(store, clock, 1)
        slack.revoked = True
        waits = []
        for _ in range(8):
            await outbox.drain()
            waits.append(outbox.refused["slack"].wait)
            clock.advance(seconds=waits[-1])
        assert waits == [min(HOLD_MAX, HOLD_FIRST * 2 ** i) for i in range(8)]
        assert (await store.outbox_counts())["dead"] == 0


async def test_a_card_refused_past_the_give_up_age_is_given_up_with_the_fix(
        store: Store, clock: FakeClock) -> None:
    async with FakeSlack() as slack:
        outbox = Outbox(store, {"slack": workspace(slack)}, clock=clock,
                        config=OutboxConfig(give_up_after_minutes=10), rng=random.Random(7))
        await queue(store, clock, 1)
        slack.revoked = True
        await outbox.drain()
        assert (await store.outbox_counts())["dead"] == 0
        clock.advance(seconds=11 * 60)  # older than give_up_after_minutes, the wait over
        await outbox.drain()
        dead = await store.list_outbox(status="dead")
        assert {d.key for d in dead} == {f"a0@{c}" for c in CHANNELS}
        assert all("token_revoked" in (d.last_error or "") for d in dead)
