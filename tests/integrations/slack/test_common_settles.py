"""The common path's settles through the outbox, the local Slack and a real store (a SQLite
file, a real redis-server), after the stale-settle rules (a18e848, 0f876ba, 8a1131c: a settle
is written only while its item waits, a failure not over a retry made since nor while another
owner holds the card's lane). One process, never stopped: a 500 then the retry by the same
process, a refusal in a channel the bot left, a 429 with its Retry-After, and an edit's 500
while another process holds the channel's posts lane (the other lane: it must not block). Each
card is shown once, settled as it was before those rules, the counts equal a recount."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.cards import Card
from bot.core.config import OutboxConfig, SlackWorkspaceConfig, StoreConfig
from bot.core.models import ChannelRef, MessageRef
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from bot.store import open_store
from integrations.slack.workspace import SlackWorkspace
from tests.conftest import FakeClock
from tests.store.test_contract import enqueue, item
from tests.store.test_stale_settles import counted
from tests.support.fake_slack import FakeSlack

CH, OPS = "C0SUP", "C0OPS"
DELIVERED = f"delivered\x1facme:{CH}"


@pytest.fixture(params=["sqlite", "redis"])
def config(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[StoreConfig, str | None]:
    if request.param == "sqlite":
        return StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), None
    return StoreConfig(backend="redis"), str(request.getfixturevalue("redis_url"))


@pytest.fixture
async def store(config: tuple[StoreConfig, str | None],
                clock: FakeClock) -> AsyncIterator[Store]:
    opened = await open_store(config[0], redis_url=config[1], clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
def outbox(store: Store, clock: FakeClock, slack_config: SlackWorkspaceConfig) -> Outbox:
    return Outbox(store, {"acme": SlackWorkspace(slack_config)}, clock=clock,
                  config=OutboxConfig(backoff_base=1.0), owner="t",
                  ops=ChannelRef(workspace="acme", channel=OPS))


def alert(status: str = "new") -> Card:
    return Card(kind="alert", key="sig-1|support", title="Outage reports", status=status)


async def delivered(store: Store) -> int:
    return sum((await store.tallies(0)).get(DELIVERED, {}).values())


async def test_a_500_then_the_retry_by_the_same_process(
        store: Store, outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock) -> None:
    fake_slack.fail(method="chat.postMessage", status=500, error="internal_error")
    await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    got = await store.get_outbox("k1")
    assert got is not None and (got.status, got.attempts) == ("pending", 1), got
    assert got.last_error is not None and "internal_error" in got.last_error
    assert fake_slack.top_level(CH) == []
    assert await counted(store) == {"pending": 1, "sent": 0, "dead": 0}
    clock.advance(minutes=10)
    await outbox.drain()
    assert len(fake_slack.top_level(CH)) == 1
    got = await store.get_outbox("k1")
    assert got is not None and got.status == "sent" and got.ref is not None
    assert await counted(store) == {"pending": 0, "sent": 1, "dead": 0}
    assert await delivered(store) == 1
    assert await store.message_ref(alert().key, "acme", CH) == got.ref


async def test_a_refusal_in_a_channel_the_bot_left(
        store: Store, outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock) -> None:
    fake_slack.fail(method="chat.postMessage", error="not_in_channel")
    await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    got = await store.get_outbox("k1")
    assert got is not None and (got.status, got.attempts) == ("dead", 1), got
    assert [i.key for i in await store.list_outbox(status="dead")] == ["k1"]
    assert fake_slack.top_level(CH) == []
    (notice,) = fake_slack.top_level(OPS)  # the dead-letter notice, once
    assert "failed for good" in str(notice)
    assert await counted(store) == {"pending": 0, "sent": 1, "dead": 1}
    clock.advance(minutes=10)
    await outbox.drain()
    assert len(fake_slack.top_level(OPS)) == 1 and fake_slack.top_level(CH) == []


async def test_a_429_with_its_retry_after(
        store: Store, outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock) -> None:
    fake_slack.fail(method="chat.postMessage", status=429, error="ratelimited", retry_after=30)
    await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    got = await store.get_outbox("k1")
    assert got is not None and (got.status, got.attempts) == ("pending", 1), got
    clock.advance(seconds=29)
    await outbox.drain()
    assert fake_slack.top_level(CH) == []
    clock.advance(seconds=2)
    await outbox.drain()
    assert len(fake_slack.top_level(CH)) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    # the 429 took its claim back: the retry was the first that may have shown the card,
    # so it posted without looking for it first
    assert fake_slack.calls_to("conversations.history") == []
    assert await counted(store) == {"pending": 0, "sent": 1, "dead": 0}
    assert await delivered(store) == 1


async def test_an_edits_500_while_another_process_holds_the_posts_lane(
        store: Store, outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock,
        config: tuple[StoreConfig, str | None]) -> None:
    await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    (shown,) = fake_slack.top_level(CH)
    other = await open_store(config[0], redis_url=config[1], clock=clock)
    try:
        # another process (its own owner) claims a new card of the channel: the posts lane
        await enqueue(store, item("n1", CH, clock, workspace="acme"))
        [n1] = await other.claim_due(now=clock(), owner="q", lease_seconds=60, limit=10)
        assert (n1.key, n1.lane) == ("n1", "")
        fake_slack.fail(method="chat.update", status=500, error="internal_error")
        await outbox.send(key="k1#2", workspace="acme", channel=CH, card=alert("claimed"),
                          update=True)
        await outbox.drain()
        got = await store.get_outbox("k1#2")
        assert got is not None and (got.status, got.attempts) == ("pending", 1), got
        # written: its lane is the edits', not the one q holds
        assert [(i.key, i.lane) for i in await store.list_outbox(status="pending")] == [
            ("n1", ""), ("k1#2", K.EDITS)]
        clock.advance(seconds=20)  # the retry's backoff, within q's lease
        await outbox.drain()
        got = await store.get_outbox("k1#2")
        assert got is not None and got.status == "sent", got
        assert "claimed" in str(fake_slack.message(CH, shown["ts"]))
        assert len(fake_slack.calls_to("chat.update")) == 2
        await other.finish("n1", owner="q", ref=MessageRef(workspace="acme", channel=CH,
                                                            message_id="n1"))
        assert await counted(store) == {"pending": 0, "sent": 3, "dead": 0}
        assert len(fake_slack.top_level(CH)) == 1  # n1 "posted" by q: not through this Slack
    finally:
        await other.close()
