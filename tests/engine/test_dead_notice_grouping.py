"""A channel failing for one cause (the bot removed from it, a console's record file made
read-only) gives its cards up by the hundred, and the ops channel got one "failed for good"
notice per card: 104 in an SRE's review, each paging whoever watches it. Each hour a channel's
first three are announced one by one, the fourth once for the rest of the hour (how many so
far, and how to list and retry them), the others only in the log, the metric and the dead
list, as PagerDuty groups the alerts of one incident. The outbox, a real store (a SQLite file,
a real redis-server) and the Slack client are the real ones, against the local Slack Web API;
the clock is injected."""

from __future__ import annotations

from bot.core.cards import Card, OutboxItem
from bot.core.config import OutboxConfig
from bot.core.effects import Effects
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.engine.outbox import NOTICES_AN_HOUR, Outbox
from tests.conftest import FakeClock
from tests.engine.test_secret_errors import slack_workspace
from tests.support.fake_slack import FakeSlack


async def _give_up(store: Store, outbox: Outbox, clock: FakeClock, first: int, n: int) -> None:
    fx = Effects()
    for i in range(first, first + n):
        fx.send(OutboxItem.new(key=f"A-{i}@C1", workspace="slack", channel="C1",
                               card=Card(kind="alert", key=f"A-{i}", title=f"alert {i}"),
                               now=clock()))
    assert await store.apply(fx)
    for _ in range(3):
        await outbox.drain()
        clock.advance(minutes=2)  # past give_up_after_minutes: the next failure gives up
    for _ in range(n):
        await outbox.drain()
        clock.advance(seconds=2)  # the ops channel's pace


async def test_a_channel_failing_for_good_is_told_a_few_times_an_hour_not_per_card(
        store: Store, clock: FakeClock) -> None:
    clock.now = clock.now.replace(minute=5)
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        slack.fail(times=100_000, method="chat.postMessage", error="channel_not_found")
        outbox = Outbox(store, {"slack": slack_workspace("slack", slack),
                                "ops": slack_workspace("ops", ops_slack)},
                        clock=clock, config=OutboxConfig(give_up_after_minutes=1),
                        ops=ChannelRef(workspace="ops", channel="COPS"))
        await _give_up(store, outbox, clock, 1, 12)
        assert len(await store.list_outbox(status="dead")) == 12  # every card kept, listed
        told = [str(m) for m in ops_slack.messages["COPS"]]
        assert len(told) == NOTICES_AN_HOUR + 1, told
        assert all("Delivery to C1 failed for good" in t for t in told[:NOTICES_AN_HOUR])
        rest = told[-1]
        assert "Deliveries to C1 keep failing for good" in rest, rest
        assert f"{NOTICES_AN_HOUR + 1} cards to C1 given up this hour" in rest, rest
        assert "not announced one by one" in rest and "retry all" in rest, rest

        clock.advance(hours=1)  # the next hour: told again, one by one
        await _give_up(store, outbox, clock, 100, 1)
        told = [str(m) for m in ops_slack.messages["COPS"]]
        assert len(told) == NOTICES_AN_HOUR + 2, told
        assert "Delivery to C1 failed for good" in told[-1] and "alert 100" in told[-1]
