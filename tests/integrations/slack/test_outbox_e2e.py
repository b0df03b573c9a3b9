"""The lead's outbox delivering through SlackWorkspace to the local Slack: Retry-After is honoured
through the injected clock, and a reply lost after Slack posted does not post twice (a card, or
a thread line in a busy thread)."""

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


@pytest.mark.parametrize("replies", ["before the line was queued", "while it waited"])
async def test_a_retried_line_is_found_in_a_thread_of_more_than_600_replies(
    outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock, replies: str
) -> None:
    """A card's thread holds 650 replies, posted an hour before a note was queued or after it
    was (while it waited for its turn); Slack shows the note and its answer is lost. The next
    attempt looks for the note's key among the replies since it was queued, page after page,
    and does not post it again. (It looked among the thread's first 600 replies before.)"""
    fake_slack.clock = lambda: clock().timestamp()  # Slack's clock is ours
    await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    [card] = fake_slack.top_level(CH)

    def busy() -> None:
        for n in range(650):
            fake_slack.reply(CH, card["ts"], f"reply {n}")

    if replies == "before the line was queued":
        busy()
        clock.advance(hours=1)
    note = alert("claimed").model_copy(update={"thread_note": "alice noted: call back"})
    await outbox.send(key="k1#2", workspace="acme", channel=CH, card=note, update=True)
    if replies == "while it waited":
        busy()
    fake_slack.fail(method="chat.postMessage", status=500, error="internal_error",
                    lose_answer=True)
    await outbox.drain()
    clock.advance(minutes=10)
    await outbox.drain()
    assert not await outbox.store.list_outbox(status="pending")
    lines = [m for m in fake_slack.thread(CH, card["ts"]) if m.get("metadata")]
    assert [m["metadata"]["event_payload"]["key"] for m in lines] == ["k1#2"]
