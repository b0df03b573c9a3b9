"""A claim keeps the ``claim_timeout`` its reply promised (PagerDuty's acknowledgement timeout
is the one in force when the incident was acknowledged): a review as an on-call lead,
2026-12-07. The timeout was looked up by the chain's name in the running config when the timer
fired, so a config changed after the claim (the chain's timeout shortened or lengthened, taken
away, or the chain renamed) released a claim at another time than ``released at 10:05 UTC``,
or never.

Signed requests into the bolt app, the local Slack, a SQLite file or a real redis-server, an
injected clock: T-1 opens at 09:00, its chain with ``claim_timeout: 1h``; alice claims it at
09:05 and is told 10:05; the bot restarts with another config at 09:30."""

from __future__ import annotations

import pytest

from bot.core.effects import Effects
from tests.e2e.test_queue import ask
from tests.e2e.test_review_claim_timeout import RELEASED, TIMEOUT, at, claimed_at_0905, timed
from tests.e2e.world import ALICE, BOB, SUPPORT, World

__all__ = ["timed"]  # the fixture, on a SQLite file and a redis-server

PROMISED = "released at 10:05 UTC unless resolved (support-default's claim timeout of 1 h)"


async def restarted_with(world: World, chain: str) -> None:
    """The bot stopped, its chain's head written as ``chain``, and started again as `run`
    starts it."""
    await world.stop()
    path = world.tmp / "socialops.yaml"
    text = path.read_text()
    assert TIMEOUT in text
    path.write_text(text.replace(TIMEOUT, chain))
    await world.start()
    await world.a.start()


@pytest.mark.parametrize("chain", [
    "  - name: support-default\n    claim_timeout: 3h\n",  # lengthened
    "  - name: support-default\n    claim_timeout: 10m\n",  # shortened
    "  - name: support-default\n",  # taken away
], ids=["lengthened", "shortened", "taken-away"])
async def test_a_claim_is_released_when_its_reply_said(timed: World, chain: str) -> None:
    world = timed
    ticket_id = await claimed_at_0905(world)
    status = await ask(world, BOB, SUPPORT, f"status {ticket_id}")
    assert PROMISED in status, status
    await at(world, 25)  # 09:30
    await restarted_with(world, chain)
    status = await ask(world, BOB, SUPPORT, f"status {ticket_id}")
    assert PROMISED in status, status  # as promised, still
    await at(world, 34)  # 10:04: held still (a 10 min timeout would have released it)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "alice", ticket.history[-1]
    await at(world, 1)  # 10:05
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None)
    assert [e.detail for e in ticket.history if "claim released" in e.detail] == [RELEASED]


async def test_a_new_claim_takes_the_timeout_in_force_then(timed: World) -> None:
    world = timed
    ticket_id = await claimed_at_0905(world)
    await at(world, 25)  # 09:30
    await restarted_with(world, "  - name: support-default\n    claim_timeout: 2h\n")
    assert "unclaimed" in await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id}")
    said = await ask(world, BOB, SUPPORT, f"claim {ticket_id}")
    assert "released at 11:30 UTC unless resolved (support-default's claim timeout of 2 h)" \
        in said, said


async def test_a_chain_renamed_keeps_the_claims_of_its_old_name(timed: World) -> None:
    """The ticket keeps its chain as it opened (named support-default); the config now names
    it support-main, which ticket routes to no longer find under the old name."""
    world = timed
    ticket_id = await claimed_at_0905(world)
    await at(world, 25)  # 09:30
    path = world.tmp / "socialops.yaml"
    await world.stop()
    text = path.read_text().replace(TIMEOUT, "  - name: support-main\n    claim_timeout: 1h\n")
    path.write_text(text.replace("escalation: support-default", "escalation: support-main"))
    rules = world.tmp / "rules.yaml"
    if rules.exists():
        rules.write_text(rules.read_text().replace("support-default", "support-main"))
    await world.start()
    await world.a.start()
    await at(world, 35)  # 10:05
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None), \
        ticket.history[-1]


