"""Times on the workspace's clock, asked from Discord: `/socialops other status` and `why`
through discord.py against the local Discord into a running socialops (its dispatcher and
store, tests/e2e/world.py) on Kolkata's clock, half an hour off the hour. Their opened,
fetched, posted and delivered times were said in UTC alone."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.core.config import DiscordWorkspaceConfig
from tests.conftest import FakeClock
from tests.e2e import world as world_module
from tests.e2e.test_publish_tried_again import ME
from tests.e2e.test_queue import ask as slack_ask
from tests.e2e.world import ALICE as SLACK_ALICE
from tests.e2e.world import APPROVALS, SUPPORT, UNPACED, World, running_world
from tests.integrations.discord.asking import (
    answered,
    discord_into,
    running_bot,
    with_discord_on_kolkatas_clock,
)
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import ALICE, slash
from tests.integrations.discord.test_saved_replies import AsAlice
from tests.support.fake_discord import FakeDiscord

# the clock starts on Monday 2026-11-23 at 09:00 UTC: 14:30 in Kolkata
ALICE_AGENT = "1000000000000000101"  # alice on the local Discord (two_clocks), an agent
AT = "2026-11-23 09:00 UTC (14:30 Asia/Kolkata)"


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED, zone="Asia/Kolkata") as w:
        yield w


@pytest.fixture
async def ask(world: World, ws_config: DiscordWorkspaceConfig,
              fake: FakeDiscord) -> AsyncIterator[Any]:
    """``ask(verb, **options)``: the Discord user ALICE (alice) runs it; the answer shown."""
    async with running_bot(ws_config, AsAlice(world)):
        yield functools.partial(answered, fake, ALICE)


async def test_status_and_why_from_discord_say_kolkatas_clock(world: World, ask: Any) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    status = await ask("status", what="T-1")
    assert "opened 2026-11-23 09:00 UTC (14:30 Asia/Kolkata, <1 min ago)" in status, status
    why = await ask("why", what="mastodon:1")
    assert f"at {AT} (posted {AT})" in why, why
    assert f"delivered to #support at {AT} (" in why, why


def posting_answers(world: World, statuses: Callable[[web.Request], Awaitable[web.Response]],
                    ) -> None:
    """The local Mastodon answers a post with ``statuses``; the look for our own post before
    a retry finds none."""
    world.masto.handler("POST", "/api/v1/statuses", statuses)
    world.masto.json("GET", "/api/v1/accounts/verify_credentials", ME)
    world.masto.json("GET", "/api/v1/accounts/5/statuses", [])


async def a_reply_approved_from_discord(world: World, fake: FakeDiscord) -> str:
    """Alice's reply to T-1 drafted in Slack as A-1, then approved by dave from Discord (the
    local Discord's ALICE): his answer."""
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    answer = await slack_ask(world, SLACK_ALICE, SUPPORT, "reply T-1 Sorry! On it.")
    assert "A-1" in answer, answer
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None
    return await answered(fake, ALICE, "approve", approval="A-1", sha256=approval.content_hash[:12])


def approval_thread(world: World) -> list[str]:
    """The lines of A-1's card's thread in Slack's approvals channel."""
    [card] = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    return [str(m.get("text")) + str(m.get("blocks"))
            for m in world.slack.thread(APPROVALS, str(card["ts"]))]


@pytest.fixture
async def two_clocks(tmp_path: Path, clock: FakeClock, fake: FakeDiscord,
                     ws_config: DiscordWorkspaceConfig) -> AsyncIterator[World]:
    """Slack on Berlin's clock (the approvals channel's), Discord on Kolkata's, where dave
    (the approver) is the local Discord's user ALICE."""
    config = with_discord_on_kolkatas_clock(world_module.CONFIG, fake)
    config = config.replace("identities: {{slack: {dave}}}",
                            f'identities: {{{{slack: {{dave}}, discord: "{ALICE}"}}}}')
    config = config.replace("identities: {{slack: {alice}}}",
                            f'identities: {{{{slack: {{alice}}, discord: "{ALICE_AGENT}"}}}}')
    assert "Asia/Kolkata" in config and f'discord: "{ALICE}"' in config
    assert f'discord: "{ALICE_AGENT}"' in config
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", config)
        async with running_world(tmp_path, clock, extra=UNPACED) as w:
            yield w


async def test_a_late_post_approved_from_discord_says_its_time_on_kolkatas_clock(
        two_clocks: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    """Scheduled for 10:00 UTC from Slack (Berlin), approved from Discord (Kolkata) at 12:00:
    the approver's answer says when it was due on the clock of the workspace it is read in,
    as the rest of an approve's answers do, not on the approvals channel's."""
    world = two_clocks
    app = world.a

    async with discord_into(world, ws_config):
        await world.mention("@acme my order is broken again, this is terrible", n=1)
        answer = await slack_ask(world, SLACK_ALICE, SUPPORT, "reply T-1 at=1h Sorry! On it.")
        assert "A-1" in answer and "(11:00 Europe/Berlin)" in answer, answer
        world.clock.advance(hours=3)
        approval = await app.store.get_approval("A-1")
        assert approval is not None
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            2, slash("approve", approval="A-1", sha256=approval.content_hash[:12]),
            user_id=ALICE))
        body = (await fake.wait_for("POST", "/webhooks/")).body
        said = discord_view(body, allowed_mentions=body.get("allowed_mentions")).text
        assert said.endswith(", 2 h late (due 2026-11-23 10:00 UTC (15:30 Asia/Kolkata))"), \
            said


