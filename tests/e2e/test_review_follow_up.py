"""A customer writing again after their ticket was resolved, end to end (signed requests into
the bolt app, the local Slack, a SQLite store). Zendesk links a follow-up to the closed ticket
it follows, so whoever takes it sees what was done last time; socialops opened a new ticket
that said nothing of the old one (its card's Customer field lists open tickets only), so the
agent started from nothing (a review of the ticket flow, 2026-12-06)."""

from __future__ import annotations

import json

from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import BOB, SUPPORT, World


async def test_a_ticket_opened_after_the_customers_last_was_resolved_names_it(
        either: World) -> None:
    """On a SQLite file and on a redis-server."""
    world = either
    first, _ = await open_ticket(world)
    assert "resolved" in await ask(world, BOB, SUPPORT, f"resolve {first} fixed in 2.3")
    world.clock.advance(hours=20)
    await world.mention("@acme it is broken again, the order page fails", n=2)
    tickets = await world.a.store.list_tickets(status="open")
    assert len(tickets) == 1 and tickets[0].id != first
    second = tickets[0].id
    card = next(m for m in world.posts(SUPPORT) if f"{second}:" in json.dumps(m))
    shown = json.dumps(card)
    assert f"follows {first}, resolved by bob" in shown, shown
    assert "fixed in 2.3" in shown, shown
    status = await ask(world, BOB, SUPPORT, f"status {second}")
    assert f"follows {first}" in status, status
    why = await ask(world, BOB, SUPPORT, "why mastodon:2")
    assert f"follows {first}" in why, why
    print(shown, status, why, sep="\n----\n")


async def test_a_customers_first_ticket_follows_nothing(world: World) -> None:
    first, _ = await open_ticket(world)
    card = next(m for m in world.posts(SUPPORT) if f"{first}:" in json.dumps(m))
    assert "follows" not in json.dumps(card)
    # an open ticket is no ticket to follow: the post joins it (or the card lists it open)
    world.clock.advance(minutes=5)
    await world.mention("@acme and now the app crashes too, this is terrible", n=2)
    opened = await world.a.store.list_tickets()
    assert all("follows" not in json.dumps([h.action for h in t.history]) for t in opened)


async def test_a_damaged_record_of_the_customers_last_ticket_opens_the_new_one_all_the_same(
        world: World) -> None:
    """``follows`` reads the customer's last ticket to say what it follows: a help, never a
    gate. Its record damaged (a hand edit, a bad restore: the store's ``UnreadableRecord``),
    every later post of that customer failed the ticket's opening, and the post was retried
    then set aside as poison: no ticket at all. It opens, following nothing, and the store's
    warning names the record."""
    import sqlite3

    from bot.core import keys as K
    from bot.store.layout import T_RECORDS

    first, _ = await open_ticket(world)
    assert "resolved" in await ask(world, BOB, SUPPORT, f"resolve {first} fixed in 2.3")
    with sqlite3.connect(world.tmp / "state.db") as db:
        assert db.execute(f"UPDATE {T_RECORDS} SET json = '{{\"id\": 1}}' WHERE kind = ? AND "
                          "id = ?", (K.TICKET, first)).rowcount == 1
    world.clock.advance(hours=20)
    await world.mention("@acme it is broken again, the order page fails", n=2)
    opened = [t for t in await world.a.store.list_tickets(status="open") if t.id != first]
    assert len(opened) == 1, opened
    assert not any(h.action.startswith("follows") for h in opened[0].history)
