"""Tags on tickets end to end through Slack (signed requests into the bolt app, the local Slack
Web API, a SQLite file): ``tag T-1 billing -vip``, the card's Tags field and thread line, the
history and the audit row, the queue's ``tag=`` filter and ``status``; each misuse one line."""

from __future__ import annotations

from pathlib import Path

import regex

from tests.conftest import FakeClock
from tests.e2e.test_home import home_of, publishes, section
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import field_values, open_ticket
from tests.e2e.world import ALICE, BOB, RULES, SUPPORT, World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer


async def test_tags_are_added_and_taken_away_on_the_card_the_queue_and_status(
        world: World) -> None:
    ticket_id, ts = await open_ticket(world)
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and "Tags" not in field_values(card)
    updates = len(world.slack.calls_to("chat.update"))

    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} Billing #vip") == \
        f"{ticket_id} tagged: +billing +vip (tags: billing, vip)"
    await world.a.outbox.drain()
    assert len(world.slack.calls_to("chat.update")) == updates + 1
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and field_values(card)["Tags"] == "billing, vip"
    [line] = [m for m in world.slack.thread(SUPPORT, ts) if "tagged" in str(m)]
    assert [b["text"]["text"] for b in line["blocks"]] == ["alice tagged: +billing +vip"]

    # taking one away and adding another is one change, decided from the tags it holds
    assert await ask(world, BOB, SUPPORT, f"tag {ticket_id} -vip refund") == \
        f"{ticket_id} tagged: +refund -vip (tags: billing, refund)"
    await world.a.outbox.drain()
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and field_values(card)["Tags"] == "billing, refund"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.tags == ("billing", "refund")
    assert [(e.actor, e.action, e.detail) for e in ticket.history if e.action == "tagged"] == [
        ("alice", "tagged", "+billing +vip"), ("bob", "tagged", "+refund -vip")]
    assert [(e.actor, e.detail, e.before["tags"] if e.before else None,
             e.after["tags"] if e.after else None)
            for e in await world.a.store.audit_since(None) if e.action == "ticket.tagged"] == [
        ("alice", "+billing +vip", [], ["billing", "vip"]),
        ("bob", "+refund -vip", ["billing", "vip"], ["billing", "refund"])]

    listed = await ask(world, BOB, SUPPORT, "tickets tag=refund")
    assert listed.startswith("1 ticket (open or claimed, tagged refund):")
    assert f"• {ticket_id} · unclaimed" in listed and "tags billing, refund" in listed
    assert await ask(world, BOB, SUPPORT, "tickets open tag=vip") == \
        "no tickets (unclaimed, tagged vip)"
    assert "tags billing, refund" in await ask(world, BOB, SUPPORT, f"status {ticket_id}")

    # a resolved ticket still takes tags: they are for finding and counting it
    assert await ask(world, ALICE, SUPPORT, f"resolve {ticket_id}") == f"{ticket_id} resolved"
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} -billing") == \
        f"{ticket_id} tagged: -billing (tags: refund)"


async def test_tags_typed_with_commas_as_the_card_lists_them(world: World) -> None:
    """The card shows ``Tags: billing, vip``; typed back like that (or ``billing,vip``, or
    with a full-width comma) they are two tags, not 'billing,' refused as no tag."""
    ticket_id, ts = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} billing, vip") == \
        f"{ticket_id} tagged: +billing +vip (tags: billing, vip)"
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} -vip,refund") == \
        f"{ticket_id} tagged: +refund -vip (tags: billing, refund)"
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} -billing\uff0c-refund ,") == \
        f"{ticket_id} tagged: -billing -refund (no tags now)"
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} , ,") == (
        "tag needs a tag to add (billing) or take away (-billing)\n"
        "usage: tag <ticket id> <tag or -tag> ...")
    await world.a.outbox.drain()
    card = world.slack.message(SUPPORT, ts)
    assert card is not None and "Tags" not in field_values(card)


