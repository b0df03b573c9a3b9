"""A running socialops bot on the local Discord whose slash commands are answered by a test's
handler, and a ticket whose card the outbox posted there: shared by the verb tests. And a bot
on the local Discord into a running socialops (tests/e2e/world.py), with the config that adds
that Discord to it; and the bot's answer to a slash command, as shown."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Protocol

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig
from bot.core.effects import Effects
from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.ports import Completions, InteractionHandler, Store
from bot.engine.outbox import Outbox
from handlers.tickets import TicketService
from integrations.discord.bot import SocialopsBot
from integrations.discord.inbound import Identity
from tests.conftest import FakeClock
from tests.e2e.world import World
from tests.integrations.discord.reader import discord_view
from tests.integrations.discord.test_bot import ALICE, identity, slash
from tests.support.fake_discord import FakeDiscord

Ask = Callable[..., Awaitable[tuple[Interaction, dict[str, Any]]]]


class Seeing(Protocol):
    """A handler that keeps the interactions it was given."""

    seen: list[Interaction]

    async def handle(self, interaction: Interaction) -> Reply: ...


@asynccontextmanager
async def running_bot(ws_config: DiscordWorkspaceConfig, handler: InteractionHandler, *,
                      identity: Identity | None = None,
                      completions: Completions | None = None) -> AsyncIterator[SocialopsBot]:
    """A socialops bot on the local Discord, ready, its interactions answered by ``handler``;
    closed on the way out."""
    bot = SocialopsBot(ws_config, handler=handler, identity=identity, guild_ready_timeout=0.05,
                       completions=completions)
    task = asyncio.create_task(bot.start(ws_config.token))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield bot
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


async def answer_body(fake: FakeDiscord, user: str, verb: str,
                      **options: object) -> dict[str, Any]:
    """``/socialops … verb`` run by ``user`` on the local Discord: the body of the bot's
    answer (its follow-up through the interaction's webhook)."""
    answers = len([c for c in fake.calls if "/webhooks/" in c.path and c.method == "POST"])
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash(verb, **options), user_id=user))
    body: dict[str, Any] = (await fake.wait_for("POST", "/webhooks/", count=answers + 1)).body
    return body


async def answered(fake: FakeDiscord, user: str, verb: str, **options: object) -> str:
    """``answer_body``'s answer as Discord shows it."""
    body = await answer_body(fake, user, verb, **options)
    return discord_view(body, allowed_mentions=body.get("allowed_mentions")).text


@asynccontextmanager
async def asking(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, handler: Seeing, *,
                 completions: Completions | None = None) -> AsyncIterator[Ask]:
    """``ask(verb, **options)``: alice runs ``/socialops … verb`` with those options; what the
    handler was given and the answer Discord was sent. ``completions``: the bot's autocomplete
    (none: it offers nothing)."""
    async def ask(verb: str, **options: object) -> tuple[Interaction, dict[str, Any]]:
        before = len(handler.seen)
        answers = len([c for c in fake.calls if "/webhooks/" in c.path])
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            2, slash(verb, **options), user_id=ALICE))
        for _ in range(500):
            follow = [c for c in fake.calls if "/webhooks/" in c.path and c.method == "POST"]
            if len(follow) > answers:
                break
            await asyncio.sleep(0.01)
        assert len(handler.seen) == before + 1
        return handler.seen[-1], follow[-1].body

    async with running_bot(ws_config, handler, identity=identity, completions=completions):
        yield ask


async def a_ticket(tickets: TicketService, store: Store, clock: FakeClock,
                   fake: FakeDiscord, outbox: Outbox) -> str:
    """A ticket whose card the outbox posted to the local Discord; its message id."""
    m = Mention(id="mastodon:1", network="mastodon", source="m", text="acme is down",
                author=Author(id="c1", handle="c1"), created_at=clock())
    hit = RouteHit(route="support", action="ticket", workspace="discord",
                   channel=fake.channel_id)
    fx = Effects()
    await tickets.open_or_attach(Signal(mention=m, routes=(hit,)), hit, fx, {})
    assert await store.apply(fx)
    await outbox.drain()
    ref = await store.message_ref("T-1", "discord", fake.channel_id)
    assert ref is not None
    return ref.message_id


def with_discord_on_kolkatas_clock(config: str, fake: FakeDiscord) -> str:
    """The e2e world's ``config`` (a template, as world.CONFIG) with its Slack on Berlin's
    clock and a Discord workspace ``discord``, the local Discord, on Kolkata's."""
    discord = ("  - {{name: discord, type: discord, token: fake-token, "
               f'application_id: "{fake.application_id}", api_url: "{fake.api_url}", '
               f'gateway_url: "{fake.gateway_url}", guild_id: "{fake.guild_id}", '
               "timezone: Asia/Kolkata}}\n")
    return config.replace(
        'api_url: "{api}"}}\n', 'api_url: "{api}", timezone: Europe/Berlin}}\n' + discord)


@asynccontextmanager
async def discord_into(world: World,
                       ws_config: DiscordWorkspaceConfig) -> AsyncIterator[SocialopsBot]:
    """A socialops bot on the local Discord, ready, whose interactions go to the running
    world's dispatcher, a Discord user being whom the world's directory says; closed on the
    way out."""
    app = world.a

    def person_of(workspace: str, user: str) -> str | None:
        person = app.directory.person_for(workspace, user)
        return person.id if person else None

    async with running_bot(ws_config, app.dispatcher, identity=person_of) as bot:
        yield bot
