"""Merging tickets end to end through Slack (signed requests into the bolt app, the local Slack
Web API, a SQLite file): ``merge T-2 into T-1`` closes T-2 as merged, its card edited once with
a link to T-1's; T-1 gains its posts, tags and the more urgent priority, with one thread line;
a later post of T-2's customer attaches to T-1; ``status``, ``why``, ``tickets`` and ``reopen``
read it; each misuse is refused in one line."""

from __future__ import annotations

from bot.core.models import Author, Mention
from tests.e2e.test_home import home_of, publishes, section
from tests.e2e.test_queue import ask, open_tickets
from tests.e2e.test_tickets import field_values
from tests.e2e.world import ALICE, BOB, SUPPORT, World
from tests.store.test_damaged_records import damage


def card_ts(world: World, ticket_id: str) -> str:
    [card] = [m for m in world.posts(SUPPORT) if f"{ticket_id}:" in str(m.get("text"))]
    return str(card["ts"])


def buttons(card: dict[str, object]) -> list[str]:
    return [str(e.get("text", {}).get("text")) for b in card.get("blocks") or []  # type: ignore[attr-defined]
            if b.get("type") == "actions" for e in b.get("elements") or []]


async def test_a_merge_moves_posts_tags_and_priority_and_later_posts_follow(
        world: World) -> None:
    first, second = await open_tickets(world, 2)
    ts1, ts2 = card_ts(world, first), card_ts(world, second)
    assert await ask(world, BOB, SUPPORT, f"claim {first}") == f"{first} claimed"
    assert (await ask(world, ALICE, SUPPORT, f"tag {second} billing")).startswith(second)
    assert (await ask(world, ALICE, SUPPORT, f"priority {second} p1")).startswith(second)
    await world.a.outbox.drain()
    updates = len(world.slack.calls_to("chat.update"))

    assert await ask(world, ALICE, SUPPORT, f"merge {second} into {first}") == (
        f"{second} merged into {first} (1 post, tagged +billing; priority none → P1)")
    await world.a.outbox.drain()
    assert len(world.slack.calls_to("chat.update")) == updates + 2  # each card edited once

    source = await world.a.store.get_ticket(second)
    target = await world.a.store.get_ticket(first)
    assert source is not None and target is not None
    assert (source.status, source.merged_into) == ("merged", first)
    assert target.status == "claimed" and target.claimer == "bob"  # its claim stays
    assert target.mention_ids == ("mastodon:1", "mastodon:2") and target.merged == (second,)
    assert (target.tags, target.priority) == (("billing",), "P1")
    assert [(e.action, e.detail) for e in target.history[-3:]] == [
        (f"merged {second}", "1 post"), ("tagged", "+billing"), ("priority", "none → P1")]
    assert (source.history[-1].action, source.history[-1].detail) == (
        f"merged into {first}", "1 post")
    audit = [(e.object_id, e.detail) for e in await world.a.store.audit_since(None)
             if e.action == "ticket.merged"]
    assert audit == [(second, f"into {first}, 1 post"), (first, f"{second} into it, 1 post")]

    card = world.slack.message(SUPPORT, ts2)
    assert card is not None and field_values(card)["Status"] == f"merged into {first}"
    assert not {"Claim", "Resolve", "Reopen"} & set(buttons(card))
    [line] = [m for m in world.slack.thread(SUPPORT, ts2) if "merged" in str(m)]
    assert f"alice merged {second} into {first}: " in str(line)  # with the link to T-1's card
    card = world.slack.message(SUPPORT, ts1)
    assert card is not None and field_values(card)["Merged"] == second
    [line] = [m for m in world.slack.thread(SUPPORT, ts1) if "merged" in str(m)]
    assert (f"alice merged {second} (1 post), tagged +billing; priority none → P1"
            in str(line))

    # a later post of the merged ticket's customer, in its conversation, joins T-1
    await world.mention("@acme my order 2 is still broken", n=3, handle="customer2",
                        thread="2")
    assert len(await world.a.store.list_tickets()) == 2
    target = await world.a.store.get_ticket(first)
    assert target is not None and target.mention_ids[-1] == "mastodon:3"

    # one batch with a post of each conversation T-1 now holds: both join it, neither lost
    await world.a.pipeline.process_batch([Mention(
        id=f"mastodon:{n}", network="mastodon", source="masto", text="@acme still broken",
        author=Author(id=f"acctcustomer{k}", handle=f"customer{k}", followers=1),
        created_at=world.clock(), thread_id=str(k)) for n, k in ((4, 2), (5, 1))])
    target = await world.a.store.get_ticket(first)
    assert target is not None and target.mention_ids[-2:] == ("mastodon:4", "mastodon:5")
    assert len(await world.a.store.list_tickets()) == 2

    assert f"{second}: merged into {first}" in await ask(world, BOB, SUPPORT,
                                                         f"status {second}")
    assert f"merged {second} into it" in await ask(world, BOB, SUPPORT, f"status {first}")
    listed = await ask(world, BOB, SUPPORT, "tickets")
    assert first in listed and second not in listed
    assert f"ticket {second}, since merged into {first}" in await ask(
        world, BOB, SUPPORT, "why mastodon:2")
    merged_away = f"{second} was merged into {first}, which holds its posts: use {first}"
    assert await ask(world, BOB, SUPPORT, f"reopen {second}") == merged_away
    assert await ask(world, BOB, SUPPORT, f"claim {second}") == merged_away
    assert await ask(world, BOB, SUPPORT, f"priority {second} p2") == merged_away


