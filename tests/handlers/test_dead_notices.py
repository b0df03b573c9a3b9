"""The ops channel's notice that a delivery failed for good, itself dead (the bot was out of
the ops channel too, as when it is removed from a Discord server): sent again only while
the delivery it is about is still dead. A notice about a delivery sent again, or delivered
since, is news no more (PagerDuty or Grafana OnCall would page on it), on both real stores."""

from __future__ import annotations

from bot.core.cards import Card, OutboxItem
from bot.core.cards import delivery_id as short_id
from bot.core.effects import Effects
from bot.core.models import ChannelRef
from bot.core.ports import Store
from handlers.audit import Audit
from handlers.deliveries import Deliveries
from tests.conftest import FakeClock

OPS = ChannelRef(workspace="console", channel="ops")


async def _dies(store: Store, item: OutboxItem) -> OutboxItem:
    fx = Effects()
    fx.send(item)
    assert await store.apply(fx)
    [claimed] = await store.claim_due(now=item.next_attempt_at, owner="w", lease_seconds=30,
                                      limit=1)
    await store.retry_later(claimed.key, owner="w", at=item.next_attempt_at,
                            error="Missing Access", dead=True)
    found = await store.get_outbox(item.key)
    assert found is not None and found.status == "dead"
    return found


async def _card_and_notice(store: Store, clock: FakeClock) -> tuple[OutboxItem, OutboxItem]:
    card = await _dies(store, OutboxItem.new(
        key="T-1@sales", workspace="console", channel="sales",
        card=Card(kind="alert", key="T-1", title="t"), now=clock()))
    notice = Card(kind="notice", key=card.dead_notice(), title="Delivery to sales failed")
    dead = await _dies(store, OutboxItem.new(key=f"{notice.key}@ops", workspace="console",
                                             channel="ops", card=notice, now=clock()))
    assert dead.notice_subject() == card.key
    return card, dead


def _deliveries(store: Store, clock: FakeClock) -> Deliveries:
    return Deliveries(store, clock=clock, audit=Audit(clock=clock), hint=lambda _: "", ops=OPS)


async def test_a_notice_about_a_delivery_sent_again_is_not_sent(
        store: Store, clock: FakeClock) -> None:
    card, notice = await _card_and_notice(store, clock)
    deliveries = _deliveries(store, clock)
    assert (await deliveries.retry(short_id(card.key), "carol")).ok
    [claimed] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=5)
    await store.finish(claimed.key, owner="w", ref=None)
    reply = await deliveries.retry(short_id(notice.key), "carol")
    assert (reply.ok, reply.text) == (True, (
        f"{short_id(notice.key)} is the notice that {short_id(card.key)} failed for good, "
        "which is delivered now: nothing to retry; the notice is settled (no longer listed)"))
    # nor the notice's 'retried by' edit: settled (tests/handlers/test_settled_notices.py)
    assert await store.list_outbox(status="pending") == []
    assert await store.get_outbox(notice.key) is None


async def test_a_notice_about_a_delivery_still_dead_is_sent(
        store: Store, clock: FakeClock) -> None:
    card, notice = await _card_and_notice(store, clock)
    assert (await _deliveries(store, clock).retry(short_id(notice.key), "carol")).ok
    assert [i.key for i in await store.list_outbox(status="pending")] == [notice.key]
    assert [i.key for i in await store.list_outbox(status="dead")] == [card.key]


async def test_a_notice_of_a_death_the_delivery_died_again_after_is_not_sent(
        store: Store, clock: FakeClock) -> None:
    """A delivery retried and given up again has a notice of its own for the second death
    (``dead_notice`` renews with each): the first death's notice, dead too, is news no more
    while the delivery is dead again, or the ops channel is told of one failure twice."""
    card, first = await _card_and_notice(store, clock)
    deliveries = _deliveries(store, clock)
    clock.advance(seconds=60)
    assert (await deliveries.retry(short_id(card.key), "carol")).ok
    again = await _dies(store, (await store.get_outbox(card.key)))  # type: ignore[arg-type]
    notice = Card(kind="notice", key=again.dead_notice(), title="Delivery to sales failed")
    second = await _dies(store, OutboxItem.new(key=f"{notice.key}@ops", workspace="console",
                                               channel="ops", card=notice, now=clock()))
    assert second.key != first.key and second.notice_subject() == card.key
    reply = await deliveries.retry(short_id(first.key), "carol")
    assert (reply.ok, reply.text) == (True, (
        f"{short_id(first.key)} is the notice that {short_id(card.key)} failed for good, "
        f"which failed again since ({short_id(second.key)} says so): nothing to retry; the "
        "notice is settled (no longer listed)"))
    assert await store.list_outbox(status="pending") == []
    assert await store.get_outbox(first.key) is None
    reply = await deliveries.retry("all", "carol")  # the delivery sent again, no notice
    assert [i.key for i in await store.list_outbox(status="pending")] == [card.key]
    assert "1 notice about a delivery sent again was not sent and is settled" in reply.text
