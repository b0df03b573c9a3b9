"""A ticket card on Discord says its status once. The handler's Status field ("claimed by
alice", "snoozed until …") was followed by a second "Status" field drawn from the card's bare
status ("claimed"): two lines saying one thing, the first already saying more. Posted through
the outbox and discord.py to the local Discord, read back as a Discord client shows it."""

from __future__ import annotations

import pytest

from bot.core.cards import Card, CardField
from bot.core.config import PersonConfig
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox
from handlers.audit import Audit
from handlers.cards import ticket_card
from handlers.identity import Directory
from handlers.tickets import TicketService
from integrations.discord.render import embed
from tests.conftest import FakeClock
from tests.integrations.discord.asking import a_ticket
from tests.integrations.discord.test_bot import ALICE
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
def tickets(store: Store, clock: FakeClock) -> TicketService:
    return TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                         directory=Directory([PersonConfig(id="alice",
                                                           identities={"discord": ALICE})]),
                         escalations={}, channels={})


def statuses(fields: list[dict[str, str]]) -> list[str]:
    return [f["value"] for f in fields if f["name"] == "Status"]


async def test_a_ticket_card_says_its_status_once(
        tickets: TicketService, store: Store, clock: FakeClock, fake: FakeDiscord,
        outbox: Outbox) -> None:
    message_id = await a_ticket(tickets, store, clock, fake, outbox)
    assert statuses(fake.messages[message_id]["embeds"][0]["fields"]) == ["open"]
    ticket = await store.get_ticket("T-1")
    assert ticket is not None
    claimed = ticket.model_copy(update={"status": "claimed", "claimer": "alice"})
    shown = embed(ticket_card(claimed, None)).to_dict()
    assert statuses(shown["fields"]) == ["claimed by alice"]  # type: ignore[arg-type]


def test_a_card_without_a_status_field_still_says_its_status() -> None:
    card = Card(kind="approval", key="A-1", title="t", status="pending",
                fields=(CardField(name="Step", value="1/1"),))
    assert statuses(embed(card).to_dict()["fields"]) == ["pending"]  # type: ignore[arg-type]