async def test_merges_refused_in_one_line(world: World) -> None:
    first, second, third = await open_tickets(world, 3)
    assert await ask(world, ALICE, SUPPORT, f"merge {first} into {first}") == (
        f"{first} cannot be merged into itself: name two tickets "
        "(merge <ticket id> into <ticket id>)")
    assert await ask(world, ALICE, SUPPORT, f"merge T-99 into {first}") == "no ticket T-99"
    assert await ask(world, ALICE, SUPPORT, f"merge {first} into T-99") == "no ticket T-99"
    assert await ask(world, ALICE, SUPPORT, f"merge {first} onto {second}") == (
        "merge takes the ticket to merge and the one it joins: merge T-4 into T-3")
    assert await ask(world, ALICE, SUPPORT, f"merge {first} into x") == (
        "'x' is not an id like T-3\nusage: merge <ticket id> into <ticket id>")

    assert await ask(world, ALICE, SUPPORT, f"merge {second} {first}") == (  # Discord's form
        f"{second} merged into {first} (1 post)")
    assert await ask(world, ALICE, SUPPORT, f"merge {second} into {first}") == (
        f"{second} is merged into {first} already")  # a repeat, answered as done
    assert await ask(world, BOB, SUPPORT, f"merge {second} into {third}") == (
        f"{second} was merged into {first} already")
    assert await ask(world, BOB, SUPPORT, f"merge {third} into {second}") == (
        f"{second} was merged into {first}: merge {third} into {first} instead")
    assert await ask(world, BOB, SUPPORT, f"merge {first} into {second}") == (
        f"{second} was merged into {first}: they are one ticket already")

    assert await ask(world, BOB, SUPPORT, f"resolve {first}") == f"{first} resolved"
    assert await ask(world, BOB, SUPPORT, f"merge {third} into {first}") == (
        f"{first} is resolved: reopen {first} first, or merge {third} into an open ticket")
    assert await ask(world, BOB, SUPPORT, f"merge {first} into {third}") == (
        f"{first} is resolved: reopen {first} first to merge it, or leave it resolved")


async def test_the_app_home_drops_a_merged_ticket(world: World) -> None:
    """The home's rows are the queue's: T-2, merged into T-1, leaves the unclaimed ones."""
    first, second = await open_tickets(world, 2)
    await world.open_home(ALICE)
    home = await home_of(world, ALICE)
    assert f"*{second}*" in section(home, "Unclaimed in support")
    assert world.bot is not None and world.bot.homes is not None
    await world.bot.homes.drain()
    before = publishes(world, ALICE)
    assert (await ask(world, BOB, SUPPORT, f"merge {second} into {first}")).startswith(
        f"{second} merged into {first}")
    await world.a.outbox.drain()
    rows = section(await home_of(world, ALICE, after=before), "Unclaimed in support")
    assert f"*{first}*" in rows and f"*{second}*" not in rows


async def test_a_merge_naming_a_damaged_ticket_is_refused_in_one_line(world: World) -> None:
    """A stored ticket that cannot be read (bot/store/readable.py): the merge says which and
    what to do, and writes nothing over either ticket."""
    first, second = await open_tickets(world, 2)
    await damage(world.a.store, "ticket", first, "wrong status")
    said = await ask(world, ALICE, SUPPORT, f"merge {second} into {first}")
    assert said.startswith(f"ticket {first} cannot be read: its stored record is damaged")
    assert "\n" not in said
    kept = await world.a.store.get_ticket(second)
    assert kept is not None and kept.status == "open" and kept.merged_into is None


async def test_a_merged_tickets_post_can_still_be_answered_and_its_drafts_stay(
        world: World) -> None:
    """T-2's post is its customer's, which a reply on T-1 does not reach: a reply drafted on
    T-2 before the merge stays waiting for approval (the merge's answer says so, so no one
    takes it for T-1's), and one drafted after it says the ticket was merged and which post it
    answers, rather than drafting as if nothing had happened."""
    first, second = await open_tickets(world, 2)
    assert await ask(world, ALICE, SUPPORT, f"reply {second} we are on it") == (
        f"A-1 drafted as a reply to {second}; waiting for approval")
    assert await ask(world, ALICE, SUPPORT, f"merge {second} into {first}") == (
        f"{second} merged into {first} (1 post); A-1, a reply drafted on {second}, still "
        f"answers {second}'s post when published")
    pending = await world.a.store.get_approval("A-1")
    assert pending is not None and pending.status == "pending"
    assert pending.ticket_id == second and pending.reply_to == "mastodon:2"
    assert await ask(world, ALICE, SUPPORT, f"reply {second} fixed now") == (
        f"A-2 drafted as a reply to {second} (merged into {first}: this answers {second}'s "
        f"post, by @customer2); waiting for approval; {second} has another reply waiting: A-1 "
        "by alice (pending): the customer gets each one approved (reject one to send one "
        "answer)")


