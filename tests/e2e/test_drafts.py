"""The planner, ``drafts``, through Slack's signed request path on a SQLite file and on a real
redis-server: the drafts not published yet, those with a time first by it (on the workspace's
Berlin clock beside UTC), then the others oldest first; published, rejected and expired ones
left out; the filters; a draft's hostile text shown as plain text, pinging nobody; the list
bounded with ``… and N more``; a filter that is none answered in one line; ``approved`` and
``failed``, as Hootsuite's Planner filters by approval state."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.core.effects import Effects
from bot.core.models import Approval
from tests.e2e.test_approvals import status_of
from tests.e2e.test_queue import ask
from tests.e2e.test_scheduled import approve
from tests.e2e.test_withdraw import world
from tests.e2e.world import (
    ALICE,
    APPROVALS,
    BOB,
    CAROL,
    DAVE,
    MARKETING,
    World,
)
from tests.support.netserver import Fault

__all__ = ["world"]  # the fixture: Berlin's clock, either store

# the clock starts Monday 2026-11-23 09:00 UTC: 10:00 in Berlin


def rows(answer: str) -> list[str]:
    """Each row without its card's link (a permalink of the local Slack)."""
    return [re.sub(r" · \S+$", "", line) for line in answer.splitlines()[1:]]


def last_answer(world: World) -> dict[str, Any]:
    return [r for r in world.slack.responses if r.get("rid") == world.last_rid][-1]


async def test_drafts_lists_what_publishes_when_in_the_workspace_zone(world: World) -> None:
    assert await ask(world, ALICE, MARKETING, "drafts") == "no drafts (not published yet)"
    await ask(world, ALICE, MARKETING, "draft mastodon masto Plain one")
    await ask(world, ALICE, MARKETING, 'draft mastodon masto at="tomorrow 9am" Winter sale')
    await ask(world, ALICE, MARKETING, "draft mastodon masto at=2h Launch day")
    assert (await approve(world, "A-3")).startswith("A-3 approved; publishes at")
    await ask(world, ALICE, MARKETING, "draft mastodon masto Out at once")
    assert (await approve(world, "A-4")).startswith("A-4 approved and published")
    await ask(world, ALICE, MARKETING, "draft mastodon masto Not this")
    await ask(world, DAVE, APPROVALS, "reject A-5 off brand")
    assert [await status_of(world, a) for a in ("A-4", "A-5")] == ["published", "rejected"]
    world.clock.advance(minutes=10)
    await ask(world, BOB, MARKETING, "draft mastodon masto A later plain one")
    await world.a.outbox.drain()

    answer = await ask(world, CAROL, MARKETING, "drafts")
    assert answer.splitlines()[0] == "4 drafts (not published yet):", answer
    assert rows(answer) == [
        "• A-3 · approved, waiting for its time · Mastodon as masto · publishes at "
        "2026-11-23 11:00 UTC (12:00 Europe/Berlin) · by alice · “Launch day”",
        "• A-2 · pending at step 1 of 1 · Mastodon as masto · publishes at 2026-11-24 08:00 "
        "UTC (09:00 Europe/Berlin) · expires in 23 h 50 min · by alice · “Winter sale”",
        "• A-1 · pending at step 1 of 1 · Mastodon as masto · as soon as approved · expires "
        "in 23 h 50 min · by alice · “Plain one”",
        "• A-6 · pending at step 1 of 1 · Mastodon as masto · as soon as approved · expires "
        "in 24 h · by bob · “A later plain one”"], answer
    # each row links its card, as `tickets` does
    for line, key in zip(answer.splitlines()[1:], ("A-3", "A-2", "A-1", "A-6"), strict=True):
        ref = await world.a.store.message_ref(key, "slack", APPROVALS)
        assert ref is not None, key
        assert line.endswith(f"/archives/{APPROVALS}/p{ref.message_id.replace('.', '')}"), line

    pending = await ask(world, CAROL, MARKETING, "drafts pending")
    assert pending.splitlines()[0] == "3 drafts (pending):"
    assert [r.split(" · ")[0] for r in rows(pending)] == ["• A-2", "• A-1", "• A-6"]
    scheduled = await ask(world, CAROL, MARKETING, "drafts scheduled")
    assert [r.split(" · ")[0] for r in rows(scheduled)] == ["• A-3", "• A-2"]
    mine = await ask(world, BOB, MARKETING, "drafts mine mastodon")
    assert mine.splitlines()[0] == "1 draft (yours, on Mastodon):"
    assert [r.split(" · ")[0] for r in rows(mine)] == ["• A-6"]
    both = await ask(world, ALICE, MARKETING, "drafts PENDING scheduled mine")
    assert [r.split(" · ")[0] for r in rows(both)] == ["• A-2"]
    assert await ask(world, CAROL, MARKETING, "drafts bluesky") == \
        "no drafts (not published yet, on Bluesky)"

    # at its time A-3 goes out and leaves the list; past its expiry A-1 is gone before the
    # expiry timer marks it, and after
    world.clock.advance(hours=2)
    await world.timers()
    assert await status_of(world, "A-3") == "published"
    world.clock.advance(hours=21, minutes=55)  # 2026-11-24 09:05 UTC: expired at 09:00
    assert [r.split(" · ")[0] for r in rows(await ask(world, CAROL, MARKETING, "drafts"))] \
        == ["• A-6"]
    await world.timers()
    assert await status_of(world, "A-1") == "expired"
    assert [r.split(" · ")[0] for r in rows(await ask(world, CAROL, MARKETING, "drafts"))] \
        == ["• A-6"]


