"""A channel failing for one cause (the bot removed from it, a console's record file made
read-only) gives its cards up by the hundred, and the ops channel got one "failed for good"
notice per card: 104 in an SRE's review, each paging whoever watches it; grouped per clock hour
after that, an hourly digest to a channel the bot left was still announced every hour, all day.
Now one incident a channel and cause, as PagerDuty and Grafana OnCall group an incident's
alerts: its first death is announced, each later one edits that notice's count, until a
delivery to the channel works again (said once, with how many were given up meanwhile) or none
is given up for ``INCIDENT_QUIET``; another cause on the same channel is another incident. The
outbox, a real store (a SQLite file, a real redis-server; two connections for two processes)
and the Slack client are the real ones, against the local Slack Web API; the clock is
injected."""

from __future__ import annotations

import json
import logging

import pytest

from bot.core import keys as K
from bot.core.cards import Card, OutboxItem
from bot.core.config import OutboxConfig
from bot.core.effects import Effects
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.engine.outbox import INCIDENT_CHECK, INCIDENT_QUIET, Outbox
from tests.conftest import FakeClock
from tests.engine.test_secret_errors import slack_workspace
from tests.support.fake_slack import FakeSlack

OPS = ChannelRef(workspace="ops", channel="COPS")


def _outbox(store: Store, clock: FakeClock, slack: FakeSlack, ops_slack: FakeSlack,
            owner: str = "main") -> Outbox:
    return Outbox(store, {"slack": slack_workspace("slack", slack),
                          "ops": slack_workspace("ops", ops_slack)},
                  clock=clock, config=OutboxConfig(give_up_after_minutes=1), ops=OPS,
                  owner=owner)


async def _queue(store: Store, clock: FakeClock, first: int, n: int) -> None:
    fx = Effects()
    for i in range(first, first + n):
        fx.send(OutboxItem.new(key=f"A-{i}@C1", workspace="slack", channel="C1",
                               card=Card(kind="alert", key=f"A-{i}", title=f"alert {i}"),
                               now=clock()))
    assert await store.apply(fx)


async def _send(store: Store, outbox: Outbox, clock: FakeClock, first: int, n: int) -> None:
    """Queue ``n`` cards to C1 and drain until each is delivered or given up."""
    await _queue(store, clock, first, n)
    for _ in range(3):
        await outbox.drain()
        clock.advance(minutes=2)  # past give_up_after_minutes: the next failure gives up
    for _ in range(n + 5):
        await outbox.drain()
        clock.advance(seconds=2)  # the ops channel's pace


def told(ops_slack: FakeSlack) -> list[str]:
    """The ops channel's messages as they read now (edits applied)."""
    return [json.dumps(m) for m in ops_slack.top_level("COPS")]


async def test_a_channel_failing_for_good_is_one_notice_edited_with_its_count(
        store: Store, clock: FakeClock) -> None:
    clock.now = clock.now.replace(minute=5)
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        slack.outside_channels.add("C1")  # the bot removed from C1: not_in_channel
        outbox = _outbox(store, clock, slack, ops_slack)
        await _send(store, outbox, clock, 1, 12)
        assert len(await store.list_outbox(status="dead")) == 12  # every card kept, listed
        shown = told(ops_slack)
        assert len(shown) == 1, shown
        assert "Deliveries to C1 keep failing for good" in shown[0], shown[0]
        assert "12 cards to C1 given up since" in shown[0], shown[0]
        assert "alert 12" in shown[0] and "retry all" in shown[0], shown[0]

        clock.advance(hours=3)  # hours later, the same cause: the same incident, edited
        await _send(store, outbox, clock, 100, 1)
        shown = told(ops_slack)
        assert len(shown) == 1, shown
        assert "13 cards to C1 given up since" in shown[0] and "alert 100" in shown[0]


async def test_another_cause_on_the_same_channel_is_another_notice(
        store: Store, clock: FakeClock) -> None:
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        slack.outside_channels.add("C1")
        outbox = _outbox(store, clock, slack, ops_slack)
        await _send(store, outbox, clock, 1, 2)
        slack.outside_channels.clear()
        slack.fail(times=100, method="chat.postMessage", error="channel_not_found")
        await _send(store, outbox, clock, 10, 2)
        shown = told(ops_slack)
        assert len(shown) == 2, shown
        assert "not_in_channel" in shown[0] and "2 cards to C1" in shown[0], shown[0]
        assert "channel_not_found" in shown[1] and "2 cards to C1" in shown[1], shown[1]