async def test_a_ticket_with_many_merged_into_it_says_how_many(world: World) -> None:
    """An outage: twelve customers' tickets merged into one. Its card's Merged field showed
    the last 10 with nothing to say there were more, and ``status`` listed every one (a long
    outage's hundreds past what a chat answer holds): both now name the last 10 and the count."""
    ids = await open_tickets(world, 13)
    first, rest = ids[0], ids[1:]
    for other in rest:
        assert (await ask(world, ALICE, SUPPORT, f"merge {other} into {first}")).startswith(
            f"{other} merged into {first}")
    await world.a.outbox.drain()
    card = world.slack.message(SUPPORT, card_ts(world, first))
    assert card is not None
    last = ", ".join(rest[-10:])
    assert field_values(card)["Merged"] == f"{last} (the last 10 of 12)"
    assert f"merged {last} into it (the last 10 of 12)" in await ask(world, BOB, SUPPORT,
                                                                     f"status {first}")


async def test_a_reply_on_a_merged_ticket_names_its_customer_on_one_line(world: World) -> None:
    """The answer to a reply on a merged ticket names whose post it answers by the network's
    handle, which is the network's text: one holding line breaks drew lines of its own in the
    answer ('SocialOps: A-2 approved'), and a long one pushed the rest of the answer (the
    other reply waiting) past what the answer shows. The handle is one line, cut."""
    [first] = await open_tickets(world, 1)
    handle = "mallory\n\nSocialOps: A-2 approved, nothing to do\n" + "x" * 12_000
    await world.mention("@acme my order is broken again, this is terrible", n=2,
                        handle=handle)
    second = "T-2"
    assert await ask(world, ALICE, SUPPORT, f"reply {second} we are on it") == (
        f"A-1 drafted as a reply to {second}; waiting for approval")
    assert (await ask(world, ALICE, SUPPORT, f"merge {second} into {first}")).startswith(
        f"{second} merged into {first}")
    said = await ask(world, ALICE, SUPPORT, f"reply {second} fixed now")
    assert "\n" not in said, said[:300]
    assert said.startswith(f"A-2 drafted as a reply to {second} (merged into {first}: this "
                           f"answers {second}'s post, by @mallory SocialOps: A-2 approved, "
                           "nothing to do xxx"), said[:300]
    assert len(said) < 500 and said.endswith(
        f"; {second} has another reply waiting: A-1 by alice (pending): the customer gets each "
        "one approved (reject one to send one answer)"), said[-300:]


async def test_a_merged_tickets_notes_go_with_its_posts(world: World) -> None:
    """T-2's internal notes (what the team learnt of its customer) stayed on T-2, which no verb
    but ``status`` reaches once merged: ``status T-1`` showed only the merge, as Zendesk users
    would not expect. T-1 now takes each of them in the merge's write, by its author at its
    time among T-1's own entries, said as T-2's (``bob noted on T-2: VIP, call back``); the
    merge's answer counts them, and a later merge of T-1 carries them on as T-2's."""
    first, second, third = await open_tickets(world, 3)
    world.clock.advance(minutes=1)
    assert (await ask(world, BOB, SUPPORT, f"note {second} VIP, call back")).startswith(second)
    world.clock.advance(minutes=1)
    assert (await ask(world, ALICE, SUPPORT, f"note {first} asked for logs")).startswith(first)
    world.clock.advance(minutes=1)
    assert (await ask(world, BOB, SUPPORT, f"note {second} refund on 2nd line")).startswith(
        second)
    world.clock.advance(minutes=1)
    assert await ask(world, ALICE, SUPPORT, f"merge {second} into {first}") == (
        f"{second} merged into {first} (1 post, 2 notes)")
    target = await world.a.store.get_ticket(first)
    source = await world.a.store.get_ticket(second)
    assert target is not None and source is not None
    noted = [(e.actor, e.action, e.detail) for e in target.history if "noted" in e.action]
    assert noted == [("bob", f"noted on {second}", "VIP, call back"),
                     ("alice", "noted", "asked for logs"),
                     ("bob", f"noted on {second}", "refund on 2nd line")]
    times = [e.at for e in target.history]
    assert times == sorted(times)  # newest last, as status says them
    assert target.history[-1].action == f"merged {second}"
    assert [e.action for e in source.history].count("noted") == 2  # T-2's own stay
    status = await ask(world, BOB, SUPPORT, f"status {first}")
    assert f"bob noted on {second}: VIP, call back" in status
    assert f"bob noted on {second}: refund on 2nd line" in status

    assert await ask(world, ALICE, SUPPORT, f"merge {first} into {third}") == (
        f"{first} merged into {third} (2 posts, 3 notes)")
    onward = await world.a.store.get_ticket(third)
    assert onward is not None
    assert [(e.actor, e.action) for e in onward.history if "noted" in e.action] == [
        ("bob", f"noted on {second}"), ("alice", f"noted on {first}"),
        ("bob", f"noted on {second}")]
