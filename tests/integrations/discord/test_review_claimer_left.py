"""A claim held by someone who has left the Discord server since, on a chain with a
``claim_timeout``: Get Guild Member answers 404 with JSON code 10007, Unknown Member
(discord.com/developers/docs/resources/guild#get-guild-member), through discord.py to the
local Discord. The claim sat held, the ticket never escalated; now the claim's timer, asking
the chat as it comes back, releases it well before its timeout and says why, and the chain
starts again from its first step (a review of the team workflows, 2026-12-07)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import pytest

from bot.app.compose import account_left
from bot.core import keys as K
from bot.core.config import OutboxConfig, PersonConfig
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
from tests.conftest import FakeClock
from tests.integrations.discord.test_review_person_left import ALICE, BOB, discord_ws, store
from tests.support.fake_discord import FakeDiscord

__all__ = ["discord_ws", "store"]  # the fixtures, as the person-left tests make them

# bob's step: alice's account is asked by her claim alone (a notice pinging her would have
# the workspace keep its answer, on the workspace's own clock)
CHAIN = EscalationPolicy(name="chain", steps=(EscalationStep(after_minutes=10,
                                                             notify_users=("bob",)),))


@pytest.mark.parametrize("left", [True, False], ids=["left the server", "still a member"])
async def test_a_claimer_gone_from_the_server_is_released_before_the_timeout(
        store: Store, clock: FakeClock, fake: FakeDiscord, discord_ws: DiscordWorkspace,
        left: bool) -> None:
    fake.members.update({ALICE, BOB})
    directory = Directory([PersonConfig(id="alice", identities={"discord": ALICE}),
                           PersonConfig(id="bob", identities={"discord": BOB})])
    tickets = TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                            directory=directory, escalations={"chain": CHAIN}, channels={},
                            left=partial(account_left, {"discord": discord_ws}),
                            claim_timeouts={"chain": timedelta(hours=4)})
    timers = Timers(store, clock=clock)
    timers.register(K.ESCALATION, tickets.fire_escalation)
    timers.register(K.ESCALATION_NOTICE, tickets.fire_notice)
    timers.register(K.CLAIM_TIMEOUT, tickets.fire_claim_timeout)

    async def no_wait(seconds: float) -> None:
        clock.advance(seconds=seconds)

    outbox = Outbox(store, {"discord": discord_ws}, clock=clock, config=OutboxConfig(),
                    owner="t", sleep=no_wait, resolve_mentions=directory.resolve)
    m = Mention(id="mastodon:1", network="mastodon", source="m", text="acme is down",
                author=Author(id="c1", handle="c1"), created_at=clock())
    hit = RouteHit(route="support", action="ticket", workspace="discord",
                   channel=fake.channel_id, escalation="chain")
    fx = Effects()
    ticket_id = await tickets.open_or_attach(Signal(mention=m, routes=(hit,)), hit, fx, {})
    assert await store.apply(fx)
    ticket_id = ticket_id.removeprefix("ticket ")
    for minutes in (10, 1):  # step 1 and its notice: the chain has run to its end
        clock.advance(minutes=minutes)
        await timers.fire_due()
    assert (await tickets.claim(ticket_id, "alice")).ok
    if left:
        fake.members.discard(ALICE)  # she left the server after claiming
    for minutes in (15, 1):  # the claim's first look, then step 1's notice
        clock.advance(minutes=minutes)
        await timers.fire_due()
    await outbox.drain()
    t = await store.get_ticket(ticket_id)
    assert t is not None
    if not left:
        assert (t.status, t.claimer) == ("claimed", "alice")
        return
    assert (t.status, t.claimer, t.escalation_level) == ("open", None, 1)
    [entry] = [e for e in t.history if "claim released" in e.detail]
    assert entry.detail.startswith("alice's claim released: claimed at ")
    assert "they are no longer a member of the Discord server" in entry.detail, entry.detail
    notices = [msg for msg in fake.messages.values() if "Escalation" in str(msg)]
    assert len(notices) == 2, list(fake.messages.values())  # step 1's, then step 1's again
    assert "no longer a member of the Discord server" in str(notices[1]), notices[1]
    [audit] = [e for e in await store.audit_since(None) if e.action == "ticket.escalate"
               and "claim released" in e.detail]
    before = audit.before or {}  # the ticket as stored: alice's, its chain run to its end
    assert (before.get("claimer"), before.get("escalation_level")) == ("alice", 1), before