async def test_a_snooze_from_discord_says_its_end_on_the_cards_clock_in_its_thread(
        two_clocks: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    """A ticket's card in Slack's #support (Berlin), snoozed by alice from Discord (Kolkata):
    her answer says the end on Kolkata's clock, the line in the card's thread on the card's,
    Berlin's, as every other line a card's thread says a time in (the SLA passing, a snooze
    ending); it said Kolkata's there too."""
    world = two_clocks
    app = world.a

    async with discord_into(world, ws_config):
        await world.mention("@acme my order is broken again, this is terrible", n=1)
        [card] = [m for m in world.posts(SUPPORT) if "T-1" in str(m.get("text"))]
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            2, slash("snooze", ticket="T-1", duration="2h"), user_id=ALICE_AGENT))
        body = (await fake.wait_for("POST", "/webhooks/")).body
        said = discord_view(body, allowed_mentions=body.get("allowed_mentions")).text
        assert "snoozed until 11:00 UTC (16:30 Asia/Kolkata)" in said, said
        await app.outbox.drain()
        lines = [str(m.get("text")) + str(m.get("blocks"))
                 for m in world.slack.thread(SUPPORT, str(card["ts"]))]
        snoozed = [line for line in lines if "snoozed until" in line]
        assert snoozed and all("11:00 UTC (12:00 Europe/Berlin)" in line
                               and "Kolkata" not in line for line in snoozed), lines


async def test_a_publish_tried_again_says_its_next_try_on_each_readers_clock(
        two_clocks: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    """A reply approved from Discord (Kolkata) whose publish met a proxy's 502: the approver's
    answer, alice's `status A-1`, `drafts` and the refused `edit A-1` from Discord say the
    next try (the last one) on Kolkata's clock,
    the card's thread in Slack's approvals channel (Berlin) on Berlin's only, the history in
    UTC alone. Before, the stored error said it on the approvals channel's clock everywhere
    (its history too), edit's refusal too, and drafts in UTC alone."""
    world = two_clocks
    app = world.a

    async def statuses(request: web.Request) -> web.Response:
        return web.Response(status=502, text="<html>Bad Gateway</html>")

    posting_answers(world, statuses)
    async with discord_into(world, ws_config):
        said = await a_reply_approved_from_discord(world, fake)
        again = "trying again at 2026-11-23 09:01 UTC"
        assert f"{again} (14:31 Asia/Kolkata), looking first" in said, said
        status = await answered(fake, ALICE_AGENT, "status", what="A-1")
        assert f"{again} (14:31 Asia/Kolkata), looking first" in status, status
        edited = await answered(fake, ALICE_AGENT, "edit", approval="A-1", text="Fixed now, sorry!")
        assert "its try at 2026-11-23 09:00 UTC (14:30 Asia/Kolkata) ended" in edited, edited
        drafts = await answered(fake, ALICE_AGENT, "drafts")
        assert "tried again at 2026-11-23 09:01 UTC (14:31 Asia/Kolkata)" in drafts, drafts
        await app.outbox.drain()
        lines = approval_thread(world)
        tried = [line for line in lines if again in line]
        assert tried and all(f"{again} (10:01 Europe/Berlin)" in line
                             and "Kolkata" not in line for line in tried), lines
        approval = await app.store.get_approval("A-1")
        assert approval is not None
        [entry] = [e for e in approval.history if again in e.detail]
        assert f"{again}, looking first" in entry.detail, entry


async def test_a_publish_put_off_by_a_429_says_its_next_try_on_each_readers_clock(
        two_clocks: World, ws_config: DiscordWorkspaceConfig, fake: FakeDiscord) -> None:
    """A reply approved from Discord (Kolkata) whose publish the local Mastodon answered 429
    (Retry-After 120): the approver's answer, alice's `status A-1` and `drafts` from Discord say
    the next try on Kolkata's clock, the card's Error field and thread in Slack's approvals channel
    (Berlin) on Berlin's, the history in UTC alone; the time is stored as the approval's
    ``next_try_at`` (UTC), its error the network's words alone. Before, the 429's error was
    stored with the time on the approvals channel's clock (Berlin's), and so said everywhere."""
    world = two_clocks
    app = world.a

    async def statuses(request: web.Request) -> web.Response:
        return web.json_response({"error": "Too many requests"}, status=429,
                                 headers={"Retry-After": "120"})

    posting_answers(world, statuses)
    async with discord_into(world, ws_config):
        said = await a_reply_approved_from_discord(world, fake)
        again = "tried again at 2026-11-23 09:02 UTC"
        assert said.endswith(f"rate limited; {again} (14:32 Asia/Kolkata)"), said
        status = await answered(fake, ALICE_AGENT, "status", what="A-1")
        assert f"{again} (14:32 Asia/Kolkata)" in status and "Berlin" not in status, status
        drafts = await answered(fake, ALICE_AGENT, "drafts")  # said no time before
        assert (f"approved, publishing when the network allows: {again} (14:32 Asia/Kolkata)"
                in drafts and "Berlin" not in drafts), drafts
        await app.outbox.drain()
        lines = approval_thread(world)
        tried = [line for line in lines if again in line]
        assert tried and all(f"{again} (10:02 Europe/Berlin)" in line
                             and "Kolkata" not in line for line in tried), lines
        shown = str([m for m in world.posts(APPROVALS) if "A-1" in str(m)][-1])
        assert f"{again} (10:02 Europe/Berlin)" in shown, shown
        approval = await app.store.get_approval("A-1")
        assert approval is not None and approval.status == "approved", approval
        assert approval.error == "mastodon: publish rate limited", approval.error
        assert approval.model_dump().get("next_try_at") == world.clock() + timedelta(minutes=2)
        [entry] = [e for e in approval.history if again in e.detail]
        assert entry.detail.endswith(again), entry
