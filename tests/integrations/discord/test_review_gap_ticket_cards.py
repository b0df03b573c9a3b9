"""The read-back of a new session's gap (``test_review_reactions_in_a_gap``) read the pending
drafts' cards only: a 👀 or ✅ given on an open ticket's card while no gateway session was
connected (the bot down, a new session after INVALID_SESSION) claimed or resolved nothing, and
the ticket sat unclaimed (a Discord developer's review, 2026-12-07; failed before: no claim
reached the handler). The cards of tickets still open (open or claimed) are read too, and a
reaction found there is acted on once: not again by a later session, when the store's hour-long
mark of the gateway's key is gone, nor when a reaction the gateway delivered is read back after
a restart (a ✅ on a ticket reopened since resolved it again). And the read took the first 100
people of each emoji only (Get Reactions pages by ``after``): the 101st approver's 👍 did
nothing. Real discord.py clients on the local Discord, the cards posted by the outbox, on a
SQLite file and a real redis-server."""

from __future__ import annotations

from bot.core.cards import OutboxItem
from bot.core.config import DiscordWorkspaceConfig
from bot.core.effects import Effects
from bot.core.models import ChannelRef, Ticket
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from handlers.cards import ticket_card
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder
from tests.integrations.discord.test_review_reaction_after_restart import REMOVE, marker
from tests.integrations.discord.test_review_reactions_in_a_gap import (
    Start,
    approves,
    pending,
    process,
    read_back,
)
from tests.support.fake_discord import FakeDiscord

__all__ = ["process"]  # the fixture, shared

EYES, CHECK = "👀", "✅"


async def open_ticket(store: Store, outbox: Outbox, fake: FakeDiscord, clock: FakeClock,
                      ticket_id: str = "T-1", *, status: str = "open") -> str:
    """An open ticket whose card the outbox posted to the local Discord: its message id."""
    t = Ticket(id=ticket_id, status=status, signal_id=f"x:{ticket_id}",  # type: ignore[arg-type]
               route="support", customer_key=f"x:c{ticket_id}",
               conversation_key=f"x:{ticket_id}", created_at=clock(),
               claimer="bob" if status == "claimed" else None,
               channels=(ChannelRef(workspace="discord", channel=fake.channel_id),))
    fx = Effects()
    fx.create(t)
    fx.send(OutboxItem.new(key=f"{t.id}@{fake.channel_id}", workspace="discord",
                           channel=fake.channel_id, now=clock(), card=ticket_card(t, None)))
    assert await store.apply(fx)
    await outbox.drain()
    ref = await store.message_ref(t.id, "discord", fake.channel_id)
    assert ref is not None
    return ref.message_id


def acted(recorder: Recorder, action: str, mid: str) -> list[str]:
    return [i.user for i in recorder.seen if i.action == action and i.message
            and i.message.message_id == mid]


