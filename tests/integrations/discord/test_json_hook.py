"""discord.py reads every gateway frame and REST answer with ``discord.utils._from_json``, a
private name socialops replaces with ``bot.core.jsonbody.loads`` (a frame too deep, or with an
integer too long, ended the client). discord.py has no public hook for it, so a release that
renames it must stop the start in one line, not leave the client silently unguarded: the
assignment created a new attribute nothing read."""

from __future__ import annotations

import json

import discord
import pytest

from bot.core.config import DiscordWorkspaceConfig
from bot.core.errors import SocialopsError
from bot.core.jsonbody import loads
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import Recorder, identity
from tests.support.fake_discord import FakeDiscord


async def test_a_discord_py_without_from_json_stops_the_start_in_one_line(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(discord.utils, "_from_json")
    with pytest.raises(SocialopsError) as raised:
        SocialopsBot(ws_config, handler=Recorder(fake), identity=identity)
    said = str(raised.value)
    assert "\n" not in said and "discord.utils._from_json" in said, said
    assert not hasattr(discord.utils, "_from_json")


async def test_the_replacement_is_installed_once_and_reads_legitimate_frames_alike(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    for _ in range(2):
        SocialopsBot(ws_config, handler=Recorder(fake), identity=identity)
        assert discord.utils._from_json is loads
    frame = json.dumps({"op": 0, "t": "GUILD_CREATE", "s": 1, "d": {
        "id": "1234567890123456789", "members": [{"user": {"id": str(10**18 + i),
                                                           "username": f"ü{i}\u2028🙂"}}
                                                 for i in range(2000)],
        "approximate_member_count": 2**63 - 1, "ratio": 0.1, "big": -1e300}})
    assert loads(frame) == json.loads(frame)
    assert loads(frame.encode()) == json.loads(frame.encode())
