"""`/socialops other tag` and the queue's `tag` option through discord.py against the local
Discord: the options become the shared command line, the ticket service tags the ticket, and
the outbox edits its card (a Tags field) with a line in its thread; a word that is no tag is
one private line that pings nobody."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.queue import TicketQueue
from handlers.tickets import TicketService
from tests.conftest import FakeClock
from tests.integrations.discord.asking import a_ticket, asking
from tests.integrations.discord.reader import discord_view, unescape
from tests.integrations.discord.test_bot import registered_options
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


class Tagging:
    """The two verbs as the dispatcher runs them for alice, a linked person."""

    def __init__(self, tickets: TicketService, queue: TicketQueue) -> None:
        self.tickets = tickets
        self.queue = queue
        self.seen: list[Interaction] = []

    async def handle(self, interaction: Interaction) -> Reply:
        self.seen.append(interaction)
        if interaction.action == "tag":
            return await self.tickets.tag(interaction.target or "", "alice", interaction.args)
        return await self.queue.list_reply(interaction.args, "alice")


@pytest.fixture
def tickets(store: Store, clock: FakeClock) -> TicketService:
    return TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                         directory=Directory([]), escalations={}, channels={})


@pytest.fixture
async def asked(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store,
                clock: FakeClock, tickets: TicketService
                ) -> AsyncIterator[Callable[..., Any]]:
    handler = Tagging(tickets, TicketQueue(store, clock=clock, directory=Directory([]),
                                           channels={}))
    async with asking(ws_config, fake, handler) as ask:
        yield ask



def fields(message: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for e in message.get("embeds") or []
            for f in e.get("fields") or []}


async def test_tag_from_discord_edits_the_card_and_the_queue_finds_it(
        asked: Callable[..., Any], fake: FakeDiscord, store: Store, clock: FakeClock,
        tickets: TicketService, outbox: Outbox) -> None:
    assert await registered_options(fake, "tag") == [("ticket", True), ("tags", True)]
    assert ("tag", False) in await registered_options(fake, "tickets")
    card = await a_ticket(tickets, store, clock, fake, outbox)
    assert "Tags" not in fields(fake.messages[card])

    i, body = await asked("tag", ticket="T-1", tags="Billing  vip")
    assert (i.action, i.target, i.args) == ("tag", "T-1", ("Billing", "vip"))
    assert discord_view(body, allowed_mentions=body.get("allowed_mentions")).text == \
        "T-1 tagged: +billing +vip (tags: billing, vip)"
    await outbox.drain()
    assert fields(fake.messages[card])["Tags"] == "billing, vip"
    [thread] = fake.threads
    assert [unescape(m["content"])[0] for m in fake.in_channel(thread)] == [
        "alice tagged: +billing +vip"]

    i, body = await asked("tickets", tag="vip")
    assert (i.action, i.args) == ("tickets", ("tag=vip",))
    shown = discord_view(body, allowed_mentions=body.get("allowed_mentions")).text
    assert shown.startswith("1 ticket (open or claimed, tagged vip):")
    assert "tags billing, vip" in shown


async def test_a_word_that_is_no_tag_is_one_private_line_that_pings_nobody(
        asked: Callable[..., Any], fake: FakeDiscord, store: Store, clock: FakeClock,
        tickets: TicketService, outbox: Outbox) -> None:
    await a_ticket(tickets, store, clock, fake, outbox)
    _, body = await asked("tag", ticket="T-1", tags="@everyone")
    assert body["flags"] & 64  # ephemeral
    shown = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert shown.text == ("'@everyone' is no tag: a tag is 1 to 32 letters, digits or hyphens, "
                          "e.g. billing, vip, follow-up (-<tag> takes one away)")
    assert shown.pings == frozenset()
    ticket = await store.get_ticket("T-1")
    assert ticket is not None and ticket.tags == ()