async def test_tag_refuses_in_one_line_what_it_cannot_do(world: World) -> None:
    """An unknown id, a word that is no tag (a hostile one said back as text), no tag at all,
    a tag both added and taken away, a change that changes nothing, more than ten tags, and a
    queue filter that is no tag: each one line, the ticket as it was; those past the parser
    (all but a bare ``tag T-1``, answered with the usage) are audited as refusals."""
    ticket_id, _ = await open_ticket(world)
    rule = "a tag is 1 to 32 letters, digits or hyphens, e.g. billing, vip, follow-up"
    assert await ask(world, ALICE, SUPPORT, "tag T-999 billing") == "no ticket T-999"
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} <!channel>") == (
        f"'<!channel>' is no tag: {rule} (-<tag> takes one away)")
    answer = world.slack.responses[-1]
    assert "<!channel>" not in str(answer.get("text"))  # the notification text, neutralised
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} follow_up") == (
        f"'follow_up' is no tag: {rule} (-<tag> takes one away)")
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id}") == (
        "tag needs a tag to add (billing) or take away (-billing)\n"
        "usage: tag <ticket id> <tag or -tag> ...")
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} vip -VIP") == \
        "vip is both added and taken away; keep one"
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} -vip") == \
        f"{ticket_id} has no tag vip: nothing changed"
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} a b c d e f") == \
        f"{ticket_id} tagged: +a +b +c +d +e +f (tags: a, b, c, d, e, f)"
    assert await ask(world, BOB, SUPPORT, f"tag {ticket_id} a f") == \
        f"{ticket_id} is tagged a, f already: nothing changed"
    assert await ask(world, BOB, SUPPORT, f"tag {ticket_id} g h i j k") == (
        f"{ticket_id} would have 11 tags; a ticket keeps at most 10: take some away first "
        f"(tag {ticket_id} -<tag>)")
    assert await ask(world, BOB, SUPPORT, "tickets tag=a*b") == f"'a*b' is no tag: {rule}"
    assert await ask(world, BOB, SUPPORT, "tickets tag=a tag=b") == (
        "one tag at a time; usage: tickets [mine|open|claimed|overdue] [p1..p5|none] [tag=..] "
        "[team]")
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.tags == ("a", "b", "c", "d", "e", "f")
    audit = await world.a.store.audit_since(None)
    assert [e.action for e in audit if "tag" in e.action] == [
        *["refused.tag"] * 5, "ticket.tagged", "refused.tag", "refused.tag"]


async def test_a_routes_tags_are_the_tickets_it_opens(tmp_path: Path, clock: FakeClock) -> None:
    """A route with ``tags: [billing, vip]`` opens tickets with them, as a social inbox's
    rules tag what they route: the card's Tags field from its first post, the queue's filter,
    and ``tag`` changes them from there."""
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=RULES.replace(
            "    sla: 60m\n", "    sla: 60m\n    tags: [billing, vip]\n")).start()
        try:
            ticket_id, ts = await open_ticket(world)
            ticket = await world.a.store.get_ticket(ticket_id)
            assert ticket is not None and ticket.tags == ("billing", "vip")
            card = world.slack.message(SUPPORT, ts)
            assert card is not None and field_values(card)["Tags"] == "billing, vip"
            assert f"• {ticket_id} · unclaimed" in await ask(world, BOB, SUPPORT,
                                                              "tickets tag=vip")
            assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} -vip") == \
                f"{ticket_id} tagged: -vip (tags: billing)"
        finally:
            await world.stop()


async def test_the_app_home_shows_a_tickets_tags_and_follows_a_change(world: World) -> None:
    """The home's rows are the queue's: a ticket's tags end its row, and `tag` typed
    elsewhere publishes the home again with them."""
    ticket_id, _ = await open_ticket(world)
    await world.open_home(ALICE)
    home = await home_of(world, ALICE)
    assert "tags" not in section(home, "Unclaimed in support")
    assert world.bot is not None and world.bot.homes is not None
    await world.bot.homes.drain()
    before = publishes(world, ALICE)
    assert await ask(world, BOB, SUPPORT, f"tag {ticket_id} billing") == \
        f"{ticket_id} tagged: +billing (tags: billing)"
    await world.a.outbox.drain()
    home = await home_of(world, ALICE, after=before)
    assert "· tags billing" in section(home, "Unclaimed in support")


async def test_a_tag_is_the_tag_it_reads_as_whatever_the_keyboard_typed(world: World) -> None:
    """A tag typed in full width (an East Asian keyboard's ｂｉｌｌｉｎｇ), in mathematical
    letters, with a character that draws nothing in it (a variation selector, a combining
    grapheme joiner, a Hangul filler: Discord's blank name) or as Turkish capitals (İADE) is the
    tag it reads as: one tag, found by ``tickets tag=`` typed either way. Each was a second tag
    that looked like the first (``tickets tag=billing`` missed the ticket), and a Hangul filler
    alone a tag that showed as nothing."""
    ticket_id, _ = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} ｂｉｌｌｉｎｇ 𝐯𝐢𝐩 İADE") == \
        f"{ticket_id} tagged: +billing +vip +iade (tags: billing, iade, vip)"
    for same in ("billing\ufe0f", "bill\u034fing", "bill\u3164ing", "BILLING"):
        assert await ask(world, BOB, SUPPORT, f"tag {ticket_id} {same}") == \
            f"{ticket_id} is tagged billing already: nothing changed", repr(same)
    for typed in ("ｖｉｐ", "iade", "İade"):
        listed = await ask(world, BOB, SUPPORT, f"tickets tag={typed}")
        assert f"• {ticket_id} · unclaimed" in listed, typed
    rule = "a tag is 1 to 32 letters, digits or hyphens, e.g. billing, vip, follow-up"
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} \u3164") == (
        f"'' is no tag: {rule} (-<tag> takes one away)")
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.tags == ("billing", "iade", "vip")


