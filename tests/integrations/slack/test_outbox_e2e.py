"""The lead's outbox delivering through SlackWorkspace to the local Slack: Retry-After is honoured
through the injected clock, and a reply lost after Slack posted does not post twice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.cards import Card
from bot.core.config import OutboxConfig, SlackWorkspaceConfig, StoreConfig
from bot.engine.outbox import Outbox
from integrations.slack.workspace import SlackWorkspace
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack

store_mod = pytest.importorskip("bot.store", reason="bot.store (the lead's stores) not in tree yet")

CH = "C0OPS"


@pytest.fixture
async def outbox(tmp_path: Path, clock: FakeClock,
                 slack_config: SlackWorkspaceConfig) -> AsyncIterator[Outbox]:
    store: Any = await store_mod.open_store(
        StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), redis_url=None, clock=clock)
    yield Outbox(store, {"acme": SlackWorkspace(slack_config)}, clock=clock,
                 config=OutboxConfig(backoff_base=1.0), owner="t")
    await store.close()


def alert(status: str = "new") -> Card:
    return Card(kind="alert", key="sig-1|support", title="Outage reports", status=status)


async def test_retry_after_from_slack_is_honoured(
    outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    fake_slack.fail(status=429, error="ratelimited", retry_after=30)
    assert await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    assert fake_slack.top_level(CH) == []
    clock.advance(seconds=29)
    await outbox.drain()
    assert fake_slack.top_level(CH) == []  # not before Retry-After
    clock.advance(seconds=2)
    await outbox.drain()
    assert len(fake_slack.top_level(CH)) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


async def test_lost_reply_after_posting_edits_instead_of_posting_twice(
    outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    fake_slack.fail(method="chat.postMessage", status=500, error="internal_error",
                    lose_answer=True)
    await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    assert len(fake_slack.top_level(CH)) == 1  # Slack posted it; we never heard back
    clock.advance(minutes=10)
    await outbox.drain()
    assert len(fake_slack.top_level(CH)) == 1
    assert fake_slack.calls_to("conversations.history")  # found by metadata
    await outbox.send(key="k1#2", workspace="acme", channel=CH, card=alert("claimed"),
                      update=True)
    await outbox.drain()
    (msg,) = fake_slack.top_level(CH)
    assert "claimed" in str(msg["blocks"])
