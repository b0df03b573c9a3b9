"""Ticket verbs through discord.py against the local Discord: `/socialops tickets unclaim` with
its `to` option on an unclaimed ticket (an assignment), `snooze` with `off` as its duration (the
snooze ends), `status` of a ticket (its timeline); the options become the shared command line,
the ticket service changes the ticket, and the outbox edits its card with a line in its thread;
a misuse is one private line that pings nobody, and so is hostile text a timeline shows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.core.cards import Interaction, Reply
from bot.core.commands import parse_span
from bot.core.config import DiscordWorkspaceConfig, OutboxConfig, PersonConfig
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.queue import TicketQueue
from handlers.tickets import TicketService
from integrations.discord.workspace import DiscordWorkspace
from tests.conftest import FakeClock
from tests.integrations.discord.asking import a_ticket, asking
from tests.integrations.discord.reader import discord_view, unescape
from tests.integrations.discord.test_bot import ALICE, registered_options
from tests.support.fake_discord import FakeDiscord

BOB = "1000000000000000200"


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
def directory() -> Directory:
    return Directory([PersonConfig(id="alice", identities={"discord": ALICE}),
                      PersonConfig(id="bob", identities={"discord": BOB})])


@pytest.fixture
def tickets(store: Store, clock: FakeClock, directory: Directory) -> TicketService:
    return TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                         directory=directory, escalations={}, channels={})


@pytest.fixture
async def pinging(ws_config: DiscordWorkspaceConfig, store: Store, clock: FakeClock,
                  directory: Directory) -> AsyncIterator[Outbox]:
    """The outbox as the app builds it: a thread line's people resolved to Discord ids."""

    async def no_wait(seconds: float) -> None:
        clock.advance(seconds=seconds)

    ws = DiscordWorkspace(ws_config)
    try:
        yield Outbox(store, {"discord": ws}, clock=clock, config=OutboxConfig(), owner="t",
                     sleep=no_wait, resolve_mentions=directory.resolve)
    finally:
        await ws.close()


class Verbs:
    """The ticket verbs as the dispatcher runs them for alice, a linked person."""

    def __init__(self, tickets: TicketService, queue: TicketQueue) -> None:
        self.tickets = tickets
        self.queue = queue
        self.seen: list[Interaction] = []

    async def handle(self, i: Interaction) -> Reply:
        self.seen.append(i)
        target = i.target or ""
        if i.action == "unclaim":
            return await self.tickets.unclaim(target, "alice", reassign_to=i.options.get("to"),
                                              workspace=i.workspace)
        if i.action == "snooze" and i.args == ("off",):
            return await self.tickets.unsnooze(target, "alice")
        if i.action == "snooze":
            return await self.tickets.snooze(target, "alice", parse_span(i.args[0]))
        if i.action == "note":
            return await self.tickets.note(target, "alice", i.args[0])
        if i.action == "status":
            return await self.queue.status_reply(target)
        raise AssertionError(i.action)


@pytest.fixture
async def asked(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store,
                clock: FakeClock, directory: Directory, tickets: TicketService
                ) -> AsyncIterator[Callable[..., Any]]:
    handler = Verbs(tickets, TicketQueue(store, clock=clock, directory=directory, channels={}))
    async with asking(ws_config, fake, handler) as ask:
        yield ask



def shown(body: dict[str, Any]) -> str:
    return discord_view(body, allowed_mentions=body.get("allowed_mentions")).text


async def test_unclaim_to_someone_assigns_an_unclaimed_ticket_and_pings_them(
        asked: Callable[..., Any], fake: FakeDiscord, store: Store, clock: FakeClock,
        tickets: TicketService, pinging: Outbox) -> None:
    assert await registered_options(fake, "unclaim") == [("ticket", True), ("to", False)]
    card = await a_ticket(tickets, store, clock, fake, pinging)

    i, body = await asked("unclaim", ticket="T-1", to="bob")
    assert (i.action, i.target, i.options) == ("unclaim", "T-1", {"to": "bob"})
    assert shown(body) == "T-1 assigned to bob"
    await pinging.drain()
    assert "bob" in str(fake.messages[card]["embeds"])
    [thread] = fake.threads
    [line] = fake.in_channel(thread)
    assert unescape(line["content"])[0] == f"alice assigned to bob\n<@{BOB}>"
    [sent] = [c for c in fake.calls if c.method == "POST" and c.path.endswith(
        f"/channels/{thread}/messages")]
    assert sent.body["allowed_mentions"] == {"parse": [], "users": [int(BOB)]}
    ticket = await store.get_ticket("T-1")
    assert ticket is not None and (ticket.status, ticket.claimer) == ("claimed", "bob")

    # someone the config does not name: one private line, pinging nobody
    _, body = await asked("unclaim", ticket="T-1", to="@everyone")
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert view.text == ("no person '@everyone' to reassign T-1 to: name a person id as in "
                         "socialops.yaml (people:)")
    assert view.pings == frozenset()


