"""A dead delivery removed by retention (``store.retention.dead_days``) and then retried, by
its id or the Retry button its ops notice keeps: the refusal says it was removed, and after
how long, on both real stores."""

from __future__ import annotations

from bot.core.cards import Card, OutboxItem
from bot.core.cards import delivery_id as short_id
from bot.core.effects import Effects
from bot.core.ports import Store
from handlers.audit import Audit
from handlers.deliveries import Deliveries
from tests.conftest import FakeClock


async def test_retrying_a_delivery_retention_removed_says_it_was_removed(
        store: Store, clock: FakeClock) -> None:
    key = "T-1@sales"
    fx = Effects()
    fx.send(OutboxItem.new(key=key, workspace="console", channel="sales",
                           card=Card(kind="alert", key="T-1", title="t"), now=clock()))
    assert await store.apply(fx)
    [claimed] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=1)
    await store.retry_later(claimed.key, owner="w", at=clock(), error="not_in_channel",
                            dead=True)
    clock.advance(days=30)
    done = await store.prune(clock(), sent_seconds=3600, refs_seconds=86400,
                             dead_seconds=30 * 86400)
    assert done["dead"] == 1
    deliveries = Deliveries(store, clock=clock, audit=Audit(clock=clock), hint=lambda _: "",
                            dead_days=30.0)
    reply = await deliveries.retry(short_id(key), "alice")
    assert (reply.ok, reply.text) == (False, (
        f"no dead delivery {short_id(key)}: it was retried already, never died, or was "
        "removed 30 days after it died (store.retention.dead_days); `deliveries` in chat and "
        "`socialops outbox list` list the dead ones"))
    kept = Deliveries(store, clock=clock, audit=Audit(clock=clock), hint=lambda _: "")
    assert (await kept.retry("d-00000000", "alice")).text == (  # dead_days: null keeps them
        "no dead delivery d-00000000: it was retried already, or never died; `deliveries` in "
        "chat and `socialops outbox list` list the dead ones")
