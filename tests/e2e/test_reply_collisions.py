"""Two people answering one customer (Sprout Social's collision detection): a reply drafted on
a ticket that another reply still waits on says which, and whose, so one of them is
rejected before the customer gets two answers; a ticket someone else claimed says who.
Through Slack's signed request path."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, BOB, CAROL, SUPPORT, World


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
