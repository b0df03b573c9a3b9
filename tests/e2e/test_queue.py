"""Working the queue from chat, end to end through Slack (issue #18): `tickets` with its
filters, `status` of a ticket, an approval or a post, SLA and OVERDUE on the cards, a snooze
past the SLA, escalation notices batched per channel and step, published approval cards, and
`unmute`."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.world import ALICE, APPROVALS, BOB, CAROL, DAVE, ESCALATIONS, SUPPORT, World


async def ask(world: World, user: str, channel: str, text: str) -> str:
    """A slash command and the answer the person sees (its message's text, lines kept): the
    answer to this command, by its response_url, not a late answer to an earlier one sent
    without waiting (on a loaded machine one came in first and was taken for this one's)."""
    def ephemerals() -> list[dict[str, Any]]:
        return [e for e in world.slack.ephemerals if e.get("user") == user]

    before = len(ephemerals())
    assert await world.slash(user, channel, text) == 200
    rid = world.last_rid

    def answers() -> list[dict[str, Any]]:
        return [r for r in world.slack.responses if r.get("rid") == rid]

    await world.until(lambda: answers() or len(ephemerals()) > before,
                      f"the answer to {text!r}")
    mine = answers()
    answer = mine[-1] if mine else ephemerals()[-1]
    blocks = answer.get("blocks") or []
    # the text's sections (a context block under them holds the answer's own links)
    shown = "\n".join(str((b.get("text") or {}).get("text", "")) for b in blocks
                      if b.get("type") != "context")
    return (shown or str(answer.get("text", ""))).replace("&lt;", "<").replace(
        "&gt;", ">").replace("&amp;", "&")


async def open_tickets(world: World, n: int, *, start: int = 1) -> list[str]:
    for k in range(start, start + n):
        await world.mention(f"@acme my order {k} is broken again, this is terrible",
                            n=k, handle=f"customer{k}")
    return sorted((t.id for t in await world.a.store.list_tickets()),
                  key=lambda x: int(x.split("-")[1]))


def card(world: World, ticket_id: str) -> dict[str, object]:
    found = [m for m in world.posts(SUPPORT) if f"{ticket_id}:" in str(m.get("text"))]
    assert len(found) == 1, found
    return found[0]


async def test_tickets_lists_open_work_with_age_sla_and_a_permalink_to_each_card(
        world: World) -> None:
    ids = await open_tickets(world, 3)
    world.clock.advance(minutes=10)
    answer = await ask(world, ALICE, SUPPORT, "tickets")
    assert answer.startswith("3 tickets (open or claimed)")
    for ticket_id in ids:
        ts = str(card(world, ticket_id)["ts"])
        line = next(x for x in answer.splitlines() if x.startswith(f"• {ticket_id} ·"))
        assert "unclaimed" in line and "10 min old" in line and "SLA due" in line
        # the link Slack gives for the card (chat.getPermalink on the recorded message)
        assert f"/archives/{SUPPORT}/p{ts.replace('.', '')}" in line


async def test_filters_combine_mine_open_overdue_and_team(world: World) -> None:
    ids = await open_tickets(world, 4)
    await ask(world, ALICE, SUPPORT, f"claim {ids[0]}")
    await ask(world, BOB, SUPPORT, f"claim {ids[1]}")
    mine = await ask(world, ALICE, SUPPORT, "tickets mine")
    assert ids[0] in mine and ids[1] not in mine and mine.startswith("1 ticket (mine)")
    unclaimed = await ask(world, ALICE, SUPPORT, "tickets open")
    assert ids[2] in unclaimed and ids[3] in unclaimed and ids[0] not in unclaimed
    assert "no tickets (overdue" in await ask(world, ALICE, SUPPORT, "tickets overdue support")
    world.clock.advance(minutes=61)  # the route's SLA is 60 minutes
    overdue = await ask(world, ALICE, SUPPORT, "tickets overdue support")
    assert overdue.startswith("4 tickets (overdue, team support)")
    assert all("OVERDUE by 1 min" in x for x in overdue.splitlines()[1:])
    both = await ask(world, ALICE, SUPPORT, "tickets mine overdue")
    assert ids[0] in both and ids[1] not in both
    # the channel picked from Slack's autocomplete comes as its mention, <#C…|name>: the team
    # of that channel, whatever Slack names it (a review's find, 2026-12-05)
    picked = await ask(world, ALICE, SUPPORT, f"tickets overdue <#{SUPPORT}|help-desk>")
    assert picked.startswith("4 tickets (overdue, team support)"), picked
    # a team that is neither a channel nor a group: one line naming the known ones
    refused = await ask(world, ALICE, SUPPORT, "tickets overdue billing")
    assert "no team 'billing'" in refused and "support" in refused and "\n" not in refused


async def test_status_answers_for_a_ticket_an_approval_and_a_post(world: World) -> None:
    (ticket_id,) = await open_tickets(world, 1)
    ts = str(card(world, ticket_id)["ts"])
    answer = await ask(world, BOB, SUPPORT, f"status {ticket_id}")
    assert answer.startswith(f"{ticket_id}: open, unclaimed")
    assert "SLA due" in answer and f"p{ts.replace('.', '')}" in answer
    # a post, by its URL or its mention id: the ticket it opened
    by_url = await ask(world, BOB, SUPPORT, "status https://mastodon.example/@customer1/1")
    assert f"{ticket_id}: open, unclaimed" in by_url and "mastodon:1 by @customer1" in by_url
    assert ticket_id in await ask(world, BOB, SUPPORT, "status mastodon:1")
    # an approval: its state and its card
    await ask(world, ALICE, SUPPORT, f"reply {ticket_id} On it!")
    await world.a.outbox.drain()
    answer = await ask(world, BOB, SUPPORT, "status A-1")
    assert answer.startswith("A-1: approve this post?") and f"/archives/{APPROVALS}/" in answer
    # unknown things: one line that says what is wrong
    assert (await ask(world, BOB, SUPPORT, "status T-999")) == "no ticket T-999"
    missing = await ask(world, BOB, SUPPORT, "status https://mastodon.example/@nobody/77")
    assert "never fetched" in missing


async def test_an_unresolved_ticket_turns_overdue_once_when_its_sla_passes(world: World) -> None:
    (ticket_id,) = await open_tickets(world, 1)
    ts = str(card(world, ticket_id)["ts"])
    assert "SLA due" in str(world.slack.message(SUPPORT, ts))
    world.clock.advance(minutes=59)
    await world.timers()
    assert "OVERDUE" not in str(world.slack.message(SUPPORT, ts))
    world.clock.advance(minutes=1)
    await world.timers()
    shown = str(world.slack.message(SUPPORT, ts))
    assert "OVERDUE" in shown
    assert any("is overdue" in str(m.get("text")) for m in world.slack.thread(SUPPORT, ts))
    await world.restart()  # another process takes the timers over: nothing fires twice
    world.clock.advance(hours=2)
    await world.timers()
    marks = [e for e in await world.a.store.audit_since(None) if e.action == "ticket.overdue"]
    assert [e.object_id for e in marks] == [ticket_id]


async def test_a_resolved_ticket_never_turns_overdue(world: World) -> None:
    (ticket_id,) = await open_tickets(world, 1)
    await ask(world, ALICE, SUPPORT, f"resolve {ticket_id}")
    world.clock.advance(hours=2)
    await world.timers()
    assert not [e for e in await world.a.store.audit_since(None) if e.action == "ticket.overdue"]


async def test_a_snooze_past_the_sla_is_accepted_with_a_warning(world: World) -> None:
    (ticket_id,) = await open_tickets(world, 1)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.sla_due is not None
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 2h")
    until = (world.clock() + __import__("datetime").timedelta(hours=2)).strftime("%H:%M")
    assert answer == (f"{ticket_id} snoozed until {until} UTC, after the SLA "
                      f"({ticket.sla_due:%H:%M} UTC): the ticket will be overdue")
    await world.a.outbox.drain()
    ts = str(card(world, ticket_id)["ts"])
    notes = [str(m.get("text")) for m in world.slack.thread(SUPPORT, ts)]
    assert any("after the SLA" in n and "will be overdue" in n for n in notes)
    # within the SLA: no warning
    short = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 10m")
    assert "SLA" not in short


async def test_seven_escalating_tickets_make_one_notice_per_channel_and_step(
        world: World) -> None:
    ids = await open_tickets(world, 7)
    before = len(world.posts(SUPPORT))
    world.clock.advance(minutes=15)
    await world.timers()
    world.clock.advance(seconds=30)
    await world.timers()
    notices = [m for m in world.posts(SUPPORT)[before:] if "Escalation" in str(m)]
    assert len(notices) == 1
    text = str(notices[0])
    assert "7 tickets unclaimed (step 1 of support-default)" in text
    for ticket_id in ids:  # each with a link to its card
        ts = str(card(world, ticket_id)["ts"])
        assert re.search(rf"{ticket_id} has been unclaimed for 15 min, since it opened\. Card: \S*"
                         rf"/archives/{SUPPORT}/p{ts.replace('.', '')}", text), ticket_id
    # step 2, thirty minutes later: one notice in the escalation channel, one in #support
    world.clock.advance(minutes=30)
    await world.timers()
    world.clock.advance(seconds=30)
    await world.timers()
    assert len([m for m in world.posts(ESCALATIONS) if "Escalation" in str(m)]) == 1
    assert len([m for m in world.posts(SUPPORT)[before:] if "Escalation" in str(m)]) == 2
    world.clock.advance(hours=3)
    await world.timers()  # the notice timers fire once more and find nothing
    assert len([m for m in world.posts(ESCALATIONS) if "Escalation" in str(m)]) == 1


async def test_a_ticket_claimed_before_its_notice_is_left_out_of_it(world: World) -> None:
    ids = await open_tickets(world, 2)
    before = len(world.posts(SUPPORT))
    world.clock.advance(minutes=15)
    await world.timers()
    await ask(world, ALICE, SUPPORT, f"claim {ids[0]}")
    world.clock.advance(seconds=30)
    await world.timers()
    (notice,) = [m for m in world.posts(SUPPORT)[before:] if "Escalation" in str(m)]
    assert ids[1] in str(notice) and f"{ids[0]} has been" not in str(notice)


async def test_a_published_approval_card_reads_as_published(world: World) -> None:
    (ticket_id,) = await open_tickets(world, 1)
    await ask(world, ALICE, SUPPORT, f"reply {ticket_id} Sorry! We are on it.")
    await world.a.outbox.drain()
    (request,) = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    assert "approve this post?" in str(request)
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None
    await ask(world, DAVE, APPROVALS, f"approve A-1 {approval.content_hash[:16]}")
    await world.a.outbox.drain()
    shown = world.slack.message(APPROVALS, str(request["ts"]))
    header = str(shown)
    assert "Published to Mastodon as masto: " in header and "/@acme/9001" in header
    assert "approve this post?" not in header


async def test_a_rejected_approval_card_says_who_rejected_it_and_why(world: World) -> None:
    (ticket_id,) = await open_tickets(world, 1)
    await ask(world, ALICE, SUPPORT, f"reply {ticket_id} Sorry!")
    await world.a.outbox.drain()
    (request,) = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    await ask(world, DAVE, APPROVALS, "reject A-1 too short")
    await world.a.outbox.drain()
    shown = str(world.slack.message(APPROVALS, str(request["ts"])))
    assert "Rejected by dave: too short" in shown and "approve this post?" not in shown


async def test_unmute_lifts_a_subscription_mute_and_a_route_mute_early(world: World) -> None:
    from tests.e2e.world import MARKETING

    answer = await ask(world, DAVE, MARKETING, "subscribe pricing")
    sub_id = answer.split()[0]
    await ask(world, DAVE, MARKETING, f"mute {sub_id} 2h launch")
    assert (await ask(world, DAVE, MARKETING, f"unmute {sub_id}")).startswith(
        f"{sub_id} unmuted")
    await world.mention("what is your pricing for teams?", n=1)
    assert any("pricing for teams" in str(m) for m in world.posts(MARKETING))
    assert "is not muted" in await ask(world, DAVE, MARKETING, f"unmute {sub_id}")

    # a route: leads only, audited
    await ask(world, CAROL, SUPPORT, "mute support 1h noisy")
    await world.mention("@acme my order is broken, terrible", n=2, handle="zed")
    assert not await world.a.store.list_tickets()
    assert "only a lead" in await ask(world, ALICE, SUPPORT, "unmute support")
    assert (await ask(world, CAROL, SUPPORT, "unmute support")).startswith(
        "route support unmuted")
    await world.mention("@acme my order is broken again, terrible", n=3, handle="yan")
    assert len(await world.a.store.list_tickets()) == 1
    actions = [e.action for e in await world.a.store.audit_since(None)]
    assert "route.unmute" in actions and "subscription.unmute" in actions
    assert "not muted" in await ask(world, CAROL, SUPPORT, "unmute support")


async def test_a_status_refusal_names_status(world: World) -> None:
    refused = await ask(world, BOB, SUPPORT, "status foo")
    assert refused == ("status takes a ticket id (T-3), an approval id (A-2), a post URL or a "
                       "mention id (mastodon:123)")
    assert (await ask(world, BOB, SUPPORT, "why foo")).startswith("why takes a post URL")
