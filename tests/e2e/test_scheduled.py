"""Scheduled publishing through Slack's signed request path, on a real SQLite file and the
local Mastodon server: a draft given a time (``draft ... at=``, ``reply T-1 at=``, ``schedule
A-1 <when>``) and approved before it waits for it on a durable ``publish_at`` timer, its card
saying so in UTC and the workspace's zone; it publishes once at its time, after a restart too,
saying how late when the bot was down; a reschedule moves it, ``off`` publishes now, an edit
keeps it, a rejected draft never goes out; each misuse is refused in one line."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_approvals import status_of
from tests.e2e.test_forms import field, opened
from tests.e2e.test_queue import ask
from tests.e2e.world import (
    ALICE,
    APPROVALS,
    BOB,
    CAROL,
    DAVE,
    MARKETING,
    SUPPORT,
    UNPACED,
    World,
    running_world,
)

# the clock starts Monday 2026-11-23 09:00 UTC: 10:00 in Berlin


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    """The e2e world, its Slack workspace on Berlin's clock (``timezone: Europe/Berlin``)."""
    async with running_world(tmp_path, clock, extra=UNPACED, zone="Europe/Berlin") as w:
        yield w


async def approve(world: World, approval_id: str, who: str = DAVE) -> str:
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None
    return await ask(world, who, APPROVALS, f"approve {approval_id} {approval.content_hash[:16]}")


def card(world: World, approval_id: str) -> str:
    [posted] = [m for m in world.posts(APPROVALS) if f"{approval_id}:" in str(m)]
    return str(world.slack.message(APPROVALS, str(posted["ts"])))


def thread(world: World, approval_id: str) -> list[str]:
    [posted] = [m for m in world.posts(APPROVALS) if f"{approval_id}:" in str(m)]
    return [b["text"]["text"] for m in world.slack.thread(APPROVALS, str(posted["ts"]))
            for b in m.get("blocks") or [] if b.get("type") == "section"]


async def audit(world: World, action: str) -> list[str]:
    return [e.detail for e in await world.a.store.audit_since(None) if e.action == action]


async def test_a_draft_approved_before_its_time_publishes_once_at_it(world: World) -> None:
    answer = await ask(world, ALICE, MARKETING,
                       'draft mastodon masto at="tomorrow 9am" Our winter sale starts now')
    assert answer == ("A-1 drafted and waiting for approval; it publishes at 2026-11-24 08:00 "
                      "UTC (09:00 Europe/Berlin) once approved"), answer
    await world.a.outbox.drain()
    assert "It publishes at 2026-11-24 08:00 UTC (09:00 Europe/Berlin)" in card(world, "A-1")
    assert await approve(world, "A-1") == \
        "A-1 approved; publishes at 2026-11-24 08:00 UTC (09:00 Europe/Berlin)"
    await world.a.outbox.drain()
    assert "approved; publishes at 2026-11-24 08:00 UTC (09:00 Europe/Berlin)" in card(world, "A-1")
    assert await status_of(world, "A-1") == "approved"
    status = await ask(world, ALICE, MARKETING, "status A-1")
    assert "approved; publishes at 2026-11-24 08:00 UTC (09:00 Europe/Berlin)" in status, status

    world.clock.advance(hours=22, minutes=59)  # 07:59: a minute early
    await world.timers()
    assert world.statuses == [] and await status_of(world, "A-1") == "approved"
    world.clock.advance(minutes=1)
    await world.timers()
    await world.timers()  # nothing fires twice
    assert [s["form"]["status"] for s in world.statuses] == ["Our winter sale starts now"]
    assert world.statuses[0]["key"]  # the idempotency key the network dedupes by
    assert await status_of(world, "A-1") == "published"
    assert thread(world, "A-1")[-1] == "socialops published: " + world.masto.base + "/@acme/9001"
    assert await audit(world, "approval.scheduled") == [
        "publishes at 2026-11-24 08:00 UTC sha256 "
        + (await world.a.store.get_approval("A-1")).content_hash]  # type: ignore[union-attr]


