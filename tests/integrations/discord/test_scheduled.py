"""Scheduled publishing from Discord, through discord.py against the local Discord: a draft's
``at`` option and `/socialops approvals schedule` become the shared command
line; the card the outbox posts says when it publishes, in UTC and the workspace's zone, and
a reschedule edits it with a line in its thread; a time that cannot be is one private line."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

import pytest

from bot.core.cards import Interaction, Reply
from bot.core.commands import parse_command
from bot.core.config import ApprovalsConfig, ChannelConfig, DiscordWorkspaceConfig, PersonConfig
from bot.core.errors import Refusal
from bot.core.ports import PublishResult, Store
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.identity import Directory
from tests.conftest import FakeClock
from tests.integrations.discord.asking import asking
from tests.integrations.discord.reader import discord_view, unescape
from tests.integrations.discord.test_bot import registered_options
from tests.support.fake_discord import FakeDiscord

ZONE = "America/New_York"  # the clock starts 2026-11-23 09:00 UTC: 04:00 there


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


class Network:
    network = "mastodon"

    def __init__(self) -> None:
        self.posts: list[str] = []

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        self.posts.append(text)
        return PublishResult(id=str(len(self.posts)), url=f"https://m.example/{len(self.posts)}")


class Scheduling:
    """`draft` and `schedule` as the dispatcher runs them for alice, who drafts."""

    def __init__(self, approvals: ApprovalService) -> None:
        self.approvals = approvals
        self.seen: list[Interaction] = []

    async def handle(self, i: Interaction) -> Reply:
        self.seen.append(i)
        try:
            if i.action == "draft":
                at = i.options.get("at")
                _, reply = await self.approvals.draft(
                    text=i.args[2], network="mastodon", account=i.args[1], author="alice",
                    publish_at=self.approvals.when(at, i.workspace) if at else None,
                    workspace=i.workspace)
                return reply
            when = " ".join(i.args)
            return await self.approvals.schedule(
                i.target or "", "alice", self.approvals.when(when, i.workspace),
                workspace=i.workspace)
        except Refusal as exc:
            return Reply.refused(exc.message)


@pytest.fixture
def approvals(store: Store, clock: FakeClock, fake: FakeDiscord) -> ApprovalService:
    return ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"), PersonConfig(id="dave",
                                                                    role="approver")]),
        config=ApprovalsConfig(channel="approvals"),
        channels={"approvals": ChannelConfig(workspace="discord", id=fake.channel_id)},
        publishers={"masto": Network()}, zones={"discord": ZONE})


@pytest.fixture
async def asked(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
                approvals: ApprovalService) -> AsyncIterator[Callable[..., Any]]:
    async with asking(ws_config, fake, Scheduling(approvals)) as ask:
        yield ask


def card(fake: FakeDiscord) -> tuple[str, dict[str, str]]:
    [message] = fake.in_channel(fake.channel_id)
    embed = (message.get("embeds") or [{}])[0]
    return (str(embed.get("title", "")),
            {f["name"]: f["value"] for f in embed.get("fields") or []})


async def test_a_draft_scheduled_and_rescheduled_from_discord(
        asked: Callable[..., Any], fake: FakeDiscord, outbox: Outbox) -> None:
    assert await registered_options(fake, "schedule") == [("approval", True), ("when", True)]
    assert ("at", False) in await registered_options(fake, "draft")
    i, body = await asked("draft", network="mastodon", account="masto", at="2h",
                          text="Launch day")
    assert (i.args, i.options) == (("mastodon", "masto", "Launch day"), {"at": "2h"})
    assert discord_view(body, allowed_mentions=body.get("allowed_mentions")).text == (
        "A-1 drafted and waiting for approval; it publishes at 2026-11-23 11:00 UTC (06:00 "
        "America/New_York) once approved")
    await outbox.drain()
    title, fields = card(fake)
    assert "It publishes at 2026-11-23 11:00 UTC (06:00 America/New_York)" in unescape(title)[0]
    assert unescape(fields["Publishes at"])[0] == "2026-11-23 11:00 UTC (06:00 America/New_York)"

    i, body = await asked("schedule", approval="A-1", when="tomorrow 9am")
    assert (i.action, i.target, i.args) == ("schedule", "A-1", ("tomorrow 9am",))
    assert discord_view(body, allowed_mentions=body.get("allowed_mentions")).text == (
        "A-1 scheduled: publishes at 2026-11-24 14:00 UTC (09:00 America/New_York) once "
        "approved")
    await outbox.drain()
    _, fields = card(fake)
    assert unescape(fields["Publishes at"])[0] == "2026-11-24 14:00 UTC (09:00 America/New_York)"
    [thread] = fake.threads
    assert [unescape(m["content"])[0] for m in fake.in_channel(thread)] == [
        "alice scheduled for 2026-11-24 14:00 UTC"]


async def test_a_time_that_cannot_be_is_one_private_line(
        asked: Callable[..., Any], fake: FakeDiscord, outbox: Outbox,
        approvals: ApprovalService) -> None:
    await asked("draft", network="mastodon", account="masto", text="Launch day")
    _, body = await asked("schedule", approval="A-1", when="@everyone 9am")
    assert body["flags"] & 64  # ephemeral
    shown = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert shown.text.startswith("'@everyone 9am' is not a time: '@everyone' is not today, "
                                 "tomorrow or a weekday (in 2h, 17:30"), shown.text
    assert "\n" not in shown.text and shown.pings == frozenset()
    approval = await approvals.reads.get_approval("A-1")
    assert approval is not None and approval.publish_at is None


async def test_the_at_option_is_the_typed_at_and_a_text_beginning_at_is_text(
        asked: Callable[..., Any], approvals: ApprovalService) -> None:
    """`draft` and `reply` take the time to publish at as their own `at` option, read as the
    typed `at=` is (a time of several words without quotes); the `text` option is the text
    whole, so a post beginning `at=` is a post, not a time. A time that cannot be is refused
    in the typed line's one line."""
    i, body = await asked("draft", network="mastodon", account="masto", at="tomorrow 9am",
                          text="Launch day")
    assert (i.args, i.options) == (("mastodon", "masto", "Launch day"),
                                   {"at": "tomorrow 9am"})
    assert "it publishes at 2026-11-24 14:00 UTC (09:00 America/New_York)" in discord_view(
        body, allowed_mentions=body.get("allowed_mentions")).text
    i, body = await asked("draft", network="mastodon", account="masto",
                          text="at=2h sharp: the doors open")
    assert (i.args, i.options) == (("mastodon", "masto", "at=2h sharp: the doors open"), {})
    approval = await approvals.reads.get_approval("A-2")
    assert approval is not None and approval.publish_at is None
    assert approval.text == "at=2h sharp: the doors open"
    for when in ("03:00", "2026-02-30 09:00"):  # past today (04:00 there); no such day
        i, body = await asked("draft", network="mastodon", account="masto", at=when,
                              text="Launch day")
        typed = parse_command(f'draft mastodon masto at="{when}" Launch day').interaction(
            workspace=i.workspace, channel=i.channel, user=i.user)
        said = discord_view(body, allowed_mentions=body.get("allowed_mentions")).text
        assert body["flags"] & 64 and "\n" not in said
        assert said == (await Scheduling(approvals).handle(typed)).text, said
