"""Saved replies through Slack's signed request path: ``reply T-1 :refund`` (typed, and in the
reply modal) drafts the template filled for the ticket, through the approval flow that every
draft takes, and one approval publishes it once on the local Mastodon server. The author's
handle is hostile: it may not add a placeholder, a line or a ping."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_forms import opened
from tests.e2e.world import ALICE, APPROVALS, DAVE, SUPPORT, UNPACED, World, running_world

SAVED = """replies:
  refund: "Hi @{author}, sorry about {ticket} on {network}: your refund is on its way. {agent}"
  thanks: "Thank you, {author}!"
"""
# 298 graphemes filled for kasia, 311 for kasia-the-customer: Bluesky takes 300
SAVED += '  long: "Hi {author}, ' + "x" * 288 + '"\n'

# a handle as hostile as a network lets through: a Slack ping, markdown, a placeholder of ours
HANDLE = "<!channel>*boss*{ticket}"


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED + SAVED) as w:
        yield w


def answer(world: World, user: str, needle: str) -> str:
    return next(t for t in world.said_to(user) if needle in t)


async def test_a_saved_reply_is_drafted_filled_and_published_once(world: World) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1, handle=HANDLE)
    assert await world.slash(ALICE, SUPPORT, "reply T-1 :refund") == 200
    await world.until(lambda: any("A-1" in t for t in world.said_to(ALICE)), "the draft")
    assert answer(world, ALICE, "A-1") == (
        "A-1 drafted from :refund as a reply to T-1; waiting for approval")
    (approval,) = await world.a.store.list_approvals()
    # the handle is no Mastodon handle: its letters went in as text, addressing nobody; its
    # {ticket} is not filled, and nothing else was
    filled = ("Hi channelbossticket, sorry about T-1 on Mastodon: your refund is on "
              "its way. alice")
    assert (approval.text, approval.ticket_id, approval.reply_to) == (
        filled, "T-1", "mastodon:1")
    await world.a.outbox.drain()
    (card,) = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    # shown where Slack reads no markup: plain text, in which <!channel> pings nobody and
    # *boss* is no bold; no mrkdwn element of the card holds a character of the handle
    texts = [b["text"] for b in card["blocks"] if b["type"] == "section" and "text" in b]
    texts += [f for b in card["blocks"] for f in b.get("fields") or b.get("elements") or ()]
    assert {"type": "plain_text", "text": filled, "emoji": False} in texts
    assert not [t for t in texts if t.get("type") == "mrkdwn" and "boss" in t.get("text", "")]

    await asyncio.gather(*(world.click(DAVE, "approve", "A-1", channel=APPROVALS,
                                       message_ts=str(card["ts"])) for _ in range(2)))
    for _ in range(500):
        got = await world.a.store.get_approval("A-1")
        if got is not None and got.status == "published":
            break
        await asyncio.sleep(0.01)
    assert [s["form"]["status"] for s in world.statuses] == [filled]
    assert world.statuses[0]["form"]["in_reply_to_id"] == "1"


async def test_the_reply_form_takes_a_saved_reply_and_an_unknown_one_is_one_line(
        world: World) -> None:
    await world.mention("@acme where is my parcel?", n=1, handle="kasia")
    view = await opened(world, ALICE, SUPPORT, "reply T-1")
    status, body = await world.submit(ALICE, view, {"ticket": "T-1", "text": ":thanks"})
    assert status == 200 and body is None
    await world.until(lambda: any("A-1 drafted from :thanks" in t
                                  for t in world.said_to(ALICE)), "the draft")
    (approval,) = await world.a.store.list_approvals()
    assert approval.text == "Thank you, @kasia!"

    assert await world.slash(ALICE, SUPPORT, "reply T-1 :refnud") == 200
    await world.until(lambda: any(":refnud" in t for t in world.said_to(ALICE)), "the refusal")
    refused = answer(world, ALICE, ":refnud")
    assert refused == ("no saved reply :refnud (saved replies: :long, :refund, :thanks; the "
                       "replies command lists them)")
    assert len(await world.a.store.list_approvals()) == 1

    assert await world.slash(ALICE, SUPPORT, "replies") == 200
    # the list's own words: the refusal above already said "saved replies: ..."
    await world.until(lambda: any("3 saved replies" in t for t in world.said_to(ALICE)),
                      "the list")
    listed = " ".join(answer(world, ALICE, "3 saved replies").split())
    assert ":refund — Hi @{author}, sorry about {ticket}" in listed
    assert ":thanks — Thank you, {author}!" in listed


async def test_the_network_limit_applies_to_the_filled_text(world: World) -> None:
    """Bluesky takes 300 graphemes: the same saved reply fits a short handle and not a long
    one, and is refused when drafted, in one line, not after an approval when it publishes."""
    await world.mention("@acme my parcel?", n=1, handle="kasia", network="bluesky")
    await world.mention("@acme my parcel?", n=2, handle="kasia-the-customer", network="bluesky")
    assert await world.slash(ALICE, SUPPORT, "reply T-1 :long") == 200
    await world.until(lambda: any("A-1 drafted from :long" in t for t in world.said_to(ALICE)),
                      "the draft that fits")
    assert await world.slash(ALICE, SUPPORT, "reply T-2 :long") == 200
    await world.until(lambda: any("graphemes" in t for t in world.said_to(ALICE)), "the refusal")
    assert answer(world, ALICE, "graphemes") == (
        "Bluesky posts are at most 300 graphemes (characters as people see them); this one has "
        "311 (11 over); shorten it (nothing was drafted)")
    assert [a.id for a in await world.a.store.list_approvals()] == ["A-1"]
    # an edit is held to the same limit: the draft stays as it was
    assert await world.slash(ALICE, SUPPORT, "edit A-1 " + "y" * 301) == 200
    await world.until(lambda: any("A-1 is unchanged" in t for t in world.said_to(ALICE)),
                      "the edit's refusal")
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.text == "Hi kasia, " + "x" * 288


async def test_draft_and_edit_refuse_a_saved_replys_name_rather_than_post_it(
        world: World) -> None:
    """Only reply fills a saved reply in (for a ticket's author): `:refund` alone typed to
    draft or edit would be drafted as those seven characters, approved at a glance and posted.
    Both refuse it in one line; a text that merely holds one is a text."""
    await world.mention("@acme where is my parcel?", n=1, handle="kasia")
    assert await world.slash(ALICE, SUPPORT, "reply T-1 :thanks") == 200
    await world.until(lambda: any("A-1 drafted" in t for t in world.said_to(ALICE)), "A-1")

    assert await world.slash(ALICE, SUPPORT, "edit A-1 :refund") == 200
    await world.until(lambda: any("A-1 is unchanged" in t for t in world.said_to(ALICE)),
                      "the edit's refusal")
    assert answer(world, ALICE, "A-1 is unchanged") == (
        ":refund alone is a saved reply's name, which only reply fills in, for a ticket "
        "(e.g. reply T-3 :refund); write the text itself (A-1 is unchanged)")
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.text == "Thank you, @kasia!"

    assert await world.slash(ALICE, SUPPORT, "draft mastodon masto :refnud") == 200
    await world.until(lambda: any("nothing was drafted" in t for t in world.said_to(ALICE)),
                      "the draft's refusal")
    assert answer(world, ALICE, "nothing was drafted").startswith(
        ":refnud alone is a saved reply's name")
    assert [a.id for a in await world.a.store.list_approvals()] == ["A-1"]

    # a text that holds a name among other words is a text
    assert await world.slash(ALICE, SUPPORT, "edit A-1 see :refund for details") == 200
    await world.until(lambda: any("A-1 edited" in t for t in world.said_to(ALICE)), "the edit")
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.text == "see :refund for details"


async def test_a_saved_reply_with_more_words_is_refused_rather_than_drafted_as_typed(
        world: World) -> None:
    """`reply T-1 :refund so sorry!` drafted ":refund so sorry!" as typed: the name of a saved
    reply, with what the agent meant to add to it, was what an approver saw at a glance and the
    customer got. A name the team has among the first words is refused in one line saying how
    to add to it; a name the team has not (a smiley, ``:) thanks``) is a text."""
    await world.mention("@acme where is my refund?", n=1, handle="kasia")
    assert await world.slash(ALICE, SUPPORT, "reply T-1 :refund so sorry!") == 200
    await world.until(lambda: any("nothing was drafted" in t for t in world.said_to(ALICE)),
                      "the refusal")
    assert answer(world, ALICE, "nothing was drafted") == (
        ":refund is a saved reply, drafted alone: reply T-1 :refund, then edit the draft "
        "it makes to add to its text; nothing was drafted")
    assert await world.a.store.list_approvals() == []
    assert await world.slash(ALICE, SUPPORT, "reply T-1 :) thanks for waiting") == 200
    await world.until(lambda: any("A-1 drafted" in t for t in world.said_to(ALICE)), "A-1")
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.text == ":) thanks for waiting"


async def test_a_saved_reply_without_any_configured_says_where_to_add_them(
        tmp_path: Path, clock: FakeClock) -> None:
    """With no `replies:` at all, `reply T-1 :refund` says where saved replies are written, as
    `replies` does, rather than point at a `replies` command that lists none."""
    async with running_world(tmp_path, clock, extra=UNPACED) as world:
        await world.mention("@acme where is my refund?", n=1, handle="kasia")
        assert await world.slash(ALICE, SUPPORT, "reply T-1 :refund") == 200
        await world.until(lambda: any(":refund" in t for t in world.said_to(ALICE)),
                          "the refusal")
        assert answer(world, ALICE, ":refund") == (
            "no saved reply :refund (none are configured); add them under replies: in "
            "socialops.yaml (docs/workflows.md, Saved replies)")
        assert await world.a.store.list_approvals() == []


async def test_a_saved_reply_naming_an_author_with_no_name_is_refused(world: World) -> None:
    """A Bluesky author whose handle is unknown or fails verification is their DID (so is an
    X author without a username their numeric id, a deleted Reddit account [deleted]):
    {author} filled it in as text, 'Thank you, did:plc:…!', drafted for approval and published
    to the customer (X's @12345 would address a stranger). Refused in one line, nothing
    drafted; a handle of the network's form is addressed as before."""
    did = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
    await world.mention("@acme my parcel?", n=1, handle=did, network="bluesky")
    await world.mention("@acme my parcel?", n=2, handle="Kasia.bsky.social", network="bluesky")
    assert await world.slash(ALICE, SUPPORT, "reply T-1 :thanks") == 200
    shown = did  # whole: the emoji-shortcode guard leaves an identifier's colons
    await world.until(lambda: any("no name" in t for t in world.said_to(ALICE)), "the refusal")
    assert answer(world, ALICE, "no name") == (
        f"T-1's author has no name Bluesky can address ({shown}), so :thanks's {{author}} "
        "cannot be filled; write the reply yourself: reply T-1 &lt;text&gt;")  # Slack's <
    assert await world.a.store.list_approvals() == []
    assert await world.slash(ALICE, SUPPORT, "reply T-2 :thanks") == 200
    await world.until(lambda: any("A-1 drafted" in t for t in world.said_to(ALICE)), "the draft")
    (approval,) = await world.a.store.list_approvals()
    assert approval.text == "Thank you, @kasia.bsky.social!"
