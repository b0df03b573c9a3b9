"""An interaction's first answer (the "thinking…", a form opening) met by a 429: discord.py's
webhook adapter sleeps out the 429's ``retry_after`` however long (five times over), where
the follow-ups after it are waited at most 60 s (``integrations.discord.follow_up``). Discord
takes a first answer within 3 s of the interaction and never after (PLATFORMS.md), so a longer
wait can only end in "Unknown interaction": a hostile or broken ``retry_after`` (an hour, one
that is no number) held the click's task for an hour, or escaped ``serve`` with discord.py's
traceback ("Ignoring exception in view"). A community manager's review, 2026-12-07 (each case
failed before: no line within 5 s, or a traceback). Now a first answer is waited for at most
``FIRST_ANSWER_WITHIN`` (shortened here), then one WARNING line, and nothing runs. A real
discord.py client on the local Discord."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord import bot as gateway
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import Recorder, click, post_card
from tests.integrations.discord.test_review_follow_up_lost import bot, until
from tests.support.fake_discord import FakeDiscord

__all__ = ["bot"]  # the fixture, shared

CALLBACK = r"/callback$"


@pytest.mark.parametrize("retry_after", [3600.0, "soon", None])  # an hour; no number; none
async def test_a_first_answer_rate_limited_past_its_window_is_one_warning_line(
        bot: tuple[SocialopsBot, Recorder, list[float]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch, retry_after: Any) -> None:
    monkeypatch.setattr(gateway, "FIRST_ANSWER_WITHIN", 0.2, raising=False)
    client, recorder, _ = bot
    mid = await post_card(fake, ws_config, client)
    body = {"message": "You are being rate limited.", "global": False}
    if retry_after is not None:
        body["retry_after"] = retry_after
    # the Via header is what tells discord.py's adapter the 429 is Discord's own, not a proxy's
    fake.script_error("POST", CALLBACK, status=429, body=body,
                      headers={"Via": "1.1 google", "Retry-After": "3600"}, times=5)
    with caplog.at_level(logging.INFO):
        await click(fake, mid, "socialops:claim:T-12")
        await until(lambda: any("could not answer" in r.getMessage() or r.exc_info
                                for r in caplog.records))
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING
             and not r.name.startswith("discord")]  # discord.py says it sleeps, its line
    assert len(lines) == 1 and not lines[0].exc_info, [r.getMessage() for r in lines]
    said = lines[0].getMessage()
    assert "could not answer interaction" in said and "not run" in said and "\n" not in said
    if retry_after == "soon":  # discord.py's own line said as it is, not a logging error
        assert any("'soon'" in r.getMessage() for r in caplog.records
                   if r.name == "discord.webhook.async_")
    assert recorder.seen == []  # unacknowledged, nothing runs (the person saw it fail)