async def test_a_member_picked_in_the_to_option_reaches_the_dispatcher(
        asked: Callable[..., Any], store: Store, clock: FakeClock, fake: FakeDiscord,
        tickets: TicketService, pinging: Outbox) -> None:
    """Discord sends a member picked in a string option as '<@id>' (discord-api-docs#5173):
    the command line 'unclaim T-1 to=<@id>' was refused by its shape ('unclaim takes an id and
    optionally to=<person id>') before the dispatcher, which reads the member as its person,
    ever saw it."""
    await a_ticket(tickets, store, clock, fake, pinging)
    for picked in (f"<@{BOB}>", f"<@!{BOB}>"):
        i, _ = await asked("unclaim", ticket="T-1", to=picked)
        assert (i.action, i.target, i.options) == ("unclaim", "T-1", {"to": picked})


async def test_a_snoozed_cards_end_is_said_on_the_workspaces_clock_too(
        asked: Callable[..., Any], fake: FakeDiscord, store: Store, clock: FakeClock,
        tickets: TicketService, pinging: Outbox, ws_config: DiscordWorkspaceConfig) -> None:
    """A workspace with a `timezone:` was told a snooze's end on its clock in the reply and
    the `tickets` line, and in UTC alone on the card's embed."""
    tickets.zones = {ws_config.name: "Europe/Berlin"}  # as compose passes the config's
    card = await a_ticket(tickets, store, clock, fake, pinging)
    await asked("snooze", ticket="T-1", duration="2h")
    await pinging.drain()
    [embed] = fake.messages[card]["embeds"]
    assert "snoozed until 11:00 UTC (12:00 Europe/Berlin)" in [
        unescape(f["value"])[0] for f in embed["fields"]], embed


async def test_snooze_off_ends_the_snooze_on_the_card_and_in_its_thread(
        asked: Callable[..., Any], fake: FakeDiscord, store: Store, clock: FakeClock,
        tickets: TicketService, pinging: Outbox) -> None:
    assert await registered_options(fake, "snooze") == [("ticket", True), ("duration", False)]
    card = await a_ticket(tickets, store, clock, fake, pinging)
    _, body = await asked("snooze", ticket="T-1", duration="2h")
    assert shown(body).startswith("T-1 snoozed until")
    await pinging.drain()
    assert "snoozed until" in str(fake.messages[card]["embeds"])

    i, body = await asked("snooze", ticket="T-1", duration="off")
    assert (i.action, i.target, i.args) == ("snooze", "T-1", ("off",))
    assert shown(body) == "T-1 unsnoozed"
    await pinging.drain()
    assert "snoozed until" not in str(fake.messages[card]["embeds"])
    [thread] = fake.threads
    assert [unescape(m["content"])[0] for m in fake.in_channel(thread)][-1] == \
        "alice unsnoozed: was snoozed until 11:00 UTC"

    _, body = await asked("snooze", ticket="T-1", duration="off")
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert body["flags"] & 64 and view.pings == frozenset()
    assert view.text == "T-1 is no longer snoozed"


async def test_status_shows_the_timeline_with_hostile_text_as_text(
        asked: Callable[..., Any], fake: FakeDiscord, store: Store, clock: FakeClock,
        tickets: TicketService, pinging: Outbox) -> None:
    await a_ticket(tickets, store, clock, fake, pinging)
    clock.advance(minutes=2)
    _, body = await asked("note", ticket="T-1", text="@everyone **call** <@&1>\nnow")
    assert shown(body) == "T-1 noted"
    _, body = await asked("status", what="T-1")
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    lines = view.text.splitlines()
    start = lines.index("history (UTC, newest last):")
    assert [x.strip() for x in lines[start + 1:start + 3]] == [
        "09:00 socialops opened: route support",
        "09:02 alice noted: @everyone **call** <@&1> now"]
    assert view.pings == frozenset()
