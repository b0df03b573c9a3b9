"""Slack's App Home end to end (issue #18): opening the tab publishes the person's home
(claimed tickets, overdue and unclaimed tickets of their teams, approvals they may decide,
their channels' subscriptions) through ``views.publish`` on the local Slack, and claims,
resolves and decisions publish it again for people who opened it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.cards import Interaction
from tests.conftest import FakeClock
from tests.e2e import world as world_module
from tests.e2e.test_queue import ask
from tests.e2e.world import (
    ALICE,
    APPROVALS,
    BOB,
    DAVE,
    MALLORY,
    MARKETING,
    SUPPORT,
    World,
    running_world,
)


async def home_of(world: World, user: str, *, after: int = 0) -> str:
    """The home published for ``user`` once more than ``after`` publishes reached them."""
    def published() -> int:
        return sum(1 for c in world.slack.calls_to("views.publish")
                   if c.args.get("user_id") == user)
    await world.until(lambda: published() > after, f"home of {user} #{after + 1}")
    return world.home_text(user)


def publishes(world: World, user: str) -> int:
    return sum(1 for c in world.slack.calls_to("views.publish") if c.args.get("user_id") == user)


def section(text: str, title: str) -> str:
    """The lines under one section header, up to the next divider."""
    lines = text.splitlines()
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if lines[i] == ""), len(lines))
    return "\n".join(lines[start:end])


async def test_home_shows_my_work_and_follows_claim_and_resolve(world: World) -> None:
    for n in (1, 2):
        await world.mention(f"@acme my order {n} is broken again, this is terrible", n=n,
                            handle=f"customer{n}")
    assert await world.open_home(ALICE) == 200
    home = await home_of(world, ALICE)
    assert home.startswith("socialops · alice")
    assert section(home, "Claimed by you") == "You have no claimed tickets."
    unclaimed = section(home, "Unclaimed in support")
    assert "*T-1* · unclaimed" in unclaimed and "*T-2* · unclaimed" in unclaimed
    assert f"/archives/{SUPPORT}/p" in unclaimed  # each row links to its card
    assert section(home, "Overdue in support") == "Nothing overdue."
    assert section(home, "Approvals you may decide") == "Nothing waits for you."

    # a claim through the card's button: alice's home follows without her opening it again
    ts = str(next(m for m in world.posts(SUPPORT) if "T-1:" in str(m.get("text")))["ts"])
    await world.click(ALICE, "claim", "T-1", channel=SUPPORT, message_ts=ts)
    home = await home_of(world, ALICE, after=1)
    assert "*T-1* · claimed by alice" in section(home, "Claimed by you")
    assert "T-1" not in section(home, "Unclaimed in support")
    # bob never opened his home: nothing is published for him
    assert publishes(world, BOB) == 0

    await world.click(ALICE, "resolve", "T-1", channel=SUPPORT, message_ts=ts)
    home = await home_of(world, ALICE, after=2)
    assert section(home, "Claimed by you") == "You have no claimed tickets."
    assert "T-1" not in home and "*T-2*" in section(home, "Unclaimed in support")


async def test_overdue_tickets_come_first_and_are_flagged(world: World) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    world.clock.advance(minutes=61)  # past the route's 60 minute SLA
    await world.timers()
    await world.open_home(BOB)
    home = await home_of(world, BOB)
    overdue = section(home, "Overdue in support")
    assert overdue.startswith("⚠️ *T-1* · unclaimed") and "OVERDUE by 1 min" in overdue
    assert section(home, "Unclaimed in support") == "No unclaimed tickets."


async def test_a_tickets_priority_shows_beside_its_id_and_follows_a_change(
        world: World) -> None:
    """A ticket's priority stands after its id in the home's rows; `priority T-1 p1` typed
    elsewhere publishes the home again with the new one, and a ticket without one shows
    none."""
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    await world.open_home(ALICE)
    home = await home_of(world, ALICE)
    assert section(home, "Unclaimed in support").startswith("*T-1* · unclaimed")
    assert world.bot is not None and world.bot.homes is not None
    await world.bot.homes.drain()
    before = publishes(world, ALICE)
    assert await ask(world, BOB, SUPPORT, "priority T-1 p1") == "T-1 is now P1 (was none)"
    await world.a.outbox.drain()
    home = await home_of(world, ALICE, after=before)
    assert section(home, "Unclaimed in support").startswith("*T-1* · P1 · unclaimed")


async def test_approvals_i_may_decide_and_their_text_escaped(world: World) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    # a link's markup typed as text (Slack sends a typed < as &lt;)
    hostile = "Sorry <!channel> *we* are on it &lt;https://evil.example|click&gt; :tada:"
    assert await world.slash(ALICE, SUPPORT, f"reply T-1 {hostile}") == 200
    await world.until(lambda: any("A-1" in t for t in world.said_to(ALICE)), "the draft")
    await world.a.outbox.drain()
    await world.open_home(DAVE)  # an approver
    await world.open_home(ALICE)  # the author: never asked to approve her own post
    dave = section(await home_of(world, DAVE), "Approvals you may decide")
    assert dave.startswith("*A-1* · Mastodon as masto, by alice:")
    assert f"/archives/{APPROVALS}/p" in dave
    # social text is escaped and cannot format, ping or link
    assert "&lt;!channel&gt;" in dave and "<!channel>" not in dave
    assert "&lt;https://evil.example|click&gt;" in dave and "＊we＊" in dave
    assert "：tada：" in dave
    assert section(await home_of(world, ALICE), "Approvals you may decide") == \
        "Nothing waits for you."

    card = next(m for m in world.posts(APPROVALS) if "A-1" in str(m))
    before = publishes(world, DAVE)
    await world.click(DAVE, "approve", "A-1", channel=APPROVALS, message_ts=str(card["ts"]))
    home = await home_of(world, DAVE, after=before)
    assert section(home, "Approvals you may decide") == "Nothing waits for you."


async def test_my_channels_subscriptions_and_the_unlinked_hint(world: World) -> None:
    assert await world.slash(ALICE, SUPPORT, 'subscribe "dark mode" digest=daily') == 200
    await world.until(lambda: any("S-1" in t for t in world.said_to(ALICE)), "the subscription")
    await world.open_home(ALICE)
    subs = section(await home_of(world, ALICE), "Subscriptions in #support")
    assert subs == '*S-1* · "dark mode" · digest daily (by alice)'
    await world.open_home(MALLORY)  # nobody configured or linked her Slack account
    home = await home_of(world, MALLORY)
    assert "not linked to a socialops person" in home and "/socialops link" in home
    assert "Claimed by you" not in home
    # the Messages tab opening is not the Home tab: nothing is published
    await world.open_home(BOB, tab="messages")
    await world.open_home(BOB)
    await home_of(world, BOB)
    assert publishes(world, BOB) == 1


async def test_a_card_posted_or_changed_elsewhere_refreshes_recent_homes(world: World) -> None:
    """Not only Slack actions: the outbox's posts and edits (a new ticket, a claim typed in
    another workspace, a timer) publish the homes of recent viewers too."""
    await world.open_home(ALICE)
    assert "No unclaimed tickets." in await home_of(world, ALICE)
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    home = await home_of(world, ALICE, after=1)
    assert "*T-1* · unclaimed" in section(home, "Unclaimed in support")
    # bob claims it outside Slack (the dispatcher the console and Discord use)
    assert world.bot is not None and world.bot.homes is not None
    await world.bot.homes.drain()
    reply = await world.a.dispatcher.handle(Interaction(
        workspace="slack", channel=SUPPORT, user=BOB, via="command", action="claim",
        target="T-1"))
    assert reply.ok
    before = publishes(world, ALICE)
    await world.a.outbox.drain()
    home = await home_of(world, ALICE, after=before)
    assert section(home, "Unclaimed in support") == "No unclaimed tickets."


async def test_unclaimed_counts_only_the_tickets_it_leaves_out(world: World) -> None:
    """The unclaimed section shows ten tickets that are not overdue and counts the rest. The
    list is in priority order, so an overdue ticket without a priority comes after eleven P1
    tickets: it was counted among the unclaimed left out ('… and 2 more' for one)."""
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    world.clock.advance(minutes=61)  # past the route's 60 minute SLA: T-1 is overdue
    await world.timers()
    for n in range(2, 13):
        await world.mention(f"@acme my order {n} is broken again, this is terrible", n=n,
                            handle=f"customer{n}")
        assert await ask(world, BOB, SUPPORT, f"priority T-{n} p1") == \
            f"T-{n} is now P1 (was none)"
    await world.a.outbox.drain()
    await world.open_home(BOB)
    home = await home_of(world, BOB)
    assert section(home, "Overdue in support").startswith("⚠️ *T-1* · unclaimed")
    unclaimed = section(home, "Unclaimed in support")
    assert "T-1 " not in unclaimed and unclaimed.count("· P1 · unclaimed") == 10, unclaimed
    assert unclaimed.endswith("… and 1 more"), unclaimed


async def test_an_approvals_time_is_on_the_clock_of_the_workspace_viewing_it(
        tmp_path: Path, clock: FakeClock) -> None:
    """The approvals channel is in another workspace, on New York's clock; the Slack
    workspace is on Berlin's. A scheduled draft's time in the Slack home is on Berlin's clock
    beside UTC, as every answer in that workspace says it (it was on New York's)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", world_module.CONFIG.replace(
            'api_url: "{api}"}}', 'api_url: "{api}", timezone: Europe/Berlin}}\n'
            '  - {{name: ops, type: console, timezone: America/New_York}}').replace(
            "approvals: {{workspace: slack, id: {app}}}",
            "approvals: {{workspace: ops, id: approvals}}"))
        async with running_world(tmp_path, clock) as world:
            answer = await ask(world, ALICE, MARKETING, "draft mastodon masto at=2h Launch day")
            assert "publishes at 2026-11-23 11:00 UTC (12:00 Europe/Berlin)" in answer, answer
            await world.open_home(DAVE)
            dave = section(await home_of(world, DAVE), "Approvals you may decide")
    assert dave.startswith("*A-1* · Mastodon as masto, by alice: “Launch day”"), dave
    assert dave.endswith(" · publishes at 2026-11-23 11:00 UTC (12:00 Europe/Berlin)"), dave


async def test_a_long_drafts_preview_is_cut_between_characters_as_drawn(world: World) -> None:
    """The preview of a long draft is cut where a character as drawn ends: a flag (two
    regional indicators) at the cut was cut in two, its first half left (🇩, a boxed letter
    D), and a word cut in the middle."""
    text = "We ship to " + "every country " * 7 + "and now: 🇩🇪 Germany too " + "x" * 40
    assert text.index("🇩🇪") == 118  # the preview kept 119 characters: 🇩 of 🇩🇪
    await ask(world, ALICE, MARKETING, f"draft mastodon masto {text}")
    await world.open_home(DAVE)
    dave = section(await home_of(world, DAVE), "Approvals you may decide")
    assert "\U0001F1E9\U0001F1EA" not in dave and "\U0001F1E9" not in dave, dave
    assert dave.endswith(" every country and now:…”"), dave
