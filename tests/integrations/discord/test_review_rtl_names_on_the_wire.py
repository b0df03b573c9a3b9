"""A spike card's right-to-left author names reach Discord isolated: posted by discord.py's own
client to the local Discord, which takes the message (its limits counted with the isolates)
and holds each name between FSI and PDI in the Authors field
(tests/integrations/workspaces/test_review_rtl_names_in_fields.py has why)."""

from __future__ import annotations

from bot.core.config import DiscordWorkspaceConfig
from bot.core.text import FSI, PDI
from integrations.discord.workspace import DiscordWorkspace
from tests.integrations.workspaces.test_review_rtl_names_in_fields import ARABIC, HEBREW, _card
from tests.support.fake_discord import FakeDiscord


async def test_the_authors_field_arrives_with_each_name_isolated(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    ws = DiscordWorkspace(ws_config)
    try:
        ref = await ws.post(fake.channel_id, _card())
    finally:
        await ws.close()
    call = await fake.wait_for("POST", f"/channels/{fake.channel_id}/messages")
    assert ref.message_id in fake.messages
    fields = {f["name"]: f["value"] for f in call.body["embeds"][0]["fields"]}
    assert f"{FSI}\\@{ARABIC}{PDI} 5, {FSI}\\@{HEBREW}{PDI} 3" in fields["Authors"]
    assert call.body["allowed_mentions"] == {"parse": [], "users": [], "roles": []}
