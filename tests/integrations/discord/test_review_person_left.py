"""An escalation notice through discord.py to the local Discord, naming a person still under
``people:`` who has left the server since the bot started: Get Guild Member answers 404 with
JSON code 10007, Unknown Member (discord.com/developers/docs/resources/guild#get-guild-member;
topics/opcodes-and-status-codes). The notice pinged ``<@id>`` of nobody in the server, and the
channel read the step as paged; now that person is left out of its pings (the message's
mentions) and the notice says why, as PagerDuty skips a user it cannot notify (a
review of the ticket flow, 2026-12-06)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial

import pytest

from bot.app.compose import account_left
from bot.core import keys as K
from bot.core.config import DiscordWorkspaceConfig, OutboxConfig, PersonConfig
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
from tests.support.fake_discord import FakeDiscord

ALICE, BOB = "1000000000000000100", "1000000000000000200"
CHAIN = EscalationPolicy(name="chain", steps=(EscalationStep(after_minutes=10,
                                                             notify_users=("alice", "bob")),))
# a group the config maps to no Discord role: its members are pinged one by one
GROUP = EscalationPolicy(name="chain", steps=(EscalationStep(after_minutes=10,
                                                             notify_groups=("support",)),))


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
async def discord_ws(ws_config: DiscordWorkspaceConfig) -> AsyncIterator[DiscordWorkspace]:
    ws = DiscordWorkspace(ws_config)
    try:
        yield ws
    finally:
        await ws.close()


async def notice_after_a_step(store: Store, clock: FakeClock, fake: FakeDiscord,
                              ws: DiscordWorkspace, *,
                              chain: EscalationPolicy = CHAIN) -> dict[str, object]:
    directory = Directory([
        PersonConfig(id="alice", identities={"discord": ALICE}, groups=("support",)),
        PersonConfig(id="bob", identities={"discord": BOB}, groups=("support",))])
    tickets = TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                            directory=directory, escalations={"chain": chain}, channels={},
                            left=partial(account_left, {"discord": ws}))
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
    for minutes in (10, 1):  # the step, then its notice batch_seconds later
        clock.advance(minutes=minutes)
        await timers.fire_due()
    await outbox.drain()
    notices = [msg for msg in fake.messages.values() if "Escalation" in str(msg)]
    assert len(notices) == 1, list(fake.messages.values())
    return notices[0]


@pytest.mark.parametrize("chain", [CHAIN, GROUP], ids=["notify_users", "notify_groups"])
async def test_a_member_gone_from_the_server_is_not_pinged_and_the_notice_says_so(
        store: Store, clock: FakeClock, fake: FakeDiscord, discord_ws: DiscordWorkspace,
        chain: EscalationPolicy) -> None:
    fake.members.add(ALICE)  # bob left the server after the bot started
    notice = await notice_after_a_step(store, clock, fake, discord_ws, chain=chain)
    assert f"<@{ALICE}>" in str(notice.get("content")), notice
    assert f"<@{BOB}>" not in str(notice), notice
    said = unescape(str(notice["embeds"][0]["description"]))[0]  # type: ignore[index]
    assert ("bob was not pinged: they are no longer a member of the Discord server (bob is "
            "still under people: in socialops.yaml).") in said, said


async def test_members_still_in_the_server_are_both_pinged(
        store: Store, clock: FakeClock, fake: FakeDiscord,
        discord_ws: DiscordWorkspace) -> None:
    fake.members.update({ALICE, BOB})
    notice = await notice_after_a_step(store, clock, fake, discord_ws)
    assert f"<@{BOB}>" in str(notice.get("content")) and "not pinged" not in str(notice)


async def test_an_id_no_discord_user_has_is_not_pinged_and_the_notice_says_what_to_change(
        store: Store, clock: FakeClock, fake: FakeDiscord,
        discord_ws: DiscordWorkspace) -> None:
    """bob's id under identities: is no Discord user's (copied wrong): Get Guild Member
    answers 404 Unknown User, code 10013, which was taken for no answer, and ``<@id>`` of
    nobody was pinged without a word (an on-call lead's third pass, 2026-12-07)."""
    fake.members.add(ALICE)
    fake.no_users.add(BOB)
    notice = await notice_after_a_step(store, clock, fake, discord_ws)
    assert f"<@{ALICE}>" in str(notice.get("content")), notice
    assert f"<@{BOB}>" not in str(notice), notice
    said = unescape(str(notice["embeds"][0]["description"]))[0]  # type: ignore[index]
    assert (f"bob was not pinged: Discord has no user {BOB} (an ID copied wrong?) (put bob's "
            "member ID in this workspace under identities: in socialops.yaml).") in said, said
