"""``help`` said nothing of spike warnings (a review, 2026-12-07): no line showed a
subscription's ``spikes.min_count=``, ``spikes.threshold=`` and ``spikes.max_p=`` options, nor
``mute spikes``. Each usage line is a Discord subcommand's description too, of the command's
4,000 characters (40 kept free), and Discord's answer holds 2,000, which ``help`` nearly
fills: ``help spikes`` is a topic of its own, and ``help`` says where it is. Through discord.py
against the local Discord and Slack's signed requests, into one running socialops; ``help``
answered whole on Discord, at its 2,000 characters' edge."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.config import DiscordWorkspaceConfig
from tests.e2e import world as world_module
from tests.e2e.world import CAROL, SUPPORT, UNPACED, World, running_world
from tests.integrations.discord.asking import answer_body, discord_into
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import ALICE
from tests.support.clock import FakeClock
from tests.support.fake_discord import FakeDiscord

CONTENT_LIMIT = 2_000  # a Discord message's content (resources/message, Create Message)
SPIKES = ("spikes.min_count=3", "spikes.threshold=2", "spikes.max_p=0.1", "mute spikes",
          "unmute spikes")


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock, fake: FakeDiscord) -> AsyncIterator[World]:
    discord = ("  - {{name: discord, type: discord, token: fake-token, "
               f'application_id: "{fake.application_id}", api_url: "{fake.api_url}", '
               f'gateway_url: "{fake.gateway_url}", guild_id: "{fake.guild_id}"}}}}\n')
    config = world_module.CONFIG.replace('api_url: "{api}"}}\n', 'api_url: "{api}"}}\n' + discord)
    assert config != world_module.CONFIG
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", config)
        async with running_world(tmp_path, clock, extra=UNPACED) as w:
            yield w


async def test_help_spikes_on_discord_and_help_whole_at_the_edge(
        world: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    async with discord_into(world, ws_config):
        body = await answer_body(fake, ALICE, "help")
        said = discord_view(body, allowed_mentions=body.get("allowed_mentions")).text
        assert len(body["content"]) <= CONTENT_LIMIT
        assert "more line" not in said and said.rstrip().endswith("oncall [schedule [cover "
                                                                  "<when>|overrides|drop O-n]]")
        assert "help spikes|digests" in said and "help [spikes|digests]" in said, said
        body = await answer_body(fake, ALICE, "help", topic="spikes")
        said = discord_view(body, allowed_mentions=body.get("allowed_mentions")).text
        assert [s for s in SPIKES if s not in said] == [], said
        assert body["flags"] & 64  # to the asker alone, as `help`
        body = await answer_body(fake, ALICE, "help", topic="spiks")
        said = discord_view(body, allowed_mentions=body.get("allowed_mentions")).text
        assert said.splitlines()[0] == ("no help topic 'spiks': help alone lists every "
                                        "command; help spikes | digests says more"), said


async def test_help_spikes_on_slack(world: World) -> None:
    for typed, shown in (("help spikes", SPIKES), ("help", ("help spikes",))):
        before = len(world.said_to(CAROL))
        assert await world.slash(CAROL, SUPPORT, typed) == 200
        await world.until(lambda n=before: len(world.said_to(CAROL)) > n,
                          f"the answer to {typed}")
        said = world.said_to(CAROL)[-1].replace("\uff3f", "_")
        assert [s for s in shown if s not in said] == [], said