async def test_a_bot_down_at_the_time_publishes_on_start_and_says_how_late(
        world: World) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    answer = await ask(world, ALICE, SUPPORT, "reply T-1 at=2h Sorry! Fixed now.")
    assert answer == ("A-1 drafted as a reply to T-1; waiting for approval; it publishes at "
                      "2026-11-23 11:00 UTC (12:00 Europe/Berlin) once approved"), answer
    assert (await approve(world, "A-1")).startswith("A-1 approved; publishes at 2026-11-23 11:00")
    await world.stop()
    world.clock.advance(hours=5, minutes=10)  # down from 09:00 to 14:10; due at 11:00
    await world.start()
    await world.timers()
    assert [s["form"]["status"] for s in world.statuses] == ["Sorry! Fixed now."]
    assert world.statuses[0]["form"]["in_reply_to_id"] == "1"
    note = thread(world, "A-1")[-1]
    assert note.endswith(", 3 h 10 min late (due 2026-11-23 11:00 UTC)"), note
    assert "went out 3 h 10 min late" in card(world, "A-1")
    await world.restart()
    await world.timers()
    assert len(world.statuses) == 1


async def test_a_reschedule_moves_the_time_and_off_publishes_now(world: World) -> None:
    await ask(world, ALICE, MARKETING, "draft mastodon masto at=1h Launch day")
    await approve(world, "A-1")
    assert await ask(world, ALICE, MARKETING, "schedule A-1 2026-11-23T15:00+01:00") == \
        "A-1 approved; publishes at 2026-11-23 14:00 UTC (15:00 Europe/Berlin)"
    world.clock.advance(hours=2)  # past the first time: nothing
    await world.timers()
    assert world.statuses == []
    assert await ask(world, CAROL, MARKETING, "schedule A-1 off") == (
        f"A-1 approved and published: {world.masto.base}/@acme/9001")
    world.clock.advance(hours=4)
    await world.timers()
    assert len(world.statuses) == 1
    scheduled = await audit(world, "approval.scheduled")
    assert len(scheduled) == 2 and len(await audit(world, "approval.unscheduled")) == 1
    # each line once (edits of the card still waiting went as one, their lines together)
    notes = [line for note in thread(world, "A-1") for line in note.split("\n")]
    assert "alice scheduled for 2026-11-23 14:00 UTC" in notes, notes
    assert "carol unscheduled (publishes as soon as approved)" in notes, notes


async def test_an_edit_keeps_the_time_and_a_rejected_draft_never_publishes(
        world: World) -> None:
    await ask(world, ALICE, MARKETING, "draft mastodon masto Black Friday")
    assert await ask(world, ALICE, MARKETING, "schedule A-1 in 3h") == \
        "A-1 scheduled: publishes at 2026-11-23 12:00 UTC (13:00 Europe/Berlin) once approved"
    await approve(world, "A-1")
    assert (await ask(world, ALICE, MARKETING, "edit A-1 Black Friday: 30% off")) == (
        "A-1 edited (back to pending); it still publishes at 2026-11-23 12:00 UTC (13:00 "
        "Europe/Berlin) once approved")
    world.clock.advance(hours=4)  # past its time, pending: nothing goes out
    await world.timers()
    assert world.statuses == [] and await status_of(world, "A-1") == "pending"
    assert (await approve(world, "A-1")).startswith("A-1 approved and published: ")
    assert [s["form"]["status"] for s in world.statuses] == ["Black Friday: 30% off"]

    # scheduled past its expiry (24h here): it waits for approval until its time, then never
    await ask(world, ALICE, MARKETING, "draft mastodon masto at=3d Season's greetings")
    world.clock.advance(hours=30)
    await world.timers()
    assert await status_of(world, "A-2") == "pending"
    assert await ask(world, DAVE, APPROVALS, "reject A-2 not this year") == "A-2 rejected"
    world.clock.advance(days=3)
    await world.timers()
    assert len(world.statuses) == 1
    assert await ask(world, ALICE, MARKETING, "schedule A-2 2h") == \
        "A-2 is rejected; it will never publish: draft it again to schedule it"


async def test_misuse_is_refused_in_one_line(world: World) -> None:
    await ask(world, ALICE, MARKETING, "draft mastodon masto Hello")
    cases = {
        (ALICE, "schedule A-1 09:00"): "'09:00' has passed today; write tomorrow 09:00",
        (ALICE, "schedule A-1 2027-06-01T09:00Z"): "is more than 90 days ahead",
        (ALICE, "schedule A-1 tomorrow 9am Berlin"): "'Berlin' is not a time zone",
        (ALICE, "schedule A-1 tomorrow 9am europe/berlin"): "did you mean 'Europe/Berlin'?",
        (ALICE, "schedule A-1 15"): "write 15:00 for a time of day or 15m",
        (BOB, "schedule A-1 2h"): "only alice (who drafted it) or a lead may schedule A-1",
        (ALICE, "schedule A-9 2h"): "no approval A-9",
        (ALICE, "schedule A-1 off"): "A-1 is not scheduled",
        (ALICE, "draft mastodon masto at=yesterday Hi"): "is not a time",
    }
    for (who, line), want in cases.items():
        answer = await ask(world, who, MARKETING, line)
        assert want in answer and "\n" not in answer and "Traceback" not in answer, answer
    assert len(await world.a.store.list_approvals()) == 1
    assert await world.a.store.timer_due("publish_at:A-1") is None


