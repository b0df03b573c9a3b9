"""``retry all`` settles the ops notices it leaves out (3d699cf, 68c8094): a notice about a
delivery sent again, delivered, or dead again with a notice of its own is news no more, and
was left dead, so every later ``retry all`` and the dead list reported it again until
retention removed it (30 days). It is removed now, as retention would, in one write with its
audit event, on both real stores; a notice whose delivery is still dead stays."""

from __future__ import annotations

from bot.core.cards import delivery_id as short_id
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.handlers.test_dead_notices import _card_and_notice, _deliveries


async def test_retry_all_settles_a_notice_about_a_delivery_sent_again(
        store: Store, clock: FakeClock) -> None:
    card, notice = await _card_and_notice(store, clock)
    deliveries = _deliveries(store, clock)
    reply = await deliveries.retry("all", "carol")
    assert reply.text == ("1 dead delivery sent again; 1 notice about a delivery sent again "
                          "was not sent and is settled"), reply.text
    assert [i.key for i in await store.list_outbox(status="pending")] == [card.key]
    assert await store.list_outbox(status="dead") == []  # the dead list no longer shows it
    assert await store.get_outbox(notice.key) is None
    assert (await store.outbox_counts())["dead"] == 0
    [event] = [e for e in await store.audit_since() if e.action == "outbox.settle"]
    assert (event.actor, event.object_id) == ("carol", notice.key)
    again = await deliveries.retry("all", "carol")
    assert (again.ok, again.text) == (False, "No dead deliveries to retry.")
    assert "is not dead" not in (await deliveries.retry(short_id(notice.key), "carol")).text


async def test_retry_all_keeps_a_notice_about_a_delivery_still_dead(
        store: Store, clock: FakeClock) -> None:
    """Its delivery dead and kept, the notice is news: sent, never settled."""
    card, notice = await _card_and_notice(store, clock)
    assert (await _deliveries(store, clock).retry(short_id(notice.key), "carol")).ok
    assert [i.key for i in await store.list_outbox(status="pending")] == [notice.key]
    assert [i.key for i in await store.list_outbox(status="dead")] == [card.key]


async def test_a_notice_is_settled_only_while_it_is_news_no_more_and_once(
        store: Store, clock: FakeClock) -> None:
    """The store's write checks what the handler read: the notice still dead, its delivery
    kept and not dead (or, ``dead_too``, the later death's notice kept); a second settle, or
    one of a notice retried meanwhile, writes nothing."""
    card, notice = await _card_and_notice(store, clock)
    assert not await store.settle_notice(notice.key, because=card.key)  # its delivery dead
    assert not await store.settle_notice(notice.key, because="gone@sales", dead_too=True)
    assert [i.key for i in await store.list_outbox(status="dead")] == [card.key, notice.key]
    assert await store.settle_notice(notice.key, because=card.key, dead_too=True)
    assert not await store.settle_notice(notice.key, because=card.key, dead_too=True)
    assert [i.key for i in await store.list_outbox(status="dead")] == [card.key]
    assert (await store.outbox_counts())["dead"] == 1


async def test_the_settle_keeps_in_the_audit_what_the_notice_said_and_why_it_failed(
        store: Store, clock: FakeClock) -> None:
    """The notice removed, its event is all that is left of it: where it was going, what it
    said and why it was never shown (the ops channel refusing the bot is an operator's to
    mend), as ``outbox.retry``'s event keeps a retried delivery's error. The event named
    only the delivery it was about."""
    card, notice = await _card_and_notice(store, clock)
    assert notice.last_error == "Missing Access"
    await _deliveries(store, clock).retry("all", "carol")
    [event] = [e for e in await store.audit_since() if e.action == "outbox.settle"]
    assert short_id(card.key) in event.detail
    assert "console:ops" in event.detail, event.detail
    assert "'Delivery to sales failed'" in event.detail, event.detail
    assert event.detail.endswith("was: Missing Access"), event.detail