async def test_a_claim_after_its_chain_was_renamed_takes_the_routes_chain(timed: World) -> None:
    """Claimed after the rename: the ticket keeps its chain as it opened (support-default),
    which no chain of the config is called now. PagerDuty's acknowledgement timeout is the
    policy's in force at the acknowledgement, and the chain in force is the one the ticket's
    route names now (support-main, 1 h): the claim used to find no timeout by the old name,
    record none, and never be released (a review of spikes and escalation, 2026-12-07)."""
    world = timed
    ticket_id = await claimed_at_0905(world)
    await at(world, 25)  # 09:30
    path = world.tmp / "socialops.yaml"
    await world.stop()
    text = path.read_text().replace(TIMEOUT, "  - name: support-main\n    claim_timeout: 1h\n")
    path.write_text(text.replace("escalation: support-default", "escalation: support-main"))
    rules = world.tmp / "rules.yaml"
    if rules.exists():
        rules.write_text(rules.read_text().replace("support-default", "support-main"))
    await world.start()
    await world.a.start()
    assert "unclaimed" in await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id}")
    said = await ask(world, BOB, SUPPORT, f"claim {ticket_id}")
    assert "released at 10:30 UTC unless resolved" in said, said
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claim_timeout_minutes == 60
    await at(world, 59)  # 10:29: held still
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "bob", ticket.history[-1]
    await at(world, 1)  # 10:30
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None), \
        ticket.history[-1]


async def test_a_claim_after_the_rename_names_the_chain_it_took(timed: World) -> None:
    """Claimed after its chain was renamed, the claim takes support-main's timeout (above);
    its reply, `status` and the release line named support-default, the name the ticket
    opened with, which no chain has now: "(support-default's claim timeout of 1 h)" for a
    timeout support-default never had (a review of spike mutes and claims, 2026-12-07)."""
    world = timed
    ticket_id = await claimed_at_0905(world)
    await at(world, 25)  # 09:30
    await world.stop()
    path = world.tmp / "socialops.yaml"
    text = path.read_text().replace(TIMEOUT, "  - name: support-main\n    claim_timeout: 2h\n")
    path.write_text(text.replace("escalation: support-default", "escalation: support-main"))
    rules = world.tmp / "rules.yaml"
    if rules.exists():
        rules.write_text(rules.read_text().replace("support-default", "support-main"))
    await world.start()
    await world.a.start()
    assert "unclaimed" in await ask(world, ALICE, SUPPORT, f"unclaim {ticket_id}")
    said = await ask(world, BOB, SUPPORT, f"claim {ticket_id}")
    assert "(support-main's claim timeout of 2 h)" in said, said
    status = await ask(world, BOB, SUPPORT, f"status {ticket_id}")
    assert "(support-main's claim timeout of 2 h)" in status, status
    await at(world, 120)  # 11:30
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None)
    released = [e.detail for e in ticket.history if "claim released" in e.detail]
    assert len(released) == 1 and "support-main's claim timeout of 2 h" in released[0], \
        released


async def test_a_claim_recorded_before_whose_chain_was_renamed_takes_the_routes_chain(
        timed: World) -> None:
    """A claim stored by a release before 2026-12-07 recorded no timeout, so it takes its
    chain's as configured now, counted from the claim; its chain renamed since (support-main
    in the config and the rules), that chain was looked up by the name the ticket opened
    with, support-default, which none has now: no timeout was found, nothing said when it
    ends, and the claim was held for ever. Decided as for a claim taken now (PagerDuty's
    policies are kept by their id, not their name, so a rename leaves an acknowledgement's
    timeout running): the chain the ticket's route names now (an on-call lead's third pass,
    2026-12-07)."""
    world = timed
    ticket_id = await claimed_at_0905(world)
    held = await world.a.store.get_ticket(ticket_id)
    assert held is not None and held.claim_timeout_minutes == 60
    fx = Effects()  # as a release before 2026-12-07 stored it: no timeout recorded
    fx.update(held.model_copy(update={"claim_timeout_minutes": None,
                                      "version": held.version + 1}), expected=held.version)
    assert await world.a.store.apply(fx)
    await at(world, 25)  # 09:30
    await world.stop()
    path = world.tmp / "socialops.yaml"
    text = path.read_text().replace(TIMEOUT, "  - name: support-main\n    claim_timeout: 2h\n")
    path.write_text(text.replace("escalation: support-default", "escalation: support-main"))
    rules = world.tmp / "rules.yaml"
    if rules.exists():
        rules.write_text(rules.read_text().replace("support-default", "support-main"))
    await world.start()
    await world.a.start()  # as `socialops run` starts it: arms the claims held without a timer
    promised = "released at 11:05 UTC unless resolved (support-main's claim timeout of 2 h)"
    status = await ask(world, BOB, SUPPORT, f"status {ticket_id}")
    assert promised in status, status
    assert "released at 11:05 UTC" in await ask(world, BOB, SUPPORT, "tickets")
    await at(world, 94)  # 11:04: held still
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "alice", ticket.history[-1]
    await at(world, 1)  # 11:05
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and (ticket.status, ticket.claimer) == ("open", None), \
        ticket.history[-1]
    assert [e.detail for e in ticket.history if "claim released" in e.detail] == [
        "alice's claim released: claimed at 09:05 UTC and unresolved past support-main's "
        "claim timeout of 2 h"]
