"""``escalate`` of a ticket whose step's notices go to two chats (a review, 2026-12-06): its
card in Discord, the step's ``channel:`` in Slack. The step's notice goes to each (the ticket's
channels and the step's own, ``_notify_step``), and each notice leaves out only those gone from
its own chat (users.info's ``deleted: true``, docs.slack.dev/reference/objects/user-object; Get
Guild Member's 404 code 10007, discord.com/developers/docs/resources/guild#get-guild-member).
The reply asked only the ticket's home chat: bob, deactivated in Slack and still a member of
the Discord server, was ``(notifies alice, bob)`` with no word of the Slack notice that left
him out; with the chats the other way round, the reply said bob was not pinged while the
Discord notice pinged him. Through discord.py's own client against the local Discord and the
Slack Web API client against the local Slack, on SQLite.
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
from tests.integrations.discord.test_review_person_left import ALICE, BOB
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack

S_ALICE, S_BOB = "WALICE", "WBOB"
ESC = "CESC"
CHAIN = EscalationPolicy(name="chain", steps=(
    EscalationStep(after_minutes=10, notify_users=("alice", "bob"), channel="esc"),))
SLACK_GONE = "their Slack account is deactivated"
DISCORD_GONE = "they are no longer a member of the Discord server"


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        server.users.update({S_ALICE: "alice@acme.test", S_BOB: "bob@acme.test"})
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
                    chats: dict[str, DiscordWorkspace | SlackWorkspace], *,
                    directory: Directory | None = None, chain: EscalationPolicy = CHAIN
                    ) -> tuple[str, list[str]]:
    """``escalate T-1``'s reply, and the notices its step then sent (Discord's, Slack's).
    ``directory``: alice, bob and carol (a lead) by default; the groups it maps are asked
    of the chats too (test_review_escalate_group_two_chats.py)."""
    directory = directory or Directory([
        PersonConfig(id="alice", identities={"discord": ALICE, "slack": S_ALICE}),
        PersonConfig(id="bob", identities={"discord": BOB, "slack": S_BOB}),
        PersonConfig(id="carol", role="lead")])
    tickets = TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                            directory=directory, escalations={"chain": chain},
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
    # the chain's one step: its end is said after what concerns us here
    return reply.text.split(". That was the last step")[0], said


async def test_bob_gone_from_the_step_channels_chat_only_is_said_so(
        store: Store, clock: FakeClock, fake: FakeDiscord, slack: FakeSlack,
        chats: dict[str, DiscordWorkspace | SlackWorkspace]) -> None:
    fake.members.update({ALICE, BOB})
    slack.deactivated.add(S_BOB)
    reply, (in_discord, in_slack) = await escalated(store, clock, fake, slack, chats)
    assert f"<@{BOB}>" in in_discord and "not pinged" not in in_discord, in_discord
    assert f"<@{S_BOB}>" not in in_slack and f"bob was not pinged: {SLACK_GONE}" in in_slack
    # what the notices say: pinged in Discord, not in Slack
    assert reply == ("T-1 escalated: step 1 of chain (notifies alice, bob); bob is not pinged "
                     f"in slack: {SLACK_GONE} (bob is still under people: in "
                     "socialops.yaml)"), reply


async def test_bob_gone_from_the_home_chat_only_is_still_notified(
        store: Store, clock: FakeClock, fake: FakeDiscord, slack: FakeSlack,
        chats: dict[str, DiscordWorkspace | SlackWorkspace]) -> None:
    fake.members.add(ALICE)  # bob left the Discord server; his Slack account is active
    reply, (in_discord, in_slack) = await escalated(store, clock, fake, slack, chats)
    assert f"<@{BOB}>" not in in_discord and "bob was not pinged" in in_discord
    assert f"<@{S_BOB}>" in in_slack and "not pinged" not in in_slack, in_slack
    assert reply == ("T-1 escalated: step 1 of chain (notifies alice, bob); bob is not pinged "
                     f"in discord: {DISCORD_GONE} (bob is still under people: in "
                     "socialops.yaml)"), reply


async def test_bob_gone_from_both_chats_is_not_notified(
        store: Store, clock: FakeClock, fake: FakeDiscord, slack: FakeSlack,
        chats: dict[str, DiscordWorkspace | SlackWorkspace]) -> None:
    fake.members.add(ALICE)
    slack.deactivated.add(S_BOB)
    reply, (in_discord, in_slack) = await escalated(store, clock, fake, slack, chats)
    assert "bob was not pinged" in in_discord and "bob was not pinged" in in_slack
    assert reply == ("T-1 escalated: step 1 of chain (notifies alice); bob is not pinged: "
                     f"{DISCORD_GONE} (bob is still under people: in socialops.yaml)"), reply
