"""A channel's incident state (``keys.dead_incidents``) hand-damaged in the store: the outbox
reads it at each delivery to the channel (``_resolve``) and at each give-up (``_incident``).
Nested past Python's recursion limit, ``json.loads`` raised RecursionError (not the
ValueError read as "no state"), and a field of the wrong type (``"last": "x"``) raised from
``float()``: a card to the channel, once Slack took it, stayed pending (its delivery never
recorded) and every drain of the outbox raised; a card given up there raised the same. A
damaged state reads as none, as the docstring says. Real stores (a SQLite file, a real
redis-server), the real outbox and Slack client against the local Slack Web API."""

from __future__ import annotations

import json

import pytest

from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_dead_notice_grouping import _outbox, _queue, _send, told
from tests.support.fake_slack import FakeSlack

DEEP = "[" * 100_000 + "]" * 100_000
DAMAGED = {
    "deep": DEEP,
    "deep_inside": json.dumps({"open": {}, "next": {}})[:-1] + ', "x": ' + DEEP + "}",
    "last_not_a_number": json.dumps({"open": {"not_in_channel": {
        "n": 3, "last": "x", "opened": 1, "number": 0, "notice": "k", "card": "c"}},
        "next": {}}),
    "fields_of_wrong_types": json.dumps({"open": {"not_in_channel": {
        "n": [], "last": 1e300, "opened": {}, "number": "2", "notice": 5, "card": None}},
        "next": {"not_in_channel": "many"}}),
}


async def _damage(store: Store, raw: str) -> None:
    fx = Effects()
    fx.cursors[K.dead_incidents("slack", "C1")] = raw
    assert await store.apply(fx)


@pytest.mark.parametrize("damage", sorted(DAMAGED))
async def test_a_damaged_incident_state_does_not_stop_deliveries_to_its_channel(
        store: Store, clock: FakeClock, damage: str) -> None:
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        await _damage(store, DAMAGED[damage])
        outbox = _outbox(store, clock, slack, ops_slack)
        await _queue(store, clock, 1, 2)
        for _ in range(4):
            await outbox.drain()
            clock.advance(seconds=2)
        assert len(slack.top_level("C1")) == 2, slack.top_level("C1")  # each once
        assert await store.list_outbox(status="pending") == []


@pytest.mark.parametrize("damage", sorted(DAMAGED))
async def test_a_damaged_incident_state_does_not_stop_giving_up(
        store: Store, clock: FakeClock, damage: str) -> None:
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        await _damage(store, DAMAGED[damage])
        slack.outside_channels.add("C1")  # not_in_channel: each card given up
        outbox = _outbox(store, clock, slack, ops_slack)
        await _send(store, outbox, clock, 1, 3)
        assert len(await store.list_outbox(status="dead")) == 3
        shown = told(ops_slack)
        assert len(shown) == 1 and "3 cards to C1 given up since" in shown[0], shown
