"""A process that writes the outbox of a SQLite file by every path that moves its counts and
tallies, until it is killed, for ``test_count_recount_kills.py``.

``python -m tests.chaos.count_worker DB SEED`` loops: queue cards (each with a tally "q"), an
edit of a card still waiting (coalesced), claim, settle the claimed together (sent with a tally
"f", dead, retried later), retry dead ones (``requeue``), drop a dead one (``settle_notice``),
and prune the dead, on the real store (``open_store``), under an owner of its own. It never
stops by itself: the test SIGKILLs it at random moments, mid-transaction included.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import time
from datetime import UTC, datetime

from bot.core.cards import Card, OutboxItem
from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.models import MessageRef
from bot.store import open_store

DAY = int(time.time() // 86400)  # today: kept by prune (tallies of earlier days are not)


def card_item(key: str, card: str, now: datetime, *, update: bool = False) -> OutboxItem:
    return OutboxItem(key=key, workspace="console", channel=f"c{int(card.rpartition('-')[2]) % 5}",
                      card=Card(kind="alert", key=card, title="t", text="x"),
                      update_of=card if update else None, next_attempt_at=now, created_at=now)


async def work(db: str, seed: int) -> None:
    rng = random.Random(seed)

    def clock() -> datetime:
        return datetime.now(UTC)

    store = await open_store(StoreConfig(backend="sqlite", path=db), redis_url=None, clock=clock)
    owner = f"w{os.getpid()}"
    n = 0
    while True:
        now = clock()
        fx = Effects()
        for _ in range(rng.randint(1, 4)):
            n += 1
            card = f"{os.getpid()}-{n}"
            fx.send(card_item(f"{card}@0", card, now))
            fx.tallies.append(("q", DAY, 1))
            if rng.random() < 0.3:  # an edit of it, queued behind it (coalesced later)
                fx.send(card_item(f"{card}@1", card, now, update=True))
                fx.tallies.append(("q", DAY, 1))
        await store.apply(fx)
        claimed = await store.claim_due(now=now, owner=owner, lease_seconds=30, limit=12)
        # one a lane (chain 1): each settle releases its lane, which a chain's may not

        async def settle(item: OutboxItem, now: datetime = now) -> None:
            roll = rng.random()
            if roll < 0.6:
                done = Effects()
                done.tallies.append(("f", DAY, 1))
                await store.finish(item.key, owner=owner, effects=done, ref=MessageRef(
                    workspace="console", channel=item.channel, message_id=item.key))
            else:
                await store.retry_later(item.key, owner=owner, at=now, error="boom",
                                        dead=roll < 0.85)

        await asyncio.gather(*(settle(i) for i in claimed), return_exceptions=True)
        if rng.random() < 0.5:
            dead = await store.list_outbox(status="dead", limit=5)
            for item in dead[:2]:
                await store.requeue(item.key, at=now)
            if len(dead) > 2:
                sent = await store.list_outbox(status="sent", limit=1)
                if sent:
                    await store.settle_notice(dead[2].key, because=sent[0].key)
        if rng.random() < 0.1:
            await store.prune(now, sent_seconds=10 ** 9, refs_seconds=10 ** 9,
                              dead_seconds=rng.choice([0, 5, 30]))


if __name__ == "__main__":
    asyncio.run(work(sys.argv[1], int(sys.argv[2])))
