"""A reaction whose act broke before it wrote anything (the handler raised: the store failing
over under its write, a storm of conflicts) was marked acted on for 90 days all the same, after
it: no session read it back again, and the 👍 on the card approved nothing, ever (a chaos
review, 2026-12-07; failed before: the second session did not act). An act that broke with
nothing written is forgotten instead, as one whose card cannot be read is: the next session
reads it back and acts once. Real discord.py clients on the local Discord, the cards posted by
the outbox, on a SQLite file and a real redis-server; the handler's failure is the last inch."""

from __future__ import annotations

from bot.core.cards import Interaction, Reply
from bot.core.errors import StoreError
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import ALICE, Recorder
from tests.integrations.discord.test_review_reactions_in_a_gap import (
    Start,
    approves,
    pending,
    process,  # noqa: F401  (the fixture)
    read_back,
)
from tests.support.fake_discord import FakeDiscord


class BreaksOnce(Recorder):
    """The first act raises before writing anything, as a store failing its write does."""

    broke = 0

    async def handle(self, interaction: Interaction) -> Reply:
        if not self.broke:
            self.broke += 1
            raise StoreError("redis: connection lost while writing")
        return await super().handle(interaction)


async def test_a_read_back_act_that_broke_is_read_back_again_and_acts_once(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,  # noqa: F811
        clock: FakeClock) -> None:
    mid = await pending(store, outbox, fake, clock)
    fake.give(mid, ALICE)  # no session heard it
    recorder = BreaksOnce(fake)
    first = await process(recorder)
    await read_back(first)
    assert recorder.broke == 1 and approves(recorder, mid) == []
    await first.close()
    clock.advance(minutes=2)  # the store back, the bot restarted
    second = await process(recorder)
    await read_back(second)
    third = await process(recorder)  # another process's READY: still once
    await read_back(third)
    assert approves(recorder, mid) == [ALICE]
