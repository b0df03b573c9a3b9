"""A person's Discord user ID copied from the wrong account, another app's bot (a bridge, a
poll bot sitting beside them in the member list): socialops ignores every reaction a bot
gives (docs/discord.md, Reactions), and a bot clicks no button, so that person could act on
nothing from Discord, and an approver approve nothing, while ``socialops check --online``
passed: Get Guild Member answered a member (a Discord developer's fourth pass, 2026-12-07;
failed before: no line). Its answer's ``user.bot`` says it; the line names the ID and the
fix. A real check against the local Discord."""

from __future__ import annotations

from pathlib import Path

from tests.app.test_check_online import check as check_online
from tests.support.fake_discord import FakeDiscord


async def test_a_persons_discord_id_that_is_a_bots_is_named(tmp_path: Path,
                                                            discord: FakeDiscord) -> None:
    alice, bridge = "1000000000000000101", "1000000000000000777"
    discord.members.update({alice, bridge})
    discord.bots.add(bridge)
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
workspaces:
  - {{name: dc, type: discord, token: {discord.token}, application_id: "{discord.application_id}",
     api_url: "{discord.api_url}"}}
channels:
  approvals: {{workspace: dc, id: "{discord.channel_id}"}}
people:
  - {{id: alice, role: agent, identities: {{dc: "{alice}"}}}}
  - {{id: manager, role: approver, identities: {{dc: "{bridge}"}}}}
approvals:
  channel: approvals
""", encoding="utf-8")
    code, problems, _ = await check_online(path)
    assert code == 1
    assert problems == [
        f"{path}:8: people[1].identities.dc: Discord user {bridge} is a bot (an app's "
        "account), not a person: socialops ignores its reactions and it clicks no button, so "
        "nothing of this person's would act from Discord, and as an approver they could "
        "approve no draft; copy the person's own user ID (Developer Mode -> right-click "
        "the user -> Copy User ID)"], problems
