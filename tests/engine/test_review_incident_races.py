"""A channel's edit lane has a lease of its own, so a card given up in its edit lane and one
given up (or delivered) in its posts lane, by another process, run at once: each read the
channel's incident state and wrote it whole, the later write over the earlier (a count one
short, a second "failed for good" notice for one incident, an incident's end lost). The state
is written now only if it is still what was read (a compare-and-set in the settle's own
write), read again and counted again otherwise. Two processes' connections to one store (a
SQLite file, a real redis-server); the interleaving is forced at the read (the last inch)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.core import keys as K
from bot.core.cards import Card, OutboxItem
from bot.core.effects import Effects
from bot.core.errors import WriteConflict
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_dead_notice_grouping import _outbox, told
from tests.support.fake_slack import FakeSlack


class _Meanwhile:
    """One process's store: as it reads the channel's incident state, the other process
    runs ``meanwhile`` (once) before the read value is handed back."""

    def __init__(self, store: Store, meanwhile: Callable[[], Awaitable[None]]) -> None:
        self.store = store
        self.meanwhile: Callable[[], Awaitable[None]] | None = meanwhile

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    async def get_cursor(self, key: str) -> str | None:
        value = await self.store.get_cursor(key)
        if key == K.dead_incidents("slack", "C1") and self.meanwhile is not None:
            run, self.meanwhile = self.meanwhile, None
            await run()
        return value


def _card(i: int) -> Card:
    return Card(kind="alert", key=f"A-{i}", title=f"alert {i}")


async def _shown_card(store: Store, outbox: object, clock: FakeClock) -> None:
    """Card A-1 delivered to C1 (its message ref kept: an edit of it goes in the edit lane)."""
    fx = Effects()
    fx.send(OutboxItem.new(key="A-1@C1", workspace="slack", channel="C1", card=_card(1),
                           now=clock()))
    assert await store.apply(fx)
    await outbox.drain()  # type: ignore[attr-defined]


async def _queue(store: Store, item: OutboxItem) -> None:
    fx = Effects()
    fx.send(item)
    assert await store.apply(fx)


async def test_a_give_up_in_the_edit_lane_beside_one_in_the_posts_lane_counts_both(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    first, second = two_stores
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        a0 = _outbox(first, clock, slack, ops_slack, owner="a")
        await _shown_card(first, a0, clock)
        slack.outside_channels.add("C1")  # the bot removed from C1: not_in_channel
        edit = OutboxItem.new(key="A-1@C1#2", workspace="slack", channel="C1",
                              card=_card(1).model_copy(update={"title": "alert 1, edited"}),
                              now=clock(), update=True)
        await _queue(first, edit)
        clock.advance(minutes=2)  # past give_up_after_minutes: each failure gives up
        b = _outbox(second, clock, slack, ops_slack, owner="b")

        async def posts_lane_gives_up() -> None:
            await _queue(second, OutboxItem.new(key="A-2@C1", workspace="slack", channel="C1",
                                                card=_card(2),
                                                now=clock() - timedelta(minutes=2)))
            await b.drain()  # no clock moved: process a's lease holds

        a = _outbox(_Meanwhile(first, posts_lane_gives_up), clock, slack,  # type: ignore[arg-type]
                    ops_slack, owner="a")
        await a.drain()
        assert len(await first.list_outbox(status="dead")) == 2
        state = json.loads(await first.get_cursor(K.dead_incidents("slack", "C1")) or "{}")
        assert [inc["n"] for inc in state["open"].values()] == [2], state
        for _ in range(5):
            await a.drain()
            await b.drain()
            clock.advance(seconds=2)
        shown = told(ops_slack)
        assert len(shown) == 1, shown  # one incident, one notice
        assert "2 cards to C1 given up since" in shown[0], shown[0]


async def test_a_delivery_in_the_posts_lane_beside_a_give_up_in_the_edit_lane_ends_it_once(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    """The posts lane's delivery read an open incident and ends it; the edit lane's give-up,
    by another process meanwhile, counted one more in it: that one is not lost under the
    end (it is told in the end's count, or opens the next incident)."""
    first, second = two_stores
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        a0 = _outbox(first, clock, slack, ops_slack, owner="a")
        await _shown_card(first, a0, clock)
        slack.outside_channels.add("C1")
        # one card given up: the incident is open
        await _queue(first, OutboxItem.new(key="A-3@C1", workspace="slack", channel="C1",
                                           card=_card(3), now=clock()))
        clock.advance(minutes=2)
        await a0.drain()
        assert len(await first.list_outbox(status="dead")) == 1
        # an edit of A-1 queued, given up in the edit lane by process b meanwhile
        b = _outbox(second, clock, slack, ops_slack, owner="b")
        clock.advance(minutes=1)

        async def edit_lane_gives_up() -> None:
            await _queue(second, OutboxItem.new(
                key="A-1@C1#2", workspace="slack", channel="C1",
                card=_card(1).model_copy(update={"title": "alert 1, edited"}),
                now=clock() - timedelta(minutes=2), update=True))
            slack.outside_channels.add("C1")
            await b.drain()
            slack.outside_channels.discard("C1")

        slack.outside_channels.discard("C1")  # process a's post works
        await _queue(first, OutboxItem.new(key="A-4@C1", workspace="slack", channel="C1",
                                           card=_card(4), now=clock()))
        a = _outbox(_Meanwhile(first, edit_lane_gives_up), clock, slack,  # type: ignore[arg-type]
                    ops_slack, owner="a")
        await a.drain()
        assert len(await first.list_outbox(status="dead")) == 2
        for _ in range(5):
            await a.drain()
            await b.drain()
            clock.advance(seconds=2)
        shown = told(ops_slack)
        # the edit lane's give-up is in the end's count, or (after it) an incident still open
        state = json.loads(await first.get_cursor(K.dead_incidents("slack", "C1")) or "{}")
        counted = sum(inc["n"] for inc in state["open"].values())
        ended = [m for m in shown if "work again" in m]
        assert len(ended) == 1, shown
        assert ("2 given up meanwhile" in ended[0]) != (counted == 1), (shown, state)


async def test_a_cursor_written_only_if_unchanged_conflicts_and_writes_nothing(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    """The store's side: ``Effects.swap_cursor`` in ``apply`` (False) and in a settle
    (``WriteConflict``), nothing of either written; the settle goes through read again."""
    first, second = two_stores
    await _queue(first, OutboxItem.new(key="A-9@C1", workspace="slack", channel="C1",
                                       card=_card(9), now=clock()))
    assert await first.get_cursor("state") is None
    fx = Effects()
    fx.swap_cursor("state", "one", expected=None)
    assert await second.apply(fx)
    stale = Effects()
    stale.swap_cursor("state", "two", expected=None)
    stale.cursors["other"] = "x"
    assert not await first.apply(stale)
    assert await first.get_cursor("state") == "one" and await first.get_cursor("other") is None
    [claimed] = await first.claim_due(now=clock(), owner="a", lease_seconds=60, limit=10)
    try:
        await first.retry_later(claimed.key, owner="a", at=clock(), error="e", dead=True,
                                effects=stale)
    except WriteConflict:
        pass
    else:
        raise AssertionError("a settle over a changed cursor was written")
    assert await first.list_outbox(status="dead") == []
    fresh = Effects()
    fresh.swap_cursor("state", "two", expected="one")
    await first.retry_later(claimed.key, owner="a", at=clock(), error="e", dead=True,
                            effects=fresh)
    assert [i.key for i in await first.list_outbox(status="dead")] == ["A-9@C1"]
    assert await second.get_cursor("state") == "two"
