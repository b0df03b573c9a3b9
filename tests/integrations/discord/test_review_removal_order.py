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

from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder, post_card
from tests.integrations.discord.test_review_gap_ticket_cards import acted, open_ticket
from tests.integrations.discord.test_review_reaction_after_restart import REMOVE, marker
from tests.integrations.discord.test_review_reactions_in_a_gap import Start, process, read_back
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
