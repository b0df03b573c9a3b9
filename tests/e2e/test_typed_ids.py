"""An id typed in another script's digits is refused alike by every verb, naming the id in
ASCII digits: an Arabic keyboard types ``T-٣`` for T-3 (a Persian one ``T-۳``, a Hindi one
``T-३``). ``claim T-٣`` was refused as "not an id like T-3" while ``status T-٣`` and
``why T-٣`` answered "no ticket T-٣", for a ticket T-3 that was there: one id, three answers,
none saying what to write. Through Slack's signed request path."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, SUPPORT, World


async def test_an_id_in_arabic_indic_persian_or_devanagari_digits_is_told_its_ascii_form(
        world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    assert ticket_id == "T-1"
    for line, typed in (("status T-١", "T-١"), ("why t-۱", "t-۱"), ("claim T-१", "T-१"),
                        ("label T-١ lead", "T-١"), ("merge T-1 into T-١", "T-١")):
        said = await ask(world, ALICE, SUPPORT, line)
        assert said.splitlines()[0] == (f"'{typed}' is not an id: ids are written in ASCII "
                                        "digits; write T-1"), (line, said)
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None and ticket.status == "open"


async def test_an_id_that_is_none_is_refused_alike_by_every_verb(world: World) -> None:
    """'T-፩' (Ethiopic: a digit to str.isdigit, no number to int()) is no id: status said
    'no ticket T-፩' as if one could be, claim 'not an id like T-3'."""
    await open_ticket(world)
    status = await ask(world, ALICE, SUPPORT, "status T-፩")
    assert "no ticket" not in status and "\n" not in status, status
    claimed = await ask(world, ALICE, SUPPORT, "claim T-፩")
    assert "is not an id like T-3" in claimed, claimed
