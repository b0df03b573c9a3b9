"""A ticket held by someone who has left (taken out of ``people:``), end to end (signed
requests into the bolt app, the local Slack, a SQLite store, a restart on the edited file).
A held ticket never escalates, so one whose holder left sat "claimed by bob" in `tickets`,
`status` and the App Home, nobody told that nobody was working it (PagerDuty will not delete
a user with open incidents until they are reassigned; a review of the on-call and queue
views, 2026-12-06). Each view now says the holder is no longer a person here, and how to hand
it on."""

from __future__ import annotations

from tests.e2e.test_home import home_of, section
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, BOB, CAROL, DAVE, SUPPORT, World

GONE = "bob is no longer in people:; unclaim T-1 to=<person> hands it on"


async def test_a_ticket_held_by_someone_who_left_says_so(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    assert ticket_id == "T-1"
    assert await ask(world, BOB, SUPPORT, "claim T-1") == "T-1 claimed"
    path = world.tmp / "socialops.yaml"
    text = path.read_text()
    bob = next(line for line in text.splitlines() if line.lstrip().startswith("- {id: bob,"))
    path.write_text(text.replace(bob + "\n", ""))
    await world.restart()

    listed = await ask(world, CAROL, SUPPORT, "tickets")
    assert f"claimed by bob ({GONE})" in listed, listed
    status = await ask(world, CAROL, SUPPORT, "status T-1")
    assert f"claimed by bob ({GONE})" in status, status
    world.clock.advance(minutes=61)  # past the SLA: in the team's overdue list
    await world.timers()
    await world.open_home(CAROL)
    overdue = section(await home_of(world, CAROL), "Overdue in support")
    # mrkdwn-escaped there, as the home's other text is
    assert "claimed by bob (" + GONE.replace("<", "&lt;").replace(">", "&gt;") + ")" in overdue, \
        overdue
    # anyone linked may hand it on, as the line says: its holder is nobody here to ask, so
    # "only bob or a lead may unclaim or reassign T-1" left an agent stuck
    assert await ask(world, ALICE, SUPPORT, "unclaim T-1 to=alice") == \
        "T-1 reassigned to alice"
    # a person still configured reads as before, and keeps their claim from others
    assert "no longer in people" not in await ask(world, CAROL, SUPPORT, "status T-1")
    assert await ask(world, DAVE, SUPPORT, "unclaim T-1") == \
        "only alice or a lead may unclaim or reassign T-1"
    assert "no longer in people" not in await ask(world, CAROL, SUPPORT, "tickets")
