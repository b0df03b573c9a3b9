"""An attempt settled after another process took its card over, on a SQLite file and a real
redis-server. A process stopped past its lane's lease (SIGSTOP, a frozen container) with a
card's call under way, or between a call and its settle, wakes after another process claimed
the lane, looked for the card and recorded it: the settle it then writes is of a card whose
state is the other's already. It must change nothing: not put the card back (a 500 it got
while stopped), not set it aside as dead, not count its delivery again."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.effects import Effects
from bot.core.models import MessageRef
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.store.test_contract import enqueue, item

TALLY = "delivered\x1fconsole:c"


async def taken_over(store: Store, clock: FakeClock) -> MessageRef:
    """k1 claimed by ``a``, its lease lapsed, claimed by ``b``, found shown and recorded."""
    await enqueue(store, item("k1@c", "c", clock))
    [a] = await store.claim_due(now=clock(), owner="a", lease_seconds=30, limit=10)
    assert a.started == 1
    clock.advance(seconds=31)
    [b] = await store.claim_due(now=clock(), owner="b", lease_seconds=30, limit=10)
    assert b.started == 2  # not the first: b looks for the card before posting it
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    fx = Effects()
    fx.tallies.append((TALLY, day(clock), 1))
    await store.finish(b.key, owner="b", ref=ref, effects=fx)
    return ref


def day(clock: FakeClock) -> int:
    return int(clock().timestamp() // 86400)


async def delivered(store: Store) -> list[int]:
    return [v for v in (await store.tallies(0)).get(TALLY, {}).values() if v]


@pytest.mark.parametrize("late", ["failed", "given up", "unposted", "finished"])
async def test_a_settle_written_after_another_process_recorded_the_card_changes_nothing(
        store: Store, clock: FakeClock, late: str) -> None:
    """Before: the stopped process's settle was written from a fresh read of the item, sent
    by then: a 500 put the card back pending (on Redis out of every lane, so pending for
    ever; on SQLite claimed again and its delivery counted twice), a refusal set it aside
    as dead (a dead-letter notice for a card shown), a finish counted it delivered twice."""
    ref = await taken_over(store, clock)
    fx = Effects()
    fx.tallies.append((TALLY, day(clock), 1))
    at = clock() + timedelta(seconds=60)
    if late == "failed":
        await store.retry_later("k1@c", owner="a", at=at, error="HTTP 500", effects=fx)
    elif late == "given up":
        await store.retry_later("k1@c", owner="a", at=at, error="not_in_channel", dead=True,
                                effects=fx)
    elif late == "unposted":
        await store.retry_later("k1@c", owner="a", at=at, error="waiting 40s for the pace",
                                posted=False, effects=fx)
    else:
        await store.finish("k1@c", owner="a", effects=fx, ref=MessageRef(
            workspace="console", channel="c", message_id="m1"))
    got = await store.get_outbox("k1@c")
    assert got is not None and (got.status, got.ref, got.attempts) == ("sent", ref, 0), got
    assert await store.outbox_counts() == {"pending": 0, "sent": 1, "dead": 0}
    assert await store.list_outbox(status="pending") == []
    assert await store.list_outbox(status="dead") == []
    assert await delivered(store) == [1]
    clock.advance(seconds=120)
    assert await store.claim_due(now=clock(), owner="c", lease_seconds=30, limit=10) == []
