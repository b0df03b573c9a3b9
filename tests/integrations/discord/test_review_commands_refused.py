"""Registering ``/socialops`` in the server (a bulk overwrite of the guild's commands, at start)
refused by Discord was an ERROR naming only Discord's words: "registering /socialops failed:
403 Forbidden (error code: 50001): Missing Access", which is what a bot added to the server
without the ``applications.commands`` scope meets (an invite URL written by hand, or one from
the portal's Bot page), and "30034" once the 200 creates of the day are spent. The start went
on, /socialops never appeared, and nothing said what to do (a Discord developer's review,
2026-12-07; failed before: no line named the fix). Each is one line saying it. The local
Discord answers the PUT as Discord does (topics/opcodes-and-status-codes, JSON Error Codes)."""

from __future__ import annotations

import logging

import pytest

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_documented_limits import Nobody
from tests.support.fake_discord import FakeDiscord


@pytest.mark.parametrize(("status", "body", "said"), [
    (403, {"message": "Missing Access", "code": 50001},
     "add the bot again with the URL `socialops discord invite` prints (it asks for the "
     "applications.commands scope; no need to remove the bot first)"),
    (400, {"message": "Max number of daily application command creates has been reached "
                      "(200)", "code": 30034},
     "Discord allows 200 command creates a day: /socialops is registered again at the next "
     "start after"),
])
async def test_a_refused_registration_says_what_to_do(
        fake: FakeDiscord, ws_config: DiscordWorkspaceConfig, caplog: pytest.LogCaptureFixture,
        status: int, body: dict[str, object], said: str) -> None:
    fake.script_error("PUT", r"/commands$", status=status, body=body)
    bot = SocialopsBot(ws_config, handler=Nobody(), sync_commands=False)
    with caplog.at_level(logging.INFO, logger="integrations.discord"):
        try:
            await bot.login(ws_config.token)
            await bot.sync_commands()
        finally:
            await bot.close()
    lines = [r for r in caplog.records if "/socialops" in r.getMessage()]
    assert len(lines) == 1, [r.getMessage() for r in caplog.records]
    [line] = lines
    assert said in line.getMessage()
    assert f"server {fake.guild_id}" in line.getMessage()
    assert "\n" not in line.getMessage() and line.exc_info is None
