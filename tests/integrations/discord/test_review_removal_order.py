"""A reaction taken away and given again within moments, with two processes of the deployment
each holding a gateway session (a Discord developer's review, 2026-12-07). Discord sends every
event to every session, each at its own pace: one session hears the removal and the reaction
given again, its process acts on it and marks it acted on (``integrations.discord.gap``), and
then the other session hears the same removal, late (a slower connection, a RESUMED replaying
what it missed). Its removal deleted the newer reaction's mark, so the next session read the
👀 back and claimed the ticket a third time, for a reaction acted on already (failed before:
three claims). A removal now deletes the mark only while the reaction after it is untaken,
in one store write. Real discord.py clients on the local Discord, one store shared by the
processes (a SQLite file, a real redis-server)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from integrations.discord.gap import Acted
from integrations.discord.reactions_once import ReactionsOnce
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder, post_card
from tests.integrations.discord.test_review_gap_ticket_cards import acted, open_ticket
from tests.integrations.discord.test_review_reaction_after_restart import REMOVE, marker
from tests.integrations.discord.test_review_reactions_in_a_gap import Start, process, read_back
from tests.integrations.discord.test_review_read_back_beside_an_act import Holds
from tests.support.fake_discord import FakeDiscord

__all__ = ["process"]  # the fixture, shared

EYES = "👀"


async def test_a_late_removal_leaves_the_mark_of_the_reaction_given_again_after_it(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock) -> None:
    mid = await open_ticket(store, outbox, fake, clock)
    recorder = Recorder(fake)
    fast, slow = await process(recorder), await process(recorder)
    await read_back(fast)
    await read_back(slow)

    async def event(kind: str, only: int | None) -> None:
        await fake.dispatch(f"MESSAGE_REACTION_{kind}", fake.reaction(
            REACTION if kind == "ADD" else REMOVE, user_id=ALICE, message_id=mid,
            emoji={"name": EYES, "id": None}), only=only)

    fake.give(mid, ALICE, EYES)
    await event("ADD", None)  # both sessions: one claim
    await marker(fake, ws_config, sessions=2)
    await recorder.wait(3)
    fake.take_away(mid, ALICE, EYES)
    fake.give(mid, ALICE, EYES)
    await event("REMOVE", 0)  # the fast session hears both and acts again
    await event("ADD", 0)
    await recorder.wait(4)
    await marker(fake, ws_config)
    await recorder.wait(5)
    await event("REMOVE", 1)  # then the slow one, late: the removal before that act
    await event("ADD", 1)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(  # its marker, after both
        REACTION, user_id=ALICE, message_id=await post_card(fake, ws_config),
        emoji={"name": "✅", "id": None}), only=1)
    await recorder.wait(6)
    assert acted(recorder, "claim", mid) == [ALICE, ALICE]

    await fast.close()
    await slow.close()
    clock.advance(minutes=1)  # a deploy: the 👀 on the card was acted on, twice
    later = await process(recorder)
    await read_back(later)
    assert acted(recorder, "claim", mid) == [ALICE, ALICE]


async def test_a_removal_heard_while_its_reaction_is_acted_on_is_read_again_in_a_gap(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock) -> None:
    """The other order: the 👀 taken away at once (a slip of the finger) while its process
    still acts on it. The removal found no mark to delete yet, the act's mark landed after
    it, and the 👀 given again while no session was connected was left by the read-back as
    acted on (failed before: still marked). The removal waits for the act now."""
    mid = await open_ticket(store, outbox, fake, clock)
    holds = Holds(fake)
    bot = await process(holds)
    await read_back(bot)
    eyes = {"name": EYES, "id": None}
    fake.give(mid, ALICE, EYES)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji=eyes))
    await asyncio.wait_for(holds.entered.wait(), 5)
    fake.take_away(mid, ALICE, EYES)
    await fake.dispatch("MESSAGE_REACTION_REMOVE", fake.reaction(
        REMOVE, user_id=ALICE, message_id=mid, emoji=eyes))
    await marker(fake, ws_config)  # heard, its handler after the act's
    await holds.wait(1)
    holds.go.set()
    await holds.wait(2)
    for _ in range(500):  # the 👀 and the marker acted on
        if bot.reactions_handled >= 2:
            break
        await asyncio.sleep(0.01)
    for _ in range(500):  # the removal's delete of the act's mark, once the act wrote it
        if not await store.is_seen(f"replay:discord-reaction-acted:{mid}:{ALICE}:claim"):
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("the 👀 taken away is still marked acted on")
    await bot.close()
    fake.give(mid, ALICE, EYES)  # again, while no session was connected
    clock.advance(minutes=1)
    again = await process(holds)
    await read_back(again)
    assert acted(holds, "claim", mid) == [ALICE, ALICE]


async def test_the_removals_delete_is_refused_in_the_write_once_the_key_after_it_is_taken(
        store: Store) -> None:
    """The removal's read said the key free, and a process took it before the delete landed:
    the store's write refuses the delete (one transaction), on both backends."""
    acted_on = Acted(store.mark_seen, store.forget_seen, store.is_seen, store.apply)
    once = ReactionsOnce(claim_value=store.claim_value, forget_seen=store.forget_seen,
                         get_value=store.get_value)
    base, since = "1:2:claim", datetime(2026, 12, 7, tzinfo=UTC)
    await acted_on.done(base)
    key = await once.untaken(base, 1, since=since)
    assert key is not None
    taken, at = await once.take(base, 1, now=since, since=since)  # the reaction given again
    assert (taken, at) == (True, 1)
    await acted_on.drop(base, unless=key)
    assert await acted_on.before(base)  # the newer reaction's mark, kept
    assert await once.untaken(base, 1, since=since) is None
    await acted_on.drop(base, unless=await once.untaken(base, 2, since=since))
    assert not await acted_on.before(base)
