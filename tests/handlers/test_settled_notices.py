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


async def test_retry_of_one_notice_settles_it_as_retry_all_does(
        store: Store, clock: FakeClock) -> None:
    """``retry <id>`` (or ``socialops outbox retry <id>``) of a notice about a delivery sent
    again said 'nothing to retry' and left it dead: listed by ``deliveries`` and reported
    by every later ``retry all``, which settles it (01e1d1b). It is settled by either now,
    with its audit event, and says so."""
    card, notice = await _card_and_notice(store, clock)
    deliveries = _deliveries(store, clock)
    assert (await deliveries.retry(short_id(card.key), "carol")).ok
    reply = await deliveries.retry(short_id(notice.key), "dana")
    assert (reply.ok, reply.text) == (True, (
        f"{short_id(notice.key)} is the notice that {short_id(card.key)} failed for good, "
        "which is being sent again now: nothing to retry; the notice is settled (no longer "
        "listed)")), reply.text
    assert await store.get_outbox(notice.key) is None
    assert await store.list_outbox(status="dead") == []
    assert (await store.outbox_counts())["dead"] == 0
    [event] = [e for e in await store.audit_since() if e.action == "outbox.settle"]
    assert (event.actor, event.object_id) == ("dana", notice.key)
    assert [i.key for i in await store.list_outbox(status="pending")] == [card.key]


async def test_retry_all_says_what_another_retry_at_the_same_time_sent(
        store: Store, clock: FakeClock) -> None:
    """A second ``retry all`` typed while one runs: the deliveries it read as dead, sent
    again by the other before its own write, were counted nowhere ('0 dead deliveries sent
    again'); it says they were, and that nothing is left to do for them."""
    card, _ = await _card_and_notice(store, clock)
    deliveries = _deliveries(store, clock)
    real = store.requeue

    async def requeue(key: str, **kw: object) -> bool:
        if key == card.key:  # the other retry's write comes first
            assert await real(key, **kw)  # type: ignore[arg-type]
        return await real(key, **kw)  # type: ignore[arg-type]

    store.requeue = requeue  # type: ignore[method-assign]
    reply = await deliveries.retry("all", "carol")
    assert reply.ok and reply.text.startswith(
        "0 dead deliveries sent again; 1 was sent again by another retry at the same time "
        "(nothing to do: socialops outbox list --pending shows it waiting)"), reply.text
    assert len(reply.text.splitlines()) == 1
