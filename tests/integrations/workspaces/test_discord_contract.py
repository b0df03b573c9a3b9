"""The Workspace contract over DiscordWorkspace and the local fake Discord.

``discord_view`` (tests/integrations/discord/reader.py) reads a stored message as a Discord
client shows it: escapes resolved, pings filtered by the ``allowed_mentions`` sent with it,
links found in markdown, embed URLs and link buttons, and every Discord limit checked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core.config import DiscordWorkspaceConfig
from bot.core.models import MessageRef
from bot.core.ports import Workspace
from integrations.discord.workspace import DiscordWorkspace
from tests.integrations.discord.reader import discord_view
from tests.integrations.workspaces.contract import Rendered, WorkspaceContract, WorkspaceHarness
from tests.support.fake_discord import FakeDiscord


class DiscordHarness(WorkspaceHarness):
    user_ids = ("1000000000000000201", "1000000000000000202")
    group_ids = ("1000000000000000301",)

    def __init__(self, fake: FakeDiscord, config: DiscordWorkspaceConfig) -> None:
        self.fake = fake
        self.config = config
        self.channel = fake.channel_id
        self.opened: list[DiscordWorkspace] = [DiscordWorkspace(config)]

    @property
    def workspace(self) -> Workspace:
        return self.opened[0]

    async def fresh(self) -> Workspace:
        self.opened.append(DiscordWorkspace(self.config))
        return self.opened[-1]

    def _view(self, message_id: str) -> Rendered:
        return discord_view(self.fake.messages[message_id],
                            allowed_mentions=self.fake.allowed_mentions.get(message_id))

    async def view(self, ref: MessageRef) -> Rendered:
        return self._view(ref.message_id)

    async def thread(self, ref: MessageRef) -> list[Rendered]:
        return [self._view(m["id"]) for m in self.fake.in_channel(ref.message_id)]

    async def count(self, channel: str) -> int:
        return len(self.fake.in_channel(channel))


class TestDiscordContract(WorkspaceContract):
    @pytest.fixture
    async def harness(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> AsyncIterator[WorkspaceHarness]:
        async with FakeDiscord() as fake:
            fake.install(monkeypatch)
            config = DiscordWorkspaceConfig(type="discord", name="acme", token="t",
                                            api_url=fake.api_url, guild_id=fake.guild_id)
            harness = DiscordHarness(fake, config)
            yield harness
            for ws in harness.opened:
                await ws.close()


def test_the_reader_itself_sees_pings_and_links() -> None:
    """The interpretation must be able to fail: unescaped syntax and default mentions count."""
    shown = discord_view({
        "content": "<@1> <@&2> @everyone",
        "embeds": [{"description": "[x](http://e.x) https://bare.x \\[y\\]\\(http\\:\\/\\/no.x\\)",
                    "title": "t" * 300}],
    }, allowed_mentions=None)
    assert shown.pings == {"1", "2", "everyone"}
    assert shown.links == {"http://e.x", "https://bare.x"}
    assert "[y](http://no.x)" in shown.text
    assert shown.problems == ("title: 300 > 256",)
    quiet = discord_view({"content": "<@1> <@&2> @everyone"},
                         allowed_mentions={"parse": [], "users": [1]})
    assert quiet.pings == {"1"}
