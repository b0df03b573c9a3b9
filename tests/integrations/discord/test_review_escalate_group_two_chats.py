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
from functools import partial

import pytest

from bot.app.compose import account_left, group_left
from bot.core import keys as K
from bot.core.config import (
    ChannelConfig,
    DiscordWorkspaceConfig,
    OutboxConfig,
    PersonConfig,
    SlackWorkspaceConfig,
)
from bot.core.effects import Effects
from bot.core.models import Author, EscalationPolicy, EscalationStep, Mention, RouteHit, Signal
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox
from bot.engine.timers import Timers
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.tickets import TicketService
from integrations.discord.workspace import DiscordWorkspace
from integrations.slack.workspace import SlackWorkspace
from tests.conftest import FakeClock
from tests.integrations.discord.test_review_person_left import ALICE
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack

S_ALICE = "WALICE"
ESC = "CESC"
ROLE, SUBTEAM = "1000000000000000300", "S0ONCALL"
CHAIN = EscalationPolicy(name="chain", steps=(EscalationStep(
    after_minutes=10, notify_users=("alice",), notify_groups=("oncall",), channel="esc"),))
FIX = "(set it right in the chat, or map oncall to another under groups: in socialops.yaml)"
# a role deleted: nothing in the chat brings its id back (bot/core/accounts.py UnknownGroup)
UNKNOWN = "(put the ID of one of this workspace's groups under groups: oncall: in socialops.yaml)"


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        server.users.update({S_ALICE: "alice@acme.test"})
        server.usergroups[SUBTEAM] = [S_ALICE]
        yield server


@pytest.fixture
async def chats(ws_config: DiscordWorkspaceConfig, slack: FakeSlack
                ) -> AsyncIterator[dict[str, DiscordWorkspace | SlackWorkspace]]:
    discord_ws = DiscordWorkspace(ws_config)
    slack_ws = SlackWorkspace(SlackWorkspaceConfig(name="slack", type="slack",
                                                   bot_token=slack.token, signing_secret="s",
                                                   api_url=slack.api_url))
    try:
        yield {"discord": discord_ws, "slack": slack_ws}
    finally:
        await discord_ws.close()


async def escalated(store: Store, clock: FakeClock, fake: FakeDiscord, slack: FakeSlack,
                    chats: dict[str, DiscordWorkspace | SlackWorkspace]
                    ) -> tuple[str, list[str]]:
    """``escalate T-1``'s reply, and the notices its step then sent (Discord's, Slack's)."""
    directory = Directory([
        PersonConfig(id="alice", identities={"discord": ALICE, "slack": S_ALICE}),
        PersonConfig(id="carol", role="lead")],
        {"oncall": {"discord": ROLE, "slack": SUBTEAM}})
    tickets = TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                            directory=directory, escalations={"chain": CHAIN},
                            channels={"esc": ChannelConfig(workspace="slack", id=ESC)},
                            left=partial(account_left, chats),
                            group_left=partial(group_left, chats))
    timers = Timers(store, clock=clock)
    timers.register(K.ESCALATION, tickets.fire_escalation)
    timers.register(K.ESCALATION_NOTICE, tickets.fire_notice)

    async def no_wait(seconds: float) -> None:
        clock.advance(seconds=seconds)

    m = Mention(id="mastodon:1", network="mastodon", source="m", text="acme is down",
                author=Author(id="c1", handle="c1"), created_at=clock())
    hit = RouteHit(route="support", action="ticket", workspace="discord",
                   channel=fake.channel_id, escalation="chain")
    fx = Effects()
    await tickets.open_or_attach(Signal(mention=m, routes=(hit,)), hit, fx, {})
    assert await store.apply(fx)
    clock.advance(minutes=1)
    reply = await tickets.escalate("T-1", "carol")
    clock.advance(minutes=1)
    await timers.fire_due()
    outbox = Outbox(store, chats, clock=clock, config=OutboxConfig(), owner="t",
                    sleep=no_wait, resolve_mentions=directory.resolve)
    await outbox.drain()
    said = [str(msg) for msg in fake.messages.values() if "Escalation" in str(msg)]
    said += [str(msg) for msg in slack.messages[ESC] if "Escalation" in str(msg)]
    assert len(said) == 2, said
    return reply.text.split(". That was the last step")[0], said


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