async def test_eyes_given_on_an_open_tickets_card_while_the_bot_was_down_claims_it_once(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    mid = await open_ticket(store, outbox, fake, clock)
    fake.give(mid, ALICE, EYES)  # no session heard it
    recorder = Recorder(fake)
    first = await process(recorder)
    second = await process(recorder)  # another web process's READY: taken once
    await read_back(first)
    await read_back(second)
    assert acted(recorder, "claim", mid) == [ALICE]
    [claim] = [i for i in recorder.seen if i.action == "claim"]
    assert (claim.via, claim.target) == ("reaction", "T-1")


async def test_a_check_mark_on_a_claimed_tickets_card_resolves_it(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    mid = await open_ticket(store, outbox, fake, clock, status="claimed")
    fake.give(mid, ALICE, CHECK)
    recorder = Recorder(fake)
    bot = await process(recorder)
    await read_back(bot)
    assert acted(recorder, "resolve", mid) == [ALICE]


async def test_a_reaction_read_back_is_not_acted_on_again_hours_later(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    """The 👀 stays on the card of the ticket it claimed: the store's mark of the gateway's
    key lasts an hour, and a session after that (a deploy in the afternoon) claimed it
    again, for whoever reacted, though the ticket was handed on since."""
    mid = await open_ticket(store, outbox, fake, clock)
    fake.give(mid, ALICE, EYES)
    recorder = Recorder(fake)
    first = await process(recorder)
    await read_back(first)
    await first.close()
    clock.advance(hours=5)
    later = await process(recorder)
    await read_back(later)
    assert acted(recorder, "claim", mid) == [ALICE]


async def test_a_reaction_the_gateway_delivered_is_not_read_back_hours_later(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    mid = await open_ticket(store, outbox, fake, clock, status="claimed")
    recorder = Recorder(fake)
    before = await process(recorder)
    await read_back(before)
    fake.give(mid, ALICE, CHECK)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji={"name": CHECK, "id": None}))
    await recorder.wait(1)
    await before.close()
    clock.advance(hours=5)  # the ticket reopened meanwhile: the ✅ is no new resolve
    after = await process(recorder)
    await read_back(after)
    assert acted(recorder, "resolve", mid) == [ALICE]


async def test_a_reaction_taken_away_and_given_again_while_connected_is_read_again(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock) -> None:
    """Acted on once is per reaction: one taken away (heard) and given again in a gap is a
    new one, as the gateway's would be."""
    mid = await open_ticket(store, outbox, fake, clock)
    fake.give(mid, ALICE, EYES)
    recorder = Recorder(fake)
    bot = await process(recorder)
    await read_back(bot)
    fake.take_away(mid, ALICE, EYES)
    await fake.dispatch("MESSAGE_REACTION_REMOVE", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji={"name": EYES, "id": None}))
    await marker(fake, ws_config)  # the removal handled
    await recorder.wait(2)
    await bot.close()
    fake.give(mid, ALICE, EYES)  # again, while no session was connected
    clock.advance(minutes=1)
    again = await process(recorder)
    await read_back(again)
    assert acted(recorder, "claim", mid) == [ALICE, ALICE]


async def test_the_hundred_and_first_approvers_thumbs_up_is_read(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        clock: FakeClock) -> None:
    """Get Reactions gives 100 people a page: ALICE's id sorts after the 100 before her."""
    mid = await pending(store, outbox, fake, clock)
    for n in range(100):
        fake.give(mid, str(int(ALICE) - 100 + n))  # not linked: refused, logged
    fake.give(mid, ALICE)
    recorder = Recorder(fake)
    bot = await process(recorder)
    await read_back(bot)
    assert approves(recorder, mid) == [ALICE]
    pages = [c for c in fake.calls if "/reactions/" in c.path]
    assert len(pages) == 2


async def test_a_check_mark_given_again_in_a_gap_after_a_reopen_is_left_and_again_live_resolves(
        process: Start, store: Store, outbox: Outbox, fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock) -> None:
    """The decision docs/discord.md states (Limits): a ✅ taken away and given again while no
    session was connected is, to the read-back, the ✅ that resolved the ticket before its
    reopen (Discord keeps no time of a reaction, and a new session hears no removal), so it
    is left: a live incident closed again by a stale emoji is the worse mistake. Taken away
    and given again while a session is connected, it resolves again, as PagerDuty's Resolve
    pressed again would. Pins the decision: passes before and after."""
    mid = await open_ticket(store, outbox, fake, clock, status="claimed")
    recorder = Recorder(fake)
    before = await process(recorder)
    await read_back(before)
    fake.give(mid, ALICE, CHECK)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji={"name": CHECK, "id": None}))
    await recorder.wait(1)
    await before.close()
    fake.take_away(mid, ALICE, CHECK)  # reopened meanwhile; taken away and given again,
    fake.give(mid, ALICE, CHECK)  # both while no session was connected
    clock.advance(hours=2)
    after = await process(recorder)
    await read_back(after)
    assert acted(recorder, "resolve", mid) == [ALICE]
    fake.take_away(mid, ALICE, CHECK)  # the way out: again, with a session connected
    await fake.dispatch("MESSAGE_REACTION_REMOVE", fake.reaction(
        REMOVE, user_id=ALICE, message_id=mid, emoji={"name": CHECK, "id": None}))
    fake.give(mid, ALICE, CHECK)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji={"name": CHECK, "id": None}))
    await recorder.wait(2)
    assert acted(recorder, "resolve", mid) == [ALICE, ALICE]