async def test_a_filter_that_is_none_is_one_line_naming_the_filters(world: World) -> None:
    answer = await ask(world, CAROL, MARKETING, "drafts tomorrow")
    assert answer == ("'tomorrow' is not a drafts filter: use pending, approved, failed, "
                      "scheduled, mine or a network (bluesky, hackernews, mastodon, reddit, rss, "
                      "x)"), answer
    assert "\n" not in await ask(world, CAROL, MARKETING, "drafts mastodon x")


async def test_hostile_text_pings_nobody_and_the_list_is_bounded(world: World) -> None:
    # a link's markup typed as text (Slack sends a typed < as &lt;; its own link markup is
    # read as the link typed: tests/e2e/test_slack_links_typed.py)
    hostile = "<!channel> @here <@WALICE> *bold* &lt;https://evil.example|click&gt; " + "x" * 200
    for n in range(12):
        await ask(world, ALICE, MARKETING, f"draft mastodon masto {n} {hostile}")
    answer = await ask(world, CAROL, MARKETING, "drafts")
    lines = answer.splitlines()
    assert lines[0] == "12 drafts (not published yet):"
    assert len(lines) == 12 and lines[-1] == (
        "… and 2 more (narrow it down: drafts [pending|approved|failed|scheduled|mine] "
        "[network])")
    first = lines[1]
    # its first 80 characters, cut at a word, on one line
    assert first.endswith(" · by alice · “0 <!channel> @here <@WALICE> *bold* "
                          "<https://evil.example|click>…”"), first
    # on Slack the answer is plain text, which Slack formats and links nothing in; the
    # notification text is escaped
    shown = last_answer(world)
    assert {b["text"]["type"] for b in shown["blocks"]} == {"plain_text"}
    assert "<!channel>" not in shown["text"] and "&lt;!channel&gt;" in shown["text"]
    assert "*bold*" not in shown["text"]


async def test_a_draft_approved_while_the_list_is_read_is_listed_once(world: World) -> None:
    """The list reads one status at a time. A draft approved (by another process) after the
    pending ones were read, before the approved ones are, is in both reads: it is one row, as
    its later read says it stands."""
    await ask(world, ALICE, MARKETING, 'draft mastodon masto at="tomorrow 9am" Winter sale')
    await ask(world, ALICE, MARKETING, "draft mastodon masto Plain one")
    store = world.a.store
    read = store.list_approvals

    async def approved_meanwhile(*, status: str | None = None) -> list[Approval]:
        found = await read(status=status)
        if status == "pending":  # another process approves A-1 now
            a = await store.get_approval("A-1")
            assert a is not None and a.status == "pending"
            fx = Effects()
            fx.update(a.model_copy(update={"status": "approved", "version": a.version + 1}),
                      expected=a.version)
            assert await store.apply(fx)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "list_approvals", approved_meanwhile)
        answer = await ask(world, CAROL, MARKETING, "drafts")
    assert answer.splitlines()[0] == "2 drafts (not published yet):", answer
    assert [r.split(" · ")[:2] for r in rows(answer)] == [
        ["• A-1", "approved, waiting for its time"], ["• A-2", "pending at step 1 of 1"]], answer


async def test_a_draft_going_out_now_comes_before_one_scheduled_later(world: World) -> None:
    """An approved draft without a time goes out as soon as it can: turned back by a rate
    limit, it waits minutes, not days, so it is listed before a draft scheduled for tomorrow
    (it was listed after every draft with a time). Its row says when it is tried again
    (Approval.next_try_at) on the reader's clock, as its card does: it said no time."""
    await ask(world, ALICE, MARKETING, 'draft mastodon masto at="tomorrow 9am" Winter sale')
    await ask(world, ALICE, MARKETING, "draft mastodon masto Out now")
    world.masto.fault("POST", "/api/v1/statuses", Fault.rate_limited({"Retry-After": "600"}))
    await approve(world, "A-2")
    assert await status_of(world, "A-2") == "approved"
    answer = await ask(world, CAROL, MARKETING, "drafts")
    assert [r.split(" · ")[:4] for r in rows(answer)] == [
        # approved already: no 'as soon as approved' beside it
        ["• A-2", "approved, publishing when the network allows: tried again at "
         "2026-11-23 09:10 UTC (10:10 Europe/Berlin)", "Mastodon as masto", "by alice"],
        ["• A-1", "pending at step 1 of 1", "Mastodon as masto",
         "publishes at 2026-11-24 08:00 UTC (09:00 Europe/Berlin)"]], answer


