"""A member named in ``unclaim T-1 to=`` or ``oncall primary cover 2h for=``, as a mention
(``<@W...>``) or as the member ID itself (Slack's "Copy member ID", Discord's "Copy User ID"),
through Slack's signed requests into the bolt app, on a SQLite file and a real redis-server.

A review (2026-12-07): a member no person is was refused naming ``people:`` ("is a member no
one in socialops.yaml (people:) is here"), while what maps a member to a person is each
person's ``identities:`` (docs/configuration.md); and the member ID typed bare was read as a
person id ("no person 'WALICE' ... (people:)"), though it is alice's. Now a member ID, bare or
picked, is the person it is here; a member nobody is, is one line naming ``identities:`` and
the entry to add, the same for both verbs; a person id nobody has still names ``people:``."""

from __future__ import annotations

from tests.e2e.test_oncall import world  # noqa: F401  (the fixture: Slack, schedules, stores)
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, BOB, CAROL, SUPPORT, World

NOBODY = ("is a member no person in socialops.yaml is: add slack: WMALLORY under that "
          "person's identities:, or have them link first (link <email>); or name a person id, "
          "{key}=bob")


async def test_a_member_nobody_is_names_identities(world: World) -> None:  # noqa: F811
    ticket_id, _ = await open_ticket(world)
    assert await ask(world, BOB, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} claimed"
    for typed in ("<@WMALLORY>", "<@WMALLORY|mallory>", "WMALLORY"):
        said = await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to={typed}")
        shown = "WMALLORY" if typed == "WMALLORY" else "<@WMALLORY>"
        assert said == f"to={shown} " + NOBODY.format(key="to"), said
        said = await ask(world, ALICE, SUPPORT, f"oncall primary cover 2h for={typed}")
        assert said == f"for={shown} " + NOBODY.format(key="for"), said
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "bob"


async def test_a_member_id_typed_bare_is_its_person(world: World) -> None:  # noqa: F811
    ticket_id, _ = await open_ticket(world)
    assert await ask(world, BOB, SUPPORT, f"claim {ticket_id}") == f"{ticket_id} claimed"
    answer = await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to={ALICE}")
    assert answer.startswith(f"{ticket_id} reassigned to alice"), answer
    answer = await ask(world, ALICE, SUPPORT, "oncall primary cover 3h for=WDAVE")
    assert answer.startswith("O-1: dave on call in primary"), answer


async def test_a_person_id_nobody_has_still_names_people(world: World) -> None:  # noqa: F811
    ticket_id, _ = await open_ticket(world)
    said = await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=zed")
    assert "people:" in said and "identities:" not in said, said
    said = await ask(world, ALICE, SUPPORT, "oncall primary cover 2h for=zed")
    assert said.startswith("no person 'zed' in people:"), said
