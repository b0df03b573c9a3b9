# ruff: noqa: F811
"""A super reaction (Nitro's burst: the event's ``burst: true``) and a normal one of the same
emoji by the same person are two reactions on Discord: each is taken away on its own
(topics/gateway-events, Message Reaction Add/Remove; resources/message, Get Reactions'
``type``). A third review of the Discord paths (2026-12-07): both shared one key, so taking
one away undid the other's act: its acted-on mark was deleted and its count moved on, and
the super 👀 given again claimed the ticket a second time though the normal 👀 had stayed
on the card all along (read back after a gap, the ✅ left there resolved a reopened ticket
again). Now the person's reaction is taken away when the last of the two is; both given act
once. discord.py's own client on the local gateway, a real SQLite file."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder, post_card
from tests.integrations.discord.test_review_reaction_after_restart import (  # noqa: F401
    EYES,
    REMOVE,
    claims,
    marker,
    process,
    store,
)
from tests.support.fake_discord import FakeDiscord


async def react(fake: FakeDiscord, event: str, mid: str, *, burst: bool) -> None:
    payload = fake.reaction(REACTION if event.endswith("ADD") else REMOVE, user_id=ALICE,
                            message_id=mid, emoji=EYES)
    await fake.dispatch(event, {**payload, "burst": burst})


async def test_a_super_and_a_normal_reaction_are_taken_away_apart_and_act_once(
        process: Callable[[Recorder], Awaitable[SocialopsBot]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig) -> None:
    recorder = Recorder(fake)
    bot = await process(recorder)
    mid = await post_card(fake, ws_config)
    await react(fake, "MESSAGE_REACTION_ADD", mid, burst=False)
    await react(fake, "MESSAGE_REACTION_ADD", mid, burst=True)  # both given: one claim
    await react(fake, "MESSAGE_REACTION_REMOVE", mid, burst=True)  # the normal one stays
    await react(fake, "MESSAGE_REACTION_ADD", mid, burst=True)
    await marker(fake, ws_config)
    await recorder.wait(2)
    assert claims(recorder, mid) == 1
    await react(fake, "MESSAGE_REACTION_REMOVE", mid, burst=False)  # the super one stays
    await marker(fake, ws_config)
    await recorder.wait(3)
    # still marked acted on: a read-back after a gap leaves the super 👀 still on the card
    assert await bot.acted.before(f"{mid}:{ALICE}:claim") is True
    await react(fake, "MESSAGE_REACTION_REMOVE", mid, burst=True)  # the last of the two
    await react(fake, "MESSAGE_REACTION_ADD", mid, burst=False)  # a new reaction: it acts
    await marker(fake, ws_config)
    await recorder.wait(5)
    assert claims(recorder, mid) == 2


async def test_across_a_restart_the_second_of_two_acts_not_and_leaves_the_first(
        process: Callable[[Recorder], Awaitable[SocialopsBot]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, clock: FakeClock) -> None:
    """The normal 👀 given before a deploy, the super one after it: the new process heard
    neither before, and Discord says (Get Reactions) the normal one is on the card and was
    acted on, so the super one claims nothing; taken away, it leaves the normal one's mark."""
    before = Recorder(fake)
    old = await process(before)
    mid = await post_card(fake, ws_config)
    fake.give(mid, ALICE, "👀")
    await react(fake, "MESSAGE_REACTION_ADD", mid, burst=False)
    await marker(fake, ws_config)
    await before.wait(2)
    await old.close()  # the deploy, a minute
    clock.advance(minutes=1)
    after = Recorder(fake)
    new = await process(after)
    fake.give(mid, ALICE, "👀", burst=True)
    await react(fake, "MESSAGE_REACTION_ADD", mid, burst=True)
    fake.take_away(mid, ALICE, "👀", burst=True)
    await react(fake, "MESSAGE_REACTION_REMOVE", mid, burst=True)
    await marker(fake, ws_config)
    await after.wait(1)
    assert await new.acted.before(f"{mid}:{ALICE}:claim") is True
    assert (claims(before, mid), claims(after, mid)) == (1, 0)
