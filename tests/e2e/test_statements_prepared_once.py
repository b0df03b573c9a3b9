"""Every SQL statement of a routed post's workflow is prepared once and then reused, on a real
SQLite file through the real app: posts opening tickets, posts attached to them, a claim and
a resolve through Slack's signed request path, cards delivered through the outbox.

SQLite prepares a statement again at its next execution when its plan depended on a bound
value: the planner compared a parameter with a partial index's WHERE (``kind = ?`` against
``records_ticket_opened``'s ``kind = 'ticket'``, ``status = ?`` against ``outbox_card``'s
``status = 'pending'``). Each such execution parsed and planned its statement again: 9.5 µs,
not 2.8, a one-table read; 85 µs, not 17, the customer context's four-part read, the costliest
statement of a routed post in ``benchmarks/pipeline_profile.py``. Python's statement cache
(128 statements) overflowing would prepare them again the same way.

The authorizer is what SQLite calls while it prepares a statement, and only then: it counts
preparations. Installing it expires every prepared statement (SQLite's documentation of
``sqlite3_set_authorizer``), so it is installed before a first round that prepares them all;
the second round, the same workflow for other customers, must prepare nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from bot.store.sqlite import SqliteStore
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, SUPPORT, World


def counting(prepared: list[tuple[int, str | None, str | None]]
             ) -> Callable[[int, str | None, str | None, str | None, str | None], int]:
    def authorize(action: int, arg1: str | None, arg2: str | None, _db: str | None,
                  _trigger: str | None) -> int:
        prepared.append((action, arg1, arg2))
        return sqlite3.SQLITE_OK
    return authorize


async def one_round(world: World, first: int) -> None:
    """Three customers: each opens a ticket and posts again in its conversation; the first
    ticket is claimed and resolved in chat."""
    for i in range(first, first + 3):
        await world.mention(f"@acme my order #{i} never arrived, terrible service", n=2 * i,
                            handle=f"customer{i}", thread=f"t{i}")
        await world.mention(f"@acme still nothing for order #{i}, this is terrible",
                            n=2 * i + 1, handle=f"customer{i}", thread=f"t{i}")
    ticket = f"T-{first + 1}"  # the round's first ticket
    assert (await ask(world, ALICE, SUPPORT, f"claim {ticket}")).startswith(
        f"{ticket} claimed")
    assert (await ask(world, ALICE, SUPPORT, f"resolve {ticket}")).startswith(
        f"{ticket} resolved")
    await world.a.outbox.drain()


async def test_a_second_round_of_the_ticket_workflow_prepares_no_statement(
        world: World) -> None:
    store = world.a.store
    assert isinstance(store, SqliteStore)
    prepared: list[tuple[int, str | None, str | None]] = []
    for db in (store._db, store._reader):
        db.set_authorizer(counting(prepared))
    await one_round(world, 0)
    assert prepared, "the authorizer saw no statement prepared: it counts nothing"
    first = len(prepared)
    prepared.clear()
    await one_round(world, 3)
    tickets = [await store.get_ticket(f"T-{n}") for n in range(1, 7)]
    assert all(t is not None for t in tickets), tickets
    assert sum(len(t.mention_ids) for t in tickets if t is not None) == 12
    assert prepared == [], (f"{len(prepared)} preparations in the second round "
                            f"({first} in the first): {sorted(set(prepared))[:40]}")