async def test_the_draft_and_reply_forms_take_a_time_read_on_the_workspaces_clock(
        world: World) -> None:
    """The draft and reply modals have a "Publish at" field (Hootsuite's and Sprout Social's
    composers schedule where the post is written): empty, the draft publishes once approved;
    a time is read as ``at=`` typed in the command is, on the workspace's clock; quotation
    marks in it are refused at the field; a time that is not one is refused in one line."""
    view = await opened(world, ALICE, MARKETING, "draft")
    assert [b["block_id"] for b in view["blocks"]] == ["network", "account", "text", "at"]
    at = field(view, "at")
    assert (at["optional"], at["element"]["type"]) == (True, "plain_text_input")
    assert await world.submit(ALICE, view, {"network": "mastodon", "account": "masto",
                                            "text": "Sale", "at": 'tomorrow "9am"'}) == (
        200, {"response_action": "errors",
              "errors": {"at": "Without quotation marks: the time alone (tomorrow 9am)."}})
    assert await world.submit(ALICE, view, {
        "network": "mastodon", "account": "masto", "text": "Our winter sale starts now",
        "at": "tomorrow 9am"}) == (200, None)
    await world.until(lambda: any("A-1 drafted and waiting for approval; it publishes at "
                                  "2026-11-24 08:00 UTC (09:00 Europe/Berlin)" in t
                                  for t in world.said_to(ALICE)), "the scheduled draft")
    # the dispatcher's refusal, under the field (tests/e2e/test_review_form_refusal_fields.py)
    _, answer = await world.submit(ALICE, view, {"network": "mastodon", "account": "masto",
                                                 "text": "Hello", "at": "yesterday"})
    assert answer is not None and "is not a time" in answer["errors"]["at"], answer
    await world.submit(ALICE, view, {"network": "mastodon", "account": "masto",
                                     "text": "Now", "at": ""})
    await world.until(lambda: any("A-2 drafted" in t for t in world.said_to(ALICE)),
                      "the unscheduled draft")

    await world.mention("@acme my order is broken again, this is terrible", n=1)
    view = await opened(world, ALICE, SUPPORT, "reply t-1")
    assert [b["block_id"] for b in view["blocks"]] == ["ticket", "text", "at"]
    await world.submit(ALICE, view, {"ticket": "T-1", "text": "Sorry! Fixed now.",
                                     "at": "at=2h"})
    await world.until(lambda: any("A-3 drafted as a reply to T-1" in t
                                  for t in world.said_to(ALICE)), "the scheduled reply")
    approvals = {a.id: a for a in await world.a.store.list_approvals()}
    assert set(approvals) == {"A-1", "A-2", "A-3"}
    assert approvals["A-1"].publish_at == world.clock() + timedelta(hours=23)
    assert approvals["A-2"].publish_at is None
    assert approvals["A-3"].publish_at == world.clock() + timedelta(hours=2)


async def test_a_post_starting_with_at_is_its_text_when_the_publish_at_field_is_empty(
        world: World) -> None:
    """The form's text is taken whole, never read for options: a post that starts with
    ``at=`` is that post, published once approved, when the Publish at field is empty (it was
    refused on the Network field, and on the reply form's Ticket field, as a time not quoted)."""
    view = await opened(world, ALICE, MARKETING, "draft")
    text = "at=tomorrow 9am our doors open: come early"
    assert await world.submit(ALICE, view, {"network": "mastodon", "account": "masto",
                                            "text": text, "at": ""}) == (200, None)
    await world.until(lambda: any("A-1 drafted and waiting for approval" in t
                                  for t in world.said_to(ALICE)), "the draft")

    await world.mention("@acme my order is broken again, this is terrible", n=1)
    view = await opened(world, ALICE, SUPPORT, "reply t-1")
    assert await world.submit(ALICE, view, {"ticket": "T-1", "text": "at= the top of the page",
                                            "at": " "}) == (200, None)
    await world.until(lambda: any("A-2 drafted as a reply to T-1" in t
                                  for t in world.said_to(ALICE)), "the reply")
    approvals = {a.id: a for a in await world.a.store.list_approvals()}
    assert [(approvals[k].text, approvals[k].publish_at) for k in ("A-1", "A-2")] == [
        (text, None), ("at= the top of the page", None)]


