"""``escalate`` of a ticket whose step pings a group and whose notices go to two chats (a
review, 2026-12-06): its card in Discord, the step's ``channel:`` in Slack, the group mapped to
a Discord role and a Slack user group. Each notice leaves the group out only where its own
platform group pings nobody (a disabled Slack user group: ``date_delete`` non-zero,
docs.slack.dev/reference/methods/usergroups.disable; a role Get Guild Roles no longer lists,
discord.com/developers/docs/resources/guild#get-guild-roles). The reply asked the ticket's home
chat alone of groups (as it did of people before ``_notice_targets``): a Slack user group
disabled read ``notifies alice, group oncall`` with no word of the Slack notice that left it
out, and a Discord role deleted read ``group oncall is not pinged`` while the Slack notice
pinged it. Through discord.py's own client against the local Discord and the Slack Web API
client against the local Slack, on SQLite.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core.config import PersonConfig
from bot.core.models import EscalationPolicy, EscalationStep
from bot.core.ports import Store
from handlers.identity import Directory
from integrations.discord.workspace import DiscordWorkspace
from integrations.slack.workspace import SlackWorkspace
from tests.conftest import FakeClock
from tests.integrations.discord import test_review_escalate_two_chats as two_chats
from tests.integrations.discord.test_review_person_left import ALICE
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack

S_ALICE, ESC = two_chats.S_ALICE, two_chats.ESC
# the people's file's fixtures: its SQLite store and its two chats (on this file's Slack)
store, chats = two_chats.store, two_chats.chats
ROLE, SUBTEAM = "1000000000000000300", "S0ONCALL"
CHAIN = EscalationPolicy(name="chain", steps=(EscalationStep(
    after_minutes=10, notify_users=("alice",), notify_groups=("oncall",), channel="esc"),))
FIX = "(set it right in the chat, or map oncall to another under groups: in socialops.yaml)"
# a role deleted: nothing in the chat brings its id back (bot/core/accounts.py UnknownGroup)
UNKNOWN = "(put the ID of one of this workspace's groups under groups: oncall: in socialops.yaml)"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        server.users.update({S_ALICE: "alice@acme.test"})
        server.usergroups[SUBTEAM] = [S_ALICE]
        yield server


async def escalated(store: Store, clock: FakeClock, fake: FakeDiscord, slack: FakeSlack,
                    chats: dict[str, DiscordWorkspace | SlackWorkspace]
                    ) -> tuple[str, list[str]]:
    """``escalate T-1``'s reply and its step's notices, as the people's file escalates, with
    alice, carol and the group ``oncall`` mapped in both chats."""
    return await two_chats.escalated(store, clock, fake, slack, chats, chain=CHAIN,
                                     directory=Directory([
        PersonConfig(id="alice", identities={"discord": ALICE, "slack": S_ALICE}),
        PersonConfig(id="carol", role="lead")],
        {"oncall": {"discord": ROLE, "slack": SUBTEAM}}))


async def test_a_slack_group_disabled_is_said_of_though_the_home_chats_role_pings(
        store: Store, clock: FakeClock, fake: FakeDiscord, slack: FakeSlack,
        chats: dict[str, DiscordWorkspace | SlackWorkspace]) -> None:
    fake.members.add(ALICE)
    fake.roles[ROLE] = {ALICE}
    slack.disabled_groups.add(SUBTEAM)
    reply, (in_discord, in_slack) = await escalated(store, clock, fake, slack, chats)
    assert f"<@&{ROLE}>" in in_discord and "not pinged" not in in_discord, in_discord
    assert SUBTEAM not in in_slack.split("group oncall was not pinged")[0]
    assert "group oncall was not pinged: its Slack user group is disabled" in in_slack
    # what the notices say: pinged in Discord, not in Slack
    assert reply == ("T-1 escalated: step 1 of chain (notifies alice, group oncall); group "
                     "oncall is not pinged in slack: its Slack user group is disabled "
                     f"{FIX}"), reply


async def test_a_discord_role_deleted_is_still_notified_through_slack(
        store: Store, clock: FakeClock, fake: FakeDiscord, slack: FakeSlack,
        chats: dict[str, DiscordWorkspace | SlackWorkspace]) -> None:
    fake.members.add(ALICE)  # the role deleted from the server; the Slack group is live
    reply, (in_discord, in_slack) = await escalated(store, clock, fake, slack, chats)
    assert "group oncall was not pinged" in in_discord
    assert f"subteam^{SUBTEAM}" in in_slack and "not pinged" not in in_slack, in_slack
    assert reply == ("T-1 escalated: step 1 of chain (notifies alice, group oncall); group "
                     "oncall is not pinged in discord: its Discord role was deleted from the "
                     f"server {UNKNOWN}"), reply


async def test_a_group_dead_in_both_chats_is_not_notified(
        store: Store, clock: FakeClock, fake: FakeDiscord, slack: FakeSlack,
        chats: dict[str, DiscordWorkspace | SlackWorkspace]) -> None:
    fake.members.add(ALICE)
    slack.disabled_groups.add(SUBTEAM)
    reply, (in_discord, in_slack) = await escalated(store, clock, fake, slack, chats)
    assert "group oncall was not pinged" in in_discord
    assert "group oncall was not pinged" in in_slack
    assert reply == ("T-1 escalated: step 1 of chain (notifies alice); group oncall is not "
                     f"pinged: its Discord role was deleted from the server {UNKNOWN}"), reply