async def test_a_draft_turned_back_while_the_list_is_read_is_still_listed(
        world: World) -> None:
    """A draft being published, turned back to approved by a rate limit (in another
    process) after the approved ones were read and before the publishing ones are, was in
    neither read: left out of the list, though it goes out in minutes."""
    await ask(world, ALICE, MARKETING, "draft mastodon masto Out now")
    store = world.a.store
    a = await store.get_approval("A-1")
    assert a is not None
    fx = Effects()
    claimed = a.model_copy(update={"status": "publishing", "version": a.version + 1,
                                   "publish_attempts": 1})
    fx.update(claimed, expected=a.version)
    assert await store.apply(fx)
    read = store.list_approvals

    async def turned_back_meanwhile(*, status: str | None = None) -> list[Approval]:
        found = await read(status=status)
        now = await store.get_approval("A-1")
        if status == "approved" and now is not None and now.status == "publishing":
            fx = Effects()
            fx.update(now.model_copy(update={"status": "approved", "error": "429",
                                             "version": now.version + 1}),
                      expected=now.version)
            assert await store.apply(fx)
        return found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "list_approvals", turned_back_meanwhile)
        answer = await ask(world, CAROL, MARKETING, "drafts")
    assert answer.splitlines()[0] == "1 draft (not published yet):", answer
    assert [r.split(" · ")[0] for r in rows(answer)] == ["• A-1"], answer


async def test_approved_and_failed_filter_by_state(world: World) -> None:
    """``drafts approved`` and ``drafts failed`` were refused ('not a drafts filter'), though a
    planner user filters by approval state. ``approved``: approved, waiting for its time or
    being published; ``failed``: publishing failed in the last 7 days; two states are either,
    and the other filters narrow them."""
    await ask(world, ALICE, MARKETING, "draft mastodon masto Still pending")
    await ask(world, ALICE, MARKETING, 'draft mastodon masto at="tomorrow 9am" Winter sale')
    assert (await approve(world, "A-2")).startswith("A-2 approved; publishes at")
    await ask(world, BOB, MARKETING, "draft mastodon masto Out now")  # A-3, turned back
    world.masto.fault("POST", "/api/v1/statuses", Fault.rate_limited({"Retry-After": "600"}))
    await approve(world, "A-3")
    await ask(world, BOB, MARKETING, "draft mastodon masto Refused by the network")
    world.masto.fault("POST", "/api/v1/statuses", Fault.http(422, body=b'{"error": "nope"}'))
    await approve(world, "A-4")
    await ask(world, ALICE, MARKETING, "draft mastodon masto Went out")
    assert (await approve(world, "A-5")).startswith("A-5 approved and published")
    assert [await status_of(world, f"A-{n}") for n in range(1, 6)] == [
        "pending", "approved", "approved", "failed", "published"]

    approved = await ask(world, CAROL, MARKETING, "drafts approved")
    assert approved.splitlines()[0] == "2 drafts (approved):", approved
    assert [r.split(" · ")[:2] for r in rows(approved)] == [
        ["• A-3", "approved, publishing when the network allows: tried again at "
         "2026-11-23 09:10 UTC (10:10 Europe/Berlin)"],
        ["• A-2", "approved, waiting for its time"]], approved
    failed = await ask(world, CAROL, MARKETING, "drafts FAILED")
    assert failed.splitlines()[0] == "1 draft (failed in the last 7 days):", failed
    assert [r.split(" · ")[0] for r in rows(failed)] == ["• A-4"], failed
    either = await ask(world, CAROL, MARKETING, "drafts pending failed")
    assert either.splitlines()[0] == "2 drafts (pending or failed in the last 7 days):", either
    assert [r.split(" · ")[0] for r in rows(either)] == ["• A-1", "• A-4"], either
    assert [r.split(" · ")[0] for r in rows(await ask(
        world, BOB, MARKETING, "drafts approved mine mastodon"))] == ["• A-3"]
    assert [r.split(" · ")[0] for r in rows(await ask(
        world, CAROL, MARKETING, "drafts approved scheduled"))] == ["• A-2"]
    assert await ask(world, CAROL, MARKETING, "drafts failed bluesky") == \
        "no drafts (failed in the last 7 days, on Bluesky)"
    # five filters and a network are one line, not refused for their number
    assert (await ask(world, ALICE, MARKETING,
                      "drafts pending approved failed scheduled mine mastodon")
            ).startswith("1 draft (pending or approved or failed in the last 7 days, "
                         "scheduled, yours, on Mastodon):")

    world.clock.advance(days=7, minutes=1)  # A-4 failed more than 7 days ago
    assert await ask(world, CAROL, MARKETING, "drafts failed") == \
        "no drafts (failed in the last 7 days)"
