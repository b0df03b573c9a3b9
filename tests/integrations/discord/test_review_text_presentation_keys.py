"""A reaction key written with the text presentation selector, ``"✅︎"`` (✅ then U+FE0E: what
a Mac's character viewer or a copy from a plain-text page can give, drawn the same in most
editors), matched no reaction: the gateway names the emoji ``✅``, and only U+FE0F, the emoji
presentation selector, was set aside, so the shortcut did nothing, not even a log line (a
Discord developer's third pass; failed before: nothing reached the handler). Both selectors
choose a glyph for the same emoji (Unicode's emoji-variation-sequences.txt), as the keyword
matcher reads them (``bot.core.text``). Through discord.py's own client on the local Discord."""

from __future__ import annotations

import asyncio

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import ALICE, REACTION, Recorder, identity, post_card
from tests.support.fake_discord import FakeDiscord


async def test_a_key_in_text_presentation_acts_on_the_emoji(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    cfg = ws_config.model_copy(update={"reactions": {"✅\ufe0e": "resolve",
                                                     "\u2714\ufe0e": "claim"}})
    recorder = Recorder(fake)
    client = SocialopsBot(cfg, handler=recorder, identity=identity, guild_ready_timeout=0.05)
    task = asyncio.create_task(client.start(cfg.token))
    try:
        await asyncio.wait_for(client.wait_until_ready(), 5)
        mid = await post_card(fake, ws_config)
        for emoji in ("✅", "✔️"):  # as Discord names them
            await fake.dispatch("MESSAGE_REACTION_ADD", fake.reaction(
                REACTION, user_id=ALICE, message_id=mid, emoji={"name": emoji, "id": None}))
        await recorder.wait(2)
    finally:
        await client.close()
        await asyncio.wait_for(task, 5)
    assert sorted(i.action for i in recorder.seen) == ["claim", "resolve"]
