# ruff: noqa: F811
"""Reaction shortcuts as real Discord clients send them (from a review of the Discord paths,
2026-12-05): a hand in the skin tone a person picked, a custom emoji whose removal Discord
names "AkaShrug~1", and a card that cannot be read for a 429 longer than discord.py waits."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.core.config import DiscordWorkspaceConfig
from tests.integrations.discord.test_bot import (  # noqa: F401  (fixtures)
    ALICE,
    APPROVAL_BUTTONS,
    HASH,
    REACTION,
    Recorder,
    post_card,
    recorder,
    start,
    store,
)
from tests.support.fake_discord import FakeDiscord


async def test_a_thumbs_up_in_a_skin_tone_approves_as_the_plain_one_does(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    """A Discord user who picked a skin tone in the emoji picker reacts with 👍🏽 (U+1F44D
    U+1F3FD) every time; the gateway sends that exact string as emoji.name. The same
    reaction on Slack arrives as "+1::skin-tone-4" and is read as "+1" (its ``::skin-tone``
    suffix cut): on Discord it does nothing at all, not even a log line."""
    await start()
    mid = await post_card(fake, ws_config, buttons=APPROVAL_BUTTONS)
    marker = await post_card(fake, ws_config)
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=mid, emoji={"name": "👍🏽", "id": None}))
    # a marker handled after it: events are handled in order
    await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
        REACTION, user_id=ALICE, message_id=marker, emoji={"name": "👀", "id": None}))
    await recorder.wait(1)
    for _ in range(50):
        if len(recorder.seen) >= 2:
            break
        await asyncio.sleep(0.02)
    assert sorted((i.action, i.target) for i in recorder.seen) == [
        ("approve", "A-3"), ("claim", "T-12")]


async def test_a_custom_emoji_taken_away_and_given_again_claims_again(
        fake: FakeDiscord, ws_config: DiscordWorkspaceConfig, recorder: Recorder,
        store: Any) -> None:
    """docs/discord.md: a reactions key may be "the name of a custom emoji", and "a reaction
    taken away and given again is no repeat and acts again". The real gateway payloads for
    one custom emoji (id 238039508006862848) name it "AkaShrug" on MESSAGE_REACTION_ADD and
    "AkaShrug~1" on MESSAGE_REACTION_REMOVE (fixtures gateway_MESSAGE_REACTION_ADD_custom_
    emoji_d.json and gateway_MESSAGE_REACTION_REMOVE_d.json): Discord suffixes ~N to a name
    several emoji share. The removal maps to no action, so the repeat memory is not cleared
    and the reaction given again is dropped as a repeat."""
    from integrations.discord.bot import SocialopsBot
    from tests.integrations.discord.test_bot import identity

    cfg = ws_config.model_copy(update={"reactions": {"AkaShrug": "claim"}})
    bot = SocialopsBot(cfg, handler=recorder, identity=identity, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(cfg.token))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        mid = await post_card(fake, cfg)
        add = fake.reaction("gateway_MESSAGE_REACTION_ADD_custom_emoji_d.json",
                            user_id=ALICE, message_id=mid)
        remove = fake.reaction("gateway_MESSAGE_REACTION_REMOVE_d.json",
                               user_id=ALICE, message_id=mid)
        assert add["emoji"]["id"] == remove["emoji"]["id"]  # one emoji, as recorded
        await fake.dispatch("MESSAGE_REACTION_ADD", add)
        await recorder.wait(1)
        await fake.dispatch("MESSAGE_REACTION_REMOVE", remove)
        await fake.dispatch("MESSAGE_REACTION_ADD", add)
        for _ in range(100):
            if len(recorder.seen) >= 2:
                break
            await asyncio.sleep(0.02)
        assert [(i.via, i.action, i.target) for i in recorder.seen] == [
            ("reaction", "claim", "T-12"), ("reaction", "claim", "T-12")]
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


async def test_a_reaction_whose_card_read_is_rate_limited_is_not_remembered(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: Any) -> None:
    """docs/discord.md: "A reaction whose card cannot be read is logged and forgotten, so
    reacting again works". Reading the card (GET /channels/{c}/messages/{m}) answered with
    Discord's real 429 (retry_after 64.57, longer than the 30 s discord.py waits) raises
    discord.RateLimited, which is no discord.HTTPException: it escapes
    ``on_raw_reaction_add`` (discord.py logs "Ignoring exception in on_raw_reaction_add"
    with a traceback) and the reaction stays remembered as seen, so the same reaction again
    (the gateway's replay after a resume) is dropped as a repeat: nothing claimed, ever."""
    await start()
    mid = await post_card(fake, ws_config)
    fake.script_429("GET", rf"/channels/\d+/messages/{mid}$")  # the real body: 64.57 s
    eyes = fake.reaction(REACTION, user_id=ALICE, message_id=mid,
                         emoji={"name": "👀", "id": None})
    with caplog.at_level("INFO"):
        await fake.dispatch("MESSAGE_REACTION_ADD", eyes)
        await fake.wait_for("GET", f"/messages/{mid}")
        await asyncio.sleep(0.2)
        await fake.dispatch("MESSAGE_REACTION_ADD", eyes)  # replayed after a resume
        for _ in range(100):
            if recorder.seen:
                break
            await asyncio.sleep(0.02)
    tracebacks = [r.getMessage() for r in caplog.records if r.exc_info]
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")], tracebacks
    assert tracebacks == []
