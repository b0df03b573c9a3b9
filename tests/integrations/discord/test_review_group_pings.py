"""An escalation notice through discord.py to the local Discord, for a step naming a group the
config maps to a Discord role (``groups: {support: {discord: <role id>}}``). A role deleted
from the server (Get Guild Roles no longer lists it: discord.com/developers/docs/resources/
guild#get-guild-roles) or held by nobody (``GET /guilds/{id}/roles/member-counts``,
discord.py's ``HTTPClient.get_role_member_counts``) notifies nobody, yet the notice pinged
``<@&id>`` and read as paged. Now the notice leaves it out of its pings and says so in one
line, pinging the rest (PagerDuty warns of an escalation rule targeting nobody; a review of
the escalation groups, 2026-12-06); a Discord that does not say pings as before."""

from __future__ import annotations

from functools import partial
from typing import Any

from bot.app.compose import account_left, group_left
from bot.core import keys as K
from bot.core.config import OutboxConfig, PersonConfig
from bot.core.effects import Effects
from bot.core.models import (
    Author,
    EscalationPolicy,
    EscalationStep,
    Mention,
    RouteHit,
    Signal,
)
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox
from bot.engine.timers import Timers
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.tickets import TicketService
from integrations.discord.workspace import DiscordWorkspace
from tests.conftest import FakeClock
from tests.integrations.discord.reader import unescape
from tests.integrations.discord.test_review_person_left import discord_ws, store
from tests.support.fake_discord import FakeDiscord

__all__ = ["discord_ws", "store"]  # the fixtures, as the person-left tests make them

ALICE = "1000000000000000100"
ROLE, LEADS = "1000000000000000300", "1000000000000000400"
CHAIN = EscalationPolicy(name="chain", steps=(EscalationStep(
    after_minutes=10, notify_users=("alice",), notify_groups=("support", "leads")),))


async def notice(store: Store, clock: FakeClock, fake: FakeDiscord,
                 ws: DiscordWorkspace) -> dict[str, Any]:
    directory = Directory(
        [PersonConfig(id="alice", identities={"discord": ALICE})],
        {"support": {"discord": ROLE}, "leads": {"discord": LEADS}})
    tickets = TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                            directory=directory, escalations={"chain": CHAIN}, channels={},
                            left=partial(account_left, {"discord": ws}),
                            group_left=partial(group_left, {"discord": ws}))
    timers = Timers(store, clock=clock)
    timers.register(K.ESCALATION, tickets.fire_escalation)
    timers.register(K.ESCALATION_NOTICE, tickets.fire_notice)

    async def no_wait(seconds: float) -> None:
        clock.advance(seconds=seconds)

    outbox = Outbox(store, {"discord": ws}, clock=clock, config=OutboxConfig(), owner="t",
                    sleep=no_wait, resolve_mentions=directory.resolve)
    m = Mention(id="mastodon:1", network="mastodon", source="m", text="acme is down",
                author=Author(id="c1", handle="c1"), created_at=clock())
    hit = RouteHit(route="support", action="ticket", workspace="discord",
                   channel=fake.channel_id, escalation="chain")
    fx = Effects()
    await tickets.open_or_attach(Signal(mention=m, routes=(hit,)), hit, fx, {})
    assert await store.apply(fx)
    for minutes in (10, 1):
        clock.advance(minutes=minutes)
        await timers.fire_due()
    await outbox.drain()
    found = [msg for msg in fake.messages.values() if "Escalation" in str(msg)]
    assert len(found) == 1, list(fake.messages.values())
    return found[0]


def said(msg: dict[str, Any]) -> str:
    return unescape(str(msg["embeds"][0]["description"]))[0]


async def test_live_roles_with_members_are_pinged(
        store: Store, clock: FakeClock, fake: FakeDiscord,
        discord_ws: DiscordWorkspace) -> None:
    fake.members.add(ALICE)
    fake.roles.update({ROLE: {ALICE}, LEADS: {ALICE}})
    msg = await notice(store, clock, fake, discord_ws)
    assert f"<@&{ROLE}>" in str(msg["content"]) and f"<@&{LEADS}>" in str(msg["content"])
    assert "not pinged" not in said(msg)


async def test_a_deleted_role_and_an_empty_one_are_left_out_and_said(
        store: Store, clock: FakeClock, fake: FakeDiscord,
        discord_ws: DiscordWorkspace) -> None:
    fake.members.add(ALICE)
    fake.roles[LEADS] = set()  # support's role deleted; nobody holds leads'
    msg = await notice(store, clock, fake, discord_ws)
    assert str(msg["content"]) == f"<@{ALICE}>", msg  # alice is still pinged
    assert ROLE not in str(msg.get("allowed_mentions")) and LEADS not in str(msg["content"])
    text = said(msg)
    # a role made again has another id: what to change is socialops.yaml, not the chat
    assert ("group support was not pinged: its Discord role was deleted from the server (put "
            "the ID of one of this workspace's groups under groups: support: in "
            "socialops.yaml).") in text, text
    assert ("group leads was not pinged: nobody holds its Discord role (set it right in the "
            "chat, or map leads to another under groups: in socialops.yaml).") in text, text


async def test_a_discord_that_does_not_say_pings_as_before(
        store: Store, clock: FakeClock, fake: FakeDiscord,
        discord_ws: DiscordWorkspace) -> None:
    fake.members.add(ALICE)
    fake.roles[ROLE] = set()  # emptied, but Discord refuses to say (the bot lost access)
    fake.script_error("GET", rf"/guilds/{fake.guild_id}/roles$", status=403,
                      body={"message": "Missing Access", "code": 50001}, times=2)
    msg = await notice(store, clock, fake, discord_ws)
    assert f"<@&{ROLE}>" in str(msg["content"]) and "not pinged" not in said(msg)
