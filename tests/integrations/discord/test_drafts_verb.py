"""`/socialops approvals drafts` through discord.py against the local Discord: the one free-text
``filter`` option becomes the shared command line (``drafts scheduled mastodon``); the answer,
to the asker alone, lists the drafts in the order they go out on the workspace's clock, a
draft's ``@everyone``, role mention, markdown and link shown as text, pinging, formatting and
linking nothing, cut to what one Discord message holds as escaped, the rest counted; a filter
that is none is one private line."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.app.chat import answer_fit
from bot.core.cards import Interaction, Reply
from bot.core.commands import parse_command
from bot.core.config import DiscordWorkspaceConfig
from bot.core.effects import Effects
from bot.core.errors import Refusal
from bot.core.models import Approval
from bot.core.ports import Store
from handlers.drafts import Planner
from tests.conftest import FakeClock
from tests.integrations.discord.asking import asking
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import registered_options
from tests.support.fake_discord import FakeDiscord

ZONE = "America/New_York"  # the clock starts 2026-11-23 09:00 UTC: 04:00 there
HOSTILE = "@everyone <@&123456789012345678> **bold** [click](https://evil.example) " + "z" * 60


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


class Listing:
    """`drafts` as the dispatcher runs it for alice."""

    def __init__(self, planner: Planner) -> None:
        self.planner = planner
        self.seen: list[Interaction] = []

    async def handle(self, i: Interaction) -> Reply:
        self.seen.append(i)
        try:
            return await self.planner.reply(i.args, "alice", workspace=i.workspace, zone=ZONE)
        except Refusal as exc:
            return Reply.refused(exc.message)


@pytest.fixture
async def asked(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store,
                clock: FakeClock) -> AsyncIterator[Callable[..., Any]]:
    planner = Planner(store, clock=clock, fit=answer_fit([ws_config]))
    async with asking(ws_config, fake, Listing(planner)) as ask:
        yield ask


async def drafts(store: Store, clock: FakeClock, n: int) -> None:
    fx = Effects()
    for k in range(1, n + 1):
        fx.create(Approval(
            id=f"A-{k}", text=f"{k} {HOSTILE}", network="mastodon", account="main",
            author="bob", content_hash="0" * 64, created_at=clock() + timedelta(minutes=k),
            expires_at=clock() + timedelta(hours=24),
            publish_at=clock() + timedelta(hours=2) if k == n else None))
    assert await store.apply(fx)


async def test_drafts_from_discord_list_in_order_pinging_nobody(
        asked: Callable[..., Any], fake: FakeDiscord, store: Store, clock: FakeClock) -> None:
    assert await registered_options(fake, "drafts") == [("filter", False)]
    await drafts(store, clock, 12)
    i, body = await asked("drafts")
    assert (i.action, i.args) == ("drafts", ())
    assert body["flags"] & 64  # ephemeral
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert view.pings == frozenset() and view.links == frozenset() and not view.styles
    assert not view.problems
    lines = view.text.splitlines()
    assert lines[0] == "12 drafts (not published yet):"
    # the scheduled one first, on the workspace's clock; the others oldest first
    assert lines[1].startswith("• A-12 · pending at step 1 of 1 · Mastodon as main · publishes "
                               "at 2026-11-23 11:00 UTC (06:00 America/New_York)"), lines[1]
    assert [line.split(" · ")[0] for line in lines[2:-1]] == [
        f"• A-{k}" for k in range(1, len(lines) - 2)]
    assert "“1 @everyone <@&123456789012345678> **bold** [click](https://evil.example)" \
        in lines[2]
    # what one message holds as escaped: fewer than 10 rows, the rest counted
    shown = len(lines) - 2
    assert shown < 10 and len(body["content"]) <= 2_000
    assert lines[-1] == (f"… and {12 - shown} more (narrow it down: drafts "
                         "[pending|approved|failed|scheduled|mine] [network])")

    i, body = await asked("drafts", filter="scheduled  mastodon")
    assert parse_command("drafts scheduled mastodon").args == i.args == ("scheduled", "mastodon")
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert view.text.splitlines()[0] == "1 draft (scheduled, on Mastodon):"


async def test_a_filter_that_is_none_is_one_private_line(asked: Callable[..., Any]) -> None:
    _, body = await asked("drafts", filter="@everyone")
    assert body["flags"] & 64
    view = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert view.text == ("'@everyone' is not a drafts filter: use pending, approved, failed, "
                         "scheduled, mine or a network (bluesky, hackernews, mastodon, reddit, "
                         "rss, x)")
    assert view.pings == frozenset()
