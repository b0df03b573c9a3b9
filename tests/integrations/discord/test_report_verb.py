"""`/socialops tickets report` through discord.py against the local Discord: the options
become the shared command line, the team report (handlers.report_verb, with the fit the
composition root gives a Discord workspace) answers only the asker, within one message's
2,000 characters as escaped, its route names shown as typed: no pings, no markdown, no links.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.app.chat import answer_fit
from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig
from bot.core.effects import Effects
from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.ports import Store
from bot.core.text import one_line
from bot.engine.effects import Applier
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.report_verb import TeamReports
from handlers.tickets import TicketService
from integrations.discord.bot import SocialopsBot
from tests.conftest import FakeClock
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import ALICE, identity, slash
from tests.support.fake_discord import FakeDiscord

HOSTILE = "@everyone **x** [click](https://evil.test) <@&1> `y` ||z||"


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


class Reports:
    """The report verb as the dispatcher runs it for a linked person."""

    def __init__(self, reports: TeamReports) -> None:
        self.reports = reports
        self.seen: list[Interaction] = []

    async def handle(self, interaction: Interaction) -> Reply:
        self.seen.append(interaction)
        return await self.reports.reply(interaction)


async def open_tickets(store: Store, clock: FakeClock, routes: list[str]) -> None:
    tickets = TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                            directory=Directory([]), escalations={}, channels={})
    for n, route in enumerate(routes, 1):
        m = Mention(id=f"mastodon:{n}", network="mastodon", source="m", text="acme is down",
                    author=Author(id=f"c{n}", handle=f"c{n}"), created_at=clock())
        hit = RouteHit(route=route, action="ticket", workspace="dc", channel="support")
        fx = Effects()
        await tickets.open_or_attach(Signal(mention=m, routes=(hit,)), hit, fx, {})
        assert await store.apply(fx)


@pytest.fixture
async def asked(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store,
                clock: FakeClock) -> AsyncIterator[Callable[..., Any]]:
    handler = Reports(TeamReports(store, clock=clock, fit=answer_fit([ws_config])))
    bot = SocialopsBot(ws_config, handler=handler, identity=identity, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(ws_config.token))
    await asyncio.wait_for(bot.wait_until_ready(), 5)

    async def ask(**options: object) -> tuple[Interaction, dict[str, Any]]:
        before = len(handler.seen)
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            2, slash("report", **options), user_id=ALICE))
        follow = await fake.wait_for("POST", "/webhooks/")
        assert len(handler.seen) == before + 1
        return handler.seen[-1], follow.body

    yield ask
    await bot.close()
    await asyncio.wait_for(task, 5)


async def test_report_from_discord_is_the_asker_s_alone_and_shown_as_typed(
        asked: Callable[..., Any], store: Store, clock: FakeClock) -> None:
    clock.now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    await open_tickets(store, clock, ["support", HOSTILE])
    clock.now += timedelta(minutes=5)
    i, body = await asked(since="1d", by="route")
    assert (i.action, i.options) == ("report", {"since": "1d", "by": "route"})
    assert body["flags"] & 64  # ephemeral
    shown = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert shown.text.startswith("Tickets opened 2026-11-22 09:05 UTC to 2026-11-23 09:05 UTC")
    assert one_line(HOSTILE, 40) in shown.text
    assert (shown.pings, shown.links, shown.styles, shown.problems) == (
        frozenset(), frozenset(), (), ())


async def test_a_report_longer_than_a_message_says_how_many_rows_were_left_out(
        asked: Callable[..., Any], store: Store, clock: FakeClock) -> None:
    clock.now = datetime(2026, 11, 23, 9, tzinfo=UTC)
    # 40 routes whose names Discord's escaping doubles: ~5,000 characters as sent
    await open_tickets(store, clock, [f"r{n:02d}_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*"
                                      for n in range(40)])
    clock.now += timedelta(minutes=5)
    _, body = await asked(since="2h", by="route")
    assert len(body["content"]) <= 2_000
    shown = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert shown.problems == () and shown.styles == ()
    lines = shown.text.splitlines()
    kept = [x for x in lines if x[:1] == "r" and x[1:3].isdigit()]
    assert 3 < len(kept) < 40 and kept[0].startswith("r00_")
    assert any(x.startswith("all tickets") and x.split()[2] == "40" for x in lines)
    assert lines[-1] == (f"… {40 - len(kept)} more rows (by route) left out: the answer is "
                         "longer than one message holds; `socialops report tickets --since 2h "
                         "--by route` on the command line prints them all")


async def test_a_bad_window_is_one_line(asked: Callable[..., Any]) -> None:
    _, body = await asked(since="yesterdayish")
    assert body["flags"] & 64
    shown = discord_view(body, allowed_mentions=body.get("allowed_mentions"))
    assert shown.text == ("since 'yesterdayish': use an ISO time (2026-11-20T09:00) or a "
                          "duration (2h, 7d)")
