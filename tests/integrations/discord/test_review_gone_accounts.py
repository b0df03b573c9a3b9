"""A member gone from the Discord server, the leftovers of the notices' check (a support
lead's review, 2026-12-06), through discord.py's own client against the local Discord: Get
Guild Member answers 404 with JSON code 10007, Unknown Member
(discord.com/developers/docs/resources/guild#get-guild-member;
topics/opcodes-and-status-codes, JSON error codes).

- every notice asked Get Guild Member for each person it pings, each time: the workspace keeps
  an answer a few minutes, and asks again after (a member who came back is pinged again);
- a 429 on it was waited out by discord.py (up to 30 s, then tried again) while the notice
  waited: the notice no longer waits past ``lookup_wait``, pings as before and asks nobody
  for a while;
- a ticket was handed to a member gone from the server, as on Slack: refused alike.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial

import pytest

from bot.app.compose import account_left
from bot.core.accounts import TTL_SECONDS, Accounts
from bot.core.config import DiscordWorkspaceConfig, PersonConfig
from bot.core.effects import Effects
from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.tickets import TicketService
from integrations.discord.workspace import DiscordWorkspace
from tests.conftest import FakeClock
from tests.integrations.discord.test_review_person_left import ALICE, BOB, CHAIN
from tests.support.fake_discord import FakeDiscord

GONE = "they are no longer a member of the Discord server"


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


class Seconds:
    """The workspace's clock for its kept answers, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def seconds() -> Seconds:
    return Seconds()


@pytest.fixture
async def discord_ws(ws_config: DiscordWorkspaceConfig,
                     seconds: Seconds) -> AsyncIterator[DiscordWorkspace]:
    ws = DiscordWorkspace(ws_config, accounts=Accounts(clock=seconds), lookup_wait=0.5)
    try:
        yield ws
    finally:
        await ws.close()


def member_calls(fake: FakeDiscord, user: str) -> int:
    return sum(1 for c in fake.calls
               if c.method == "GET" and c.path == f"/guilds/{fake.guild_id}/members/{user}")


async def test_answers_are_kept_minutes_and_a_member_back_is_pinged_again(
        fake: FakeDiscord, discord_ws: DiscordWorkspace, seconds: Seconds) -> None:
    fake.members.add(ALICE)  # bob left
    for _ in range(5):  # five steps' notices in a few minutes
        assert await discord_ws.left(ALICE, channel=fake.channel_id) is None
        assert await discord_ws.left(BOB, channel=fake.channel_id) == GONE
        seconds.now += 30
    assert (member_calls(fake, ALICE), member_calls(fake, BOB)) == (1, 1)
    fake.members.add(BOB)  # invited back
    assert await discord_ws.left(BOB, channel=fake.channel_id) == GONE  # kept, for now
    seconds.now += TTL_SECONDS
    assert await discord_ws.left(BOB, channel=fake.channel_id) is None
    assert member_calls(fake, BOB) == 2


async def test_a_429_on_get_guild_member_does_not_hold_the_notice(
        fake: FakeDiscord, discord_ws: DiscordWorkspace, seconds: Seconds) -> None:
    # a route 429 asking for 5 s, which discord.py waits out before trying again: bob's
    # second try would say he is gone, after the notice had waited for it
    fake.script_429("GET", rf"/guilds/\d+/members/{BOB}$", retry_after=5)
    fake.members.add(ALICE)
    assert await discord_ws.left(BOB, channel=fake.channel_id) is None  # pinged as before
    assert member_calls(fake, BOB) == 1, "discord.py waited the 429 out and asked again"
    assert await discord_ws.left(ALICE, channel=fake.channel_id) is None
    assert member_calls(fake, ALICE) == 0  # nobody asked while the limit holds
    seconds.now += 61
    assert await discord_ws.left(BOB, channel=fake.channel_id) == GONE


async def test_a_ticket_is_not_handed_to_a_member_gone_from_the_server(
        store: Store, clock: FakeClock, fake: FakeDiscord,
        discord_ws: DiscordWorkspace) -> None:
    fake.members.add(ALICE)
    directory = Directory([
        PersonConfig(id="alice", identities={"discord": ALICE}, groups=("support",)),
        PersonConfig(id="bob", identities={"discord": BOB}, groups=("support",)),
        PersonConfig(id="carol", role="lead", groups=("support",))])
    tickets = TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                            directory=directory, escalations={"chain": CHAIN}, channels={},
                            left=partial(account_left, {"discord": discord_ws}))
    m = Mention(id="mastodon:1", network="mastodon", source="m", text="acme is down",
                author=Author(id="c1", handle="c1"), created_at=clock())
    hit = RouteHit(route="support", action="ticket", workspace="discord",
                   channel=fake.channel_id, escalation="chain")
    fx = Effects()
    await tickets.open_or_attach(Signal(mention=m, routes=(hit,)), hit, fx, {})
    assert await store.apply(fx)
    reply = await tickets.unclaim("T-1", "carol", reassign_to="bob", workspace="discord")
    assert reply.text == ("T-1 not handed to bob: they are no longer a member of the Discord "
                          "server (bob is still under people: in socialops.yaml); hand it to "
                          "someone here: `unclaim T-1 to=<person>`"), reply.text
    reply = await tickets.unclaim("T-1", "carol", reassign_to="alice", workspace="discord")
    ticket = await store.get_ticket("T-1")
    assert ticket is not None and ticket.claimer == "alice", reply.text
