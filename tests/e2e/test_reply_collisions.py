"""Two people answering one customer (Sprout Social's collision detection): a reply drafted on
a ticket that another reply still waits on says which, and whose, so one of them is
rejected before the customer gets two answers; a ticket someone else claimed says who.
Through Slack's signed request path."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, APPROVALS, BOB, CAROL, DAVE, SUPPORT, World


async def test_a_second_reply_to_a_ticket_names_the_one_waiting(world: World) -> None:
    await world.mention("@acme my order is broken again, terrible", n=1)
    first = await ask(world, ALICE, SUPPORT, "reply T-1 Sorry! We are on it.")
    assert first == "A-1 drafted as a reply to T-1; waiting for approval", first
    second = await ask(world, BOB, SUPPORT, "reply T-1 Hi, a fix is coming today.")
    assert second == ("A-2 drafted as a reply to T-1; waiting for approval; T-1 has another "
                      "reply waiting: A-1 by alice (pending): the customer gets each one "
                      "approved (reject one to send one answer)"), second
    assert (await ask(world, CAROL, SUPPORT, "claim T-1")).startswith("T-1 claimed")
    third = await ask(world, ALICE, SUPPORT, "reply T-1 One more thing")
    assert third.endswith("T-1 has other replies waiting: A-1 by alice (pending), A-2 by bob "
                          "(pending): the customer gets each one approved (reject one to send "
                          "one answer); T-1 is claimed by carol"), third
    assert (await ask(world, CAROL, SUPPORT, "reply T-1 Fixed now")).endswith(
        "A-3 by alice (pending): the customer gets each one approved (reject one to send one "
        "answer)")
    # a reply to another ticket is alone
    await world.mention("@acme the app crashes at login, terrible", n=2, handle="zed")
    assert await ask(world, BOB, SUPPORT, "reply T-2 Looking into it") == \
        "A-5 drafted as a reply to T-2; waiting for approval"


async def test_a_reply_drafted_from_the_cli_to_the_tickets_post_is_named(world: World) -> None:
    """``socialops draft --reply-to mastodon:1`` answers the ticket's post without naming the
    ticket (it has no ticket id): a reply then drafted on T-1 answered the same customer's post
    again unsaid. Matched by the post it answers, it is named as one drafted on T-1 is."""
    await world.mention("@acme my order is broken again, terrible", n=1)
    approval, _ = await world.a.approvals.draft(  # as bot.app.cli._drafted makes it
        text="Sorry, we are on it", network="mastodon", account="masto", author="bob",
        reply_to="mastodon:1", reply_context="")
    assert approval is not None and approval.ticket_id is None
    answer = await ask(world, ALICE, SUPPORT, "reply T-1 A fix is coming today.")
    assert answer == ("A-2 drafted as a reply to T-1; waiting for approval; T-1 has another "
                      "reply waiting: A-1 by bob (pending): the customer gets each one "
                      "approved (reject one to send one answer)"), answer


async def card_of(world: World, approval_id: str) -> str:
    await world.a.outbox.drain()
    ref = await world.a.store.message_ref(approval_id, "slack", APPROVALS)
    assert ref is not None, approval_id
    return ref.message_id


async def test_the_approver_of_a_second_reply_to_a_post_is_told_of_the_first(
        either: World) -> None:
    """Each approval card stood alone: two replies to one customer's post were both approved
    and published, their approvers told nothing. Approving one (the card's button, the typed
    verb, the reaction) now names the other replies to the same post still waiting, or
    published in the last 24 hours, on the answer's line; nothing is refused."""
    world = either
    await world.mention("@acme my order is broken again, terrible", n=1)
    await ask(world, ALICE, SUPPORT, "reply T-1 Sorry! We are on it.")
    await ask(world, BOB, SUPPORT, "reply T-1 Hi, a fix is coming today.")
    await world.click(DAVE, "approve", "A-1", channel=APPROVALS,
                      message_ts=await card_of(world, "A-1"))
    await world.until(lambda: any("A-1 approved" in t for t in world.said_to(DAVE)),
                      "the approve's answer")
    (first,) = [t for t in world.said_to(DAVE) if "A-1 approved" in t]
    assert first.startswith("A-1 approved and published: "), first
    assert first.endswith("; A-2, another reply to @kasia's post, is pending"), first
    assert "\n" not in first

    world.clock.advance(minutes=10)
    a2 = await world.a.store.get_approval("A-2")
    assert a2 is not None
    second = await ask(world, CAROL, APPROVALS, f"approve A-2 {a2.content_hash[:16]}")
    assert second.startswith("A-2 approved and published: "), second
    assert second.endswith("; A-1, another reply to @kasia's post, was published 10 minutes "
                           "ago"), second
    assert len(world.statuses) == 2  # told, not refused: both went out

    # a third, approved by reaction, 23 h 55 min after A-2 went out: A-1 (24 h 5 min ago) is
    # no longer named, A-2 is, and a scheduled one waiting is "approved too"
    world.clock.advance(hours=23, minutes=50)
    await ask(world, ALICE, SUPPORT, 'reply T-1 at="in 3h" Follow-up: fixed.')
    await ask(world, BOB, SUPPORT, "reply T-1 One more word")
    world.clock.advance(minutes=5)
    a3 = await world.a.store.get_approval("A-3")
    assert a3 is not None
    third = await ask(world, DAVE, APPROVALS, f"approve A-3 {a3.content_hash[:16]}")
    assert third.startswith("A-3 approved; publishes at "), third
    assert third.endswith("; other replies to @kasia's post: A-2 was published 23 hours ago, "
                          "A-4 pending"), third
    assert await world.react(CAROL, "+1", channel=APPROVALS,
                             message_ts=await card_of(world, "A-4"), event_id="EvA4") == 200
    await world.until(lambda: any("A-4 approved" in t for t in world.said_to(CAROL)),
                      "the reaction's answer")
    (fourth,) = [t for t in world.said_to(CAROL) if "A-4 approved" in t]
    assert fourth.endswith("; other replies to @kasia's post: A-2 was published 23 hours "
                           "ago, A-3 approved"), fourth

    # another customer's post: alone
    await world.mention("@acme the app crashes at login, terrible", n=2, handle="zed")
    await ask(world, BOB, SUPPORT, "reply T-2 Looking into it")
    a5 = await world.a.store.get_approval("A-5")
    assert a5 is not None
    alone = await ask(world, DAVE, APPROVALS, f"approve A-5 {a5.content_hash[:16]}")
    assert alone.startswith("A-5 approved and published: ") and ";" not in alone, alone


async def test_a_reply_drafted_after_another_went_out_names_it(either: World) -> None:
    """The drafter was told only of replies still waiting: a reply published ten minutes ago
    to the same customer's post went unsaid to whoever drafted the next one, though its
    approver is told (``ApprovalService.others``, read by both now)."""
    world = either
    await world.mention("@acme my order is broken again, terrible", n=1)
    await ask(world, ALICE, SUPPORT, "reply T-1 Sorry! We are on it.")
    a1 = await world.a.store.get_approval("A-1")
    assert a1 is not None
    assert (await ask(world, DAVE, APPROVALS, f"approve A-1 {a1.content_hash[:16]}")
            ).startswith("A-1 approved and published: ")
    world.clock.advance(minutes=10)
    answer = await ask(world, BOB, SUPPORT, "reply T-1 Hi, a fix is coming today.")
    assert answer == ("A-2 drafted as a reply to T-1; waiting for approval; A-1 by alice, a "
                      "reply to the same post, was published 10 minutes ago"), answer
