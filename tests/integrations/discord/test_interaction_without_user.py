"""A gateway interaction that names no one: no ``member`` (in a server) and no ``user``.

Discord always sends one of them; a frame without either is malformed, and discord.py reads it
with ``user`` left as its MISSING sentinel. ``SocialopsBot.serve`` read ``interaction.user.id``
before anything else, outside its guard of what it cannot read: a slash command's failure was
logged as "/socialops failed", an ERROR with a traceback, as if our own code had broken, and a
button click's or a form's by discord.py's view and modal stores the same way. Such an
interaction is skipped as any other socialops cannot read: counted once, one INFO line, answered
with one ephemeral line, and the gateway serves on. Over the local Discord gateway and REST
fake (tests/support/fake_discord.py) through discord.py's own client."""

from __future__ import annotations

import copy
import logging

import pytest

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import Recorder, click, post_card
from tests.integrations.discord.test_mutated_gateway import _events, _quiet, _send, bot, recorder
from tests.support.fake_discord import FakeDiscord
from tests.support.mutations import encode

__all__ = ["bot", "recorder"]  # the fixtures, shared


@pytest.mark.parametrize("name", ["slash command", "button", "modal submit", "autocomplete"])
async def test_an_interaction_naming_no_one_is_skipped_answered_and_the_gateway_serves(
        bot: SocialopsBot, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: pytest.LogCaptureFixture, name: str) -> None:
    card = await post_card(fake, ws_config, bot)
    event, doc = _events(fake, card)[name]
    doc = copy.deepcopy(doc)
    assert "member" in doc
    del doc["member"]
    caplog.clear()
    caplog.set_level(logging.INFO)
    calls = len(fake.calls)
    await _send(fake, event, encode(doc))
    await _quiet(lambda: any(doc["id"] in c.path for c in fake.calls[calls:]))
    answers = [c for c in fake.calls[calls:] if f"/interactions/{doc['id']}/" in c.path]
    assert len(answers) == 1, [c.path for c in fake.calls[calls:]]
    await click(fake, card, "socialops:claim:T-12")
    await recorder.wait(1)
    await _quiet(lambda: False)
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")]
    assert bot.skipped == 1
    traced = [r.getMessage()[:200] for r in caplog.records
              if r.exc_info or r.levelno >= logging.ERROR]
    assert not traced, traced
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) <= 1