async def test_off_as_a_drafts_time_is_once_approved_as_a_past_times_refusal_says(
        world: World) -> None:
    """A time already past is refused saying to give a later one "or `off` to publish as soon
    as it is approved"; `off` in the form's Publish at field, or `at=off` typed, does that (it
    was refused as `'off' is not a time`)."""
    view = await opened(world, ALICE, MARKETING, "draft")
    _, answer = await world.submit(ALICE, view, {"network": "mastodon", "account": "masto",
                                                 "text": "Morning sale", "at": "today 9am"})
    assert answer is not None, "the past time's refusal, under the field"
    assert "`off` to publish as soon as it is approved" in answer["errors"]["at"], answer
    assert await world.submit(ALICE, view, {"network": "mastodon", "account": "masto",
                                            "text": "Morning sale", "at": "off"}) == (200, None)
    await world.until(lambda: any("A-1 drafted and waiting for approval" in t
                                  for t in world.said_to(ALICE)), "the draft")
    answer = await ask(world, ALICE, MARKETING, "draft mastodon masto at=OFF Evening sale")
    assert answer.startswith("A-2 drafted and waiting for approval"), answer
    assert [a.publish_at for a in await world.a.store.list_approvals()] == [None, None]


async def test_a_time_said_with_at_before_the_clock_is_that_time(world: World) -> None:
    """'tomorrow at 9am', as Hootsuite's and Sprout Social's composers say it and people type
    it in the form's Publish at field, is tomorrow 9am (it was refused as no time); 'mon at
    09:00' and 'at 17:30' alike."""
    view = await opened(world, ALICE, MARKETING, "draft")
    assert await world.submit(ALICE, view, {"network": "mastodon", "account": "masto",
                                            "text": "Winter sale", "at": "tomorrow at 9am"}) \
        == (200, None)
    await world.until(lambda: any("A-1 drafted and waiting for approval; it publishes at "
                                  "2026-11-24 08:00 UTC (09:00 Europe/Berlin)" in t
                                  for t in world.said_to(ALICE)), "the scheduled draft")
    for when, at in (('"mon at 09:00"', "2026-11-30 08:00 UTC (09:00 Europe/Berlin)"),
                     ('"at 17:30"', "2026-11-23 16:30 UTC (17:30 Europe/Berlin)")):
        answer = await ask(world, ALICE, MARKETING, f"draft mastodon masto at={when} Sale")
        assert f"it publishes at {at}" in answer, answer


async def test_the_publish_at_field_is_not_read_as_a_query(world: World) -> None:
    """The "Publish at" field holds a time: ``lang=en`` or ``digest=daily`` typed there was
    refused at the field as a search query's option ('is not part of a query: write only the
    query here'), a form with no query; it is read as a time, and refused as one in one line."""
    view = await opened(world, ALICE, MARKETING, "draft")
    _, answer = await world.submit(ALICE, view, {"network": "mastodon", "account": "masto",
                                                 "text": "Sale", "at": "lang=en"})
    assert answer is not None and list(answer["errors"]) == ["at"], answer
    assert "is not a time" in answer["errors"]["at"] and "query" not in answer["errors"]["at"]
    assert await world.a.store.list_approvals() == []


async def test_a_time_set_after_drafting_is_in_its_audit_row(world: World) -> None:
    """An auditor reading the export sees when each post was to go out: the row of a time
    given when drafting says it (`publishes at ... UTC`), but the row of `schedule A-1 <when>`
    said only the text's hash, the time nowhere in its detail (docs/workflows.md: an audit row
    `approval.scheduled`, with the time in UTC)."""
    await ask(world, ALICE, MARKETING, "draft mastodon masto at=1h Launch day")
    await ask(world, ALICE, MARKETING, "schedule A-1 2026-11-23T15:00+01:00")
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None
    assert await audit(world, "approval.scheduled") == [
        f"publishes at 2026-11-23 10:00 UTC sha256 {approval.content_hash}",
        f"publishes at 2026-11-23 14:00 UTC sha256 {approval.content_hash}"]