async def test_the_channel_working_again_is_told_once_and_ends_the_incident(
        store: Store, clock: FakeClock) -> None:
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        slack.outside_channels.add("C1")
        outbox = _outbox(store, clock, slack, ops_slack)
        await _send(store, outbox, clock, 1, 5)
        slack.outside_channels.clear()  # invited back
        await _send(store, outbox, clock, 20, 3)  # each delivered
        shown = told(ops_slack)
        assert len(shown) == 2, shown
        assert "Deliveries to C1 work again: 5 given up meanwhile" in shown[1], shown[1]
        # a `retry all` may be what ended it: the line does not say all are still given up
        assert "those not sent again yet: `deliveries` lists them, `retry all` sends them" \
            in shown[1], shown[1]
        assert len(slack.top_level("C1")) == 3

        clock.advance(seconds=INCIDENT_CHECK + 1)  # read again: nothing more to tell
        await _send(store, outbox, clock, 30, 1)
        assert len(told(ops_slack)) == 2

        slack.outside_channels.add("C1")  # removed again: a new incident, a new notice
        await _send(store, outbox, clock, 40, 1)
        shown = told(ops_slack)
        assert len(shown) == 3 and "Delivery to C1 failed for good" in shown[2], shown


async def test_an_incident_quiet_for_long_is_over(store: Store, clock: FakeClock) -> None:
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        slack.outside_channels.add("C1")
        outbox = _outbox(store, clock, slack, ops_slack)
        await _send(store, outbox, clock, 1, 1)
        clock.advance(seconds=INCIDENT_QUIET + 60)
        await _send(store, outbox, clock, 2, 1)
        shown = told(ops_slack)
        assert len(shown) == 2, shown
        assert all("Delivery to C1 failed for good" in s for s in shown), shown


async def test_two_processes_tell_one_incident_once_and_its_end_once(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    first, second = two_stores
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        slack.outside_channels.add("C1")
        a = _outbox(first, clock, slack, ops_slack, owner="a")
        b = _outbox(second, clock, slack, ops_slack, owner="b")
        await _send(first, a, clock, 1, 2)
        await _send(second, b, clock, 10, 2)  # the other process, the same incident
        await _send(first, a, clock, 20, 1)
        shown = told(ops_slack)
        assert len(shown) == 1, shown
        assert "5 cards to C1 given up since" in shown[0], shown[0]
        slack.outside_channels.clear()
        await _send(second, b, clock, 30, 1)
        await _send(first, a, clock, 31, 1)  # a read its channel's state before: a gave up
        shown = told(ops_slack)
        assert len(shown) == 2, shown
        assert "work again: 5 given up meanwhile" in shown[1], shown[1]


class _Counting:
    """The store, counting the reads of channels' incident states (the last inch)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.reads = 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    async def get_cursor(self, key: str) -> str | None:
        self.reads += key.startswith(K.dead_incidents("", "").split(":")[0])
        return await self.store.get_cursor(key)


async def test_deliveries_without_an_incident_read_its_state_once_a_minute(
        store: Store, clock: FakeClock) -> None:
    counting = _Counting(store)
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        outbox = _outbox(counting, clock, slack, ops_slack)  # type: ignore[arg-type]
        await _queue(store, clock, 1, 20)
        for _ in range(25):
            await outbox.drain()
            clock.advance(seconds=1)
        assert len(slack.top_level("C1")) == 20
        assert counting.reads == 1
        # nothing written for it either: no incident, no state
        assert await store.get_cursor(K.dead_incidents("slack", "C1")) is None


class _Killed(Exception):
    pass


class _KilledAtGiveUp:
    """The store of a process killed as it gives a card up: the write never lands (the last
    inch: the kill itself is the process's end, which the fresh outbox stands for)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    async def retry_later(self, key: str, **kw: object) -> object:
        if kw.get("dead"):
            raise _Killed(key)
        return await self.store.retry_later(key, **kw)  # type: ignore[arg-type]


async def test_a_kill_as_a_card_is_given_up_loses_neither_it_nor_its_notice(
        store: Store, clock: FakeClock) -> None:
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        slack.outside_channels.add("C1")
        killed = _outbox(_KilledAtGiveUp(store), clock, slack, ops_slack,  # type: ignore[arg-type]
                         owner="a")
        await _queue(store, clock, 1, 1)
        try:
            await killed.drain()
        except _Killed:
            pass
        assert await store.list_outbox(status="dead") == []
        assert await store.get_cursor(K.dead_incidents("slack", "C1")) is None
        clock.advance(minutes=5)  # its lease lapses; the process started again takes it up
        await _send(store, _outbox(store, clock, slack, ops_slack, owner="b"), clock, 2, 0)
        assert len(await store.list_outbox(status="dead")) == 1
        shown = told(ops_slack)
        assert len(shown) == 1 and "Delivery to C1 failed for good" in shown[0], shown


async def test_each_give_up_logs_what_to_fix(store: Store, clock: FakeClock,
                                             caplog: pytest.LogCaptureFixture) -> None:
    """The ERROR line of each card given up (all an operator without an ops channel sees)
    says what to do, as the notice's Fix field does: a newcomer whose channel id was wrong
    read only 'giving up on ... not_in_channel'."""
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        slack.outside_channels.add("C1")
        outbox = _outbox(store, clock, slack, ops_slack)
        with caplog.at_level(logging.ERROR, logger="bot.engine.outbox"):
            await _send(store, outbox, clock, 1, 1)
        lines = [r.getMessage() for r in caplog.records if "giving up on" in r.getMessage()]
        assert len(lines) == 1 and lines[0].endswith("; fix: invite the bot to the channel"), \
            lines