async def test_a_tags_length_is_counted_in_the_letters_a_reader_sees(world: World) -> None:
    """32 letters as a reader counts them, a letter with its marks one: a Tamil tag of 21
    letters (35 code points: its vowel signs and viramas are marks) is a tag, as a Latin one
    of 21 is; it was refused as 'a tag is 1 to 32 letters', its code points counted. One of
    33 letters is no tag, nor is a letter with five marks stacked on it."""
    ticket_id, _ = await open_ticket(world)
    tamil = "வாடிக்கையாளர்-பணம்-திரும்பப்பெறுதல்"
    assert (len(tamil), len(regex.findall(r"\X", tamil))) == (35, 21)
    long_tamil = tamil + "-அவசரம்"
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} {tamil}") == \
        f"{ticket_id} tagged: +{tamil} (tags: {tamil})"
    rule = "a tag is 1 to 32 letters, digits or hyphens, e.g. billing, vip, follow-up"
    for no_tag in ("a" * 33, "q\u0301\u0302\u0303\u0304\u0305"):
        assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} {no_tag}") == (
            f"{no_tag!r} is no tag: {rule} (-<tag> takes one away)")
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} {long_tamil} {'a' * 32}") == \
        f"{ticket_id} tagged: +{long_tamil} +{'a' * 32} (tags: {'a' * 32}, {tamil}, {long_tamil})"


async def test_a_tag_is_added_with_a_plus_as_its_change_is_shown(world: World) -> None:
    """The answer and the thread line show a change as '+billing -vip': typed back that way
    ('+billing') it adds the tag, as '-vip' takes one away, and so do the full-width signs
    an East Asian keyboard types ('＋vip', '－vip'). '+billing' was refused as no tag."""
    ticket_id, _ = await open_ticket(world)
    assert await ask(world, ALICE, SUPPORT, f"tag {ticket_id} +billing ＋vip refund") == \
        f"{ticket_id} tagged: +billing +vip +refund (tags: billing, refund, vip)"
    assert await ask(world, BOB, SUPPORT, f"tag {ticket_id} －vip +billing") == \
        f"{ticket_id} tagged: -vip (tags: billing, refund)"
    assert await ask(world, BOB, SUPPORT, f"tag {ticket_id} +vip -vip") == \
        "vip is both added and taken away; keep one"
    rule = "a tag is 1 to 32 letters, digits or hyphens, e.g. billing, vip, follow-up"
    assert await ask(world, BOB, SUPPORT, f"tag {ticket_id} +-vip") == (
        f"'+-vip' is no tag: {rule} (-<tag> takes one away)")


async def test_a_later_post_routed_with_other_tags_adds_them_to_the_ticket_it_joins(
        tmp_path: Path, clock: FakeClock) -> None:
    """The customer's second post in the conversation, routed by another route with other
    ``tags:``, joins the open ticket with them, as a social inbox's rules tag every message
    they route and a case holds its messages' tags: one card edit (the Tags field, one thread
    line for the post and its tags). They were given only to tickets a route opened."""
    vip = ("  - name: vip\n    match: {any: [vip]}\n    action: ticket\n    channel: support\n"
           "    tags: [vip]\n")
    rules = RULES.replace("    sla: 60m\n", "    sla: 60m\n    tags: [billing]\n").replace(
        "routes:\n", "routes:\n" + vip)
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=rules).start()
        try:
            await world.mention("@acme my order is broken again, this is terrible", n=1,
                                thread="c1")
            [ticket] = await world.a.store.list_tickets(status="open")
            [card] = [m for m in world.posts(SUPPORT) if ticket.id in str(m.get("text"))]
            assert ticket.tags == ("billing",)
            updates = len(world.slack.calls_to("chat.update"))
            clock.advance(minutes=5)
            await world.mention("@acme I am a vip and still waiting", n=2, thread="c1")
            assert len(world.slack.calls_to("chat.update")) == updates + 1
            shown = world.slack.message(SUPPORT, str(card["ts"]))
            assert shown is not None and field_values(shown)["Tags"] == "billing, vip"
            [line] = [m for m in world.slack.thread(SUPPORT, str(card["ts"]))
                      if "mastodon:2" in str(m)]
            assert str(line["text"]).startswith("socialops attached, tagged +vip (route vip): ")
            stored = await world.a.store.get_ticket(ticket.id)
            assert stored is not None and stored.tags == ("billing", "vip")
            assert stored.mention_ids == ("mastodon:1", "mastodon:2")
            assert f"• {ticket.id} · unclaimed" in await ask(world, BOB, SUPPORT,
                                                              "tickets tag=vip")
        finally:
            await world.stop()
