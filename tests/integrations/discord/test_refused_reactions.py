# ruff: noqa: F811
"""A reaction shortcut that does nothing, said to who gave it. A reaction carries no
interaction token, so no ephemeral answer (docs/discord.md, Limits); it was logged, and the
person was told nothing, while their ❌ or 👍 stayed on the card for the whole channel to read
as a decision. ❌ is a default shortcut (``x: reject``) that never rejects on Discord: a
rejection needs a comment (docs/workflows.md) and an emoji carries none. Slack answers the
same reaction privately: "Rejecting needs a comment: press Reject on the card, or type
`/socialops reject A-3 <comment>`.", and a refused 👍 (someone who is no approver) with why.
Discord's way to reach one person outside an interaction is a direct message
(resources/user, Create DM), which needs no permission of the bot's in the server."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig
from tests.integrations.discord.reader import unescape
from tests.integrations.discord.test_bot import (  # noqa: F401  (fixtures)
    ALICE,
    APPROVAL_BUTTONS,
    STRANGER,
    Recorder,
    post_card,
    raw_reaction,
    recorder,
    start,
    store,
)
from tests.support.fake_discord import FakeDiscord


def dms_to(fake: FakeDiscord, user: str) -> list[str]:
    dm = fake.dms.get(user)
    return [unescape(m["content"])[0] for m in fake.in_channel(dm)] if dm else []


async def test_a_cross_on_a_drafts_card_tells_who_gave_it_how_to_reject(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    bot = await start()
    mid = await post_card(fake, ws_config, bot, buttons=APPROVAL_BUTTONS)
    await bot.on_raw_reaction_add(raw_reaction(fake, mid, "❌"))
    assert recorder.seen == []  # no rejection without its comment, refused and audited
    [told] = dms_to(fake, ALICE)
    assert told.startswith("Rejecting needs a comment: press Reject on the card")
    assert "/socialops approvals reject A-3" in told


class Refusing(Recorder):
    async def handle(self, interaction: Interaction) -> Reply:
        await super().handle(interaction)
        return Reply.refused("only approvers of step 1 (marketing) may approve A-3")


async def test_a_refused_thumbs_up_is_said_to_who_gave_it(
        start: Any, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    recorder.__class__ = Refusing
    bot = await start()
    mid = await post_card(fake, ws_config, bot, buttons=APPROVAL_BUTTONS)
    await bot.on_raw_reaction_add(raw_reaction(fake, mid, "👍"))
    assert [i.action for i in recorder.seen] == ["approve"]
    [told] = dms_to(fake, ALICE)
    assert "only approvers of step 1 (marketing) may approve A-3" in told
    # someone who takes no direct messages: one log line, nothing raised
    fake.dms_closed.add(ALICE)
    await bot.on_raw_reaction_remove(raw_reaction(fake, mid, "👍"))
    with caplog.at_level(logging.INFO, logger="integrations.discord.bot"):
        await bot.on_raw_reaction_add(raw_reaction(fake, mid, "👍"))
    assert len(dms_to(fake, ALICE)) == 1
    assert any("50007" in r.getMessage() for r in caplog.records)
