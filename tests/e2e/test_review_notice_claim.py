"""An escalation notice pings its people, and the one pinged acknowledges it there, as a
PagerDuty or Grafana OnCall notification in Slack carries its Acknowledge button (a review,
2026-12-07). The notice had no button: the person pinged had to open the card by its link
and claim it there, or type the command. Through Slack's signed request path."""

from __future__ import annotations

from tests.e2e.test_queue import open_tickets
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import BOB, CAROL, SUPPORT, World


def notices(world: World) -> list[dict[str, object]]:
    return [m for m in world.posts(SUPPORT) if str(m.get("text")).startswith("notice:")]


async def step_one(world: World) -> None:
    world.clock.advance(minutes=16)  # step 1 of support-default at +15, its notice batched
    await world.timers()
    world.clock.advance(minutes=1)
    await world.timers()
    await world.a.outbox.drain()


async def test_the_person_pinged_claims_the_ticket_from_the_notice(world: World) -> None:
    ticket_id, card_ts = await open_ticket(world)
    await step_one(world)
    [notice] = notices(world)
    ts = str(notice["ts"])
    assert world.button_value(SUPPORT, ts, "claim") == ticket_id, notice

    def claims(outcome: str) -> float:
        return world.a.metrics.value("interactions_total", action="claim", outcome=outcome)

    assert await world.click(BOB, "claim", ticket_id, channel=SUPPORT, message_ts=ts) == 200
    await world.until(lambda: claims("ok") == 1, "bob's click")
    await world.a.outbox.drain()
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "bob"
    # the notice stays a notice; the card says who has it
    assert str(world.slack.message(SUPPORT, ts).get("text")).startswith("notice:")
    assert "claimed by bob" in str(world.slack.message(SUPPORT, card_ts))
    # a second click, on the same notice, is told who has it: nothing changes hands
    assert await world.click(CAROL, "claim", ticket_id, channel=SUPPORT, message_ts=ts) == 200
    await world.until(lambda: f"{ticket_id} is already claimed by bob" in world.said_to(CAROL),
                      "the answer to carol's click")
    assert claims("ok") == 1 and claims("refused") == 1
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "bob"


async def test_a_notice_of_several_tickets_has_a_claim_button_for_each(world: World) -> None:
    ids = await open_tickets(world, 3)
    await step_one(world)
    [notice] = notices(world)
    shown = [e for b in notice.get("blocks") or [] if b.get("type") == "actions"  # type: ignore[union-attr]
             for e in b.get("elements") or []]
    assert [(e["text"]["text"], e["value"]) for e in shown] == [
        (f"Claim {t}", t) for t in ids], shown


async def test_a_reaction_on_the_notice_claims_as_its_button_does(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    await step_one(world)
    [notice] = notices(world)
    assert await world.react(BOB, "eyes", channel=SUPPORT, message_ts=str(notice["ts"]),
                             event_id="EvNotice1") == 200

    def claims() -> float:
        return world.a.metrics.value("interactions_total", action="claim", outcome="ok")

    await world.until(lambda: claims() == 1, "the reaction")
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "bob"


async def test_a_reaction_on_a_notice_of_several_tickets_claims_none_and_says_so(
        world: World) -> None:
    """A batched notice carries a Claim button for each ticket: an :eyes: on it claimed the
    first one listed, without a word, the others pinging on (a review, 2026-12-07; failed
    before). A reaction does not say which ticket: it claims none, and the person is told to
    press the button of the one they take."""
    ids = await open_tickets(world, 3)
    await step_one(world)
    [notice] = notices(world)
    assert await world.react(BOB, "eyes", channel=SUPPORT, message_ts=str(notice["ts"]),
                             event_id="EvNotice3") == 200
    line = (f"{', '.join(ids)} each have a Claim button on this message: a reaction does "
            "not say which; press the button of the one you mean")
    await world.until(lambda: line in world.said_to(BOB), "the answer to the reaction")
    assert [t.claimer for t in await world.a.store.list_tickets()] == [None] * 3
