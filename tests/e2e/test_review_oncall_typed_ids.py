"""Ticket ids as a PagerDuty or Grafana OnCall user types them, through Slack's slash command
(a review, 2026-12-07; each failed before its fix).

1. An id typed without its hyphen (`why T1`, `claim t1`, `status T1`, `T_1`, `claim T 1`) was
   refused as "not an id like T-3" (`claim T 1`: "'T' is not an id like T-3"), or `why` as
   taking "a post URL, a mention id or a ticket id", naming no id to write, where the other
   ids typed amiss (`T-٣`, a Cyrillic `Т-1`) say `write T-1`.
2. An id with leading zeros (`claim T-01`, `why T-01`) was "no ticket T-01", though ids are
   made unpadded and a subscription's `S-02` is S-2 (docs/workflows.md).
"""

from __future__ import annotations

import pytest

from tests.e2e.test_queue import ask, open_tickets
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, SUPPORT, World


@pytest.mark.parametrize("line", ["why T1", "why t1", "status T1", "claim t1", "claim T1",
                                  "unclaim T1", "snooze T1 2h", "note T1 hi", "escalate T1",
                                  "resolve #T1", 'claim "T1"', "why T_1", "claim Ｔ１",
                                  "claim T 1", "why T 1", "status T 1", "snooze T 1 2h",
                                  "note t 1 on it"])
async def test_an_id_typed_without_its_hyphen_says_which_to_write(world: World,
                                                                  line: str) -> None:
    ticket_id, _ = await open_ticket(world)
    assert ticket_id == "T-1"
    answer = await ask(world, ALICE, SUPPORT, line)
    assert "write T-1" in answer.splitlines()[0], answer
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.status == "open" and ticket.claimer is None


async def test_an_id_with_leading_zeros_is_that_id(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    assert (await ask(world, ALICE, SUPPORT, "status T-01")).startswith(ticket_id)
    assert "no ticket" not in await ask(world, ALICE, SUPPORT, "why T-001")
    assert await ask(world, ALICE, SUPPORT, "claim T-01") == f"{ticket_id} claimed"
    assert await ask(world, ALICE, SUPPORT, "resolve t-0001") == f"{ticket_id} resolved"


async def test_a_merge_into_an_id_with_leading_zeros_joins_that_ticket(world: World) -> None:
    first, second = await open_tickets(world, 2)
    assert (first, second) == ("T-1", "T-2")
    answer = await ask(world, ALICE, SUPPORT, "merge T-02 into T-01")
    assert answer.startswith("T-2 merged into T-1"), answer
