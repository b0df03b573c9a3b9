"""Two processes of one deployment, each with a gateway session of the same bot (several
`web` processes): Discord sends every event to both, and an interaction is answered by the
first to acknowledge it; the other meets 400 code 40060 and leaves it. Here the two are two
clients of the local Discord sharing one SQLite store, each its own ``StoredPreviews``, as
``socialops run`` builds them (tests/app/test_discord_subscribe_run.py runs real processes)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig
from bot.core.errors import StoreUnavailable
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.audit import Audit
from handlers.completions import IdCompletions
from handlers.preview import Preview
from handlers.subscriptions import SubscriptionService
from integrations.discord.bot import SocialopsBot
from integrations.discord.inbound import StoredPreviews
from rules import canonical_query, validate_query
from tests.conftest import FakeClock
from tests.integrations.discord.reader import unescape
from tests.integrations.discord.test_bot import (
    ALICE,
    AsAlice,
    follow_up,
    identity,
    modal_submit,
    slash,
)
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
async def bots(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, store: Store,
               clock: FakeClock) -> AsyncIterator[list[SocialopsBot]]:
    """Two bots connected in turn: the first is ``only=0`` to the fake, the second 1."""
    service = SubscriptionService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                                  validate_query=validate_query,
                                  canonical_query=canonical_query,
                                  previews=Preview(store, clock=clock,
                                                   matcher=lambda sub: lambda post: False))
    running: list[tuple[SocialopsBot, asyncio.Task[None]]] = []
    try:
        for _ in range(2):
            bot = SocialopsBot(ws_config, handler=AsAlice(service), identity=identity,
                               guild_ready_timeout=0.05, completions=IdCompletions(store),
                               previews=StoredPreviews(store))
            running.append((bot, asyncio.create_task(bot.start(ws_config.token))))
            await asyncio.wait_for(bot.wait_until_ready(), 5)
        yield [bot for bot, _ in running]
    finally:
        for bot, task in running:
            await bot.close()
            await asyncio.wait_for(task, 5)


async def press(fake: FakeDiscord, custom_id: str, *, only: int | None = None) -> None:
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        3, {"custom_id": custom_id, "component_type": 2}, user_id=ALICE), only=only)


async def test_a_preview_shown_by_one_process_is_saved_by_the_other_once(
        bots: list[SocialopsBot], fake: FakeDiscord, store: Store,
        caplog: pytest.LogCaptureFixture) -> None:
    """The preview reached the first process only (the second's session was slower); the
    Subscribe button was answered by the second. Kept in the first's memory, it answered
    "expired" and saved nothing. A second press reaches both: one answers, once, that it is
    saved already; the other, refused the acknowledgement, does nothing and says so quietly
    (an INFO line: with several processes every interaction meets it)."""
    caplog.set_level(logging.INFO, logger="integrations.discord")
    await modal_submit(fake, "subscribe", {"query": "refund", "digest": "", "lang": ""},
                       only=0)
    answer = await follow_up(fake, 1)
    assert "components" in answer, answer
    [[button]] = [row["components"] for row in answer["components"]]
    await press(fake, button["custom_id"], only=1)
    saved = unescape((await follow_up(fake, 2))["content"])[0]
    assert saved.startswith("S-1 created"), saved
    await press(fake, button["custom_id"])
    again = unescape((await follow_up(fake, 3))["content"])[0]
    assert "saved already" in again, again
    await asyncio.sleep(0.3)  # the other process's refused acknowledgement
    refused = [r for r in caplog.records if "40060" in r.getMessage()]
    assert [r.levelno for r in refused] == [logging.INFO], [r.getMessage() for r in refused]
    assert "another process" in refused[0].getMessage()
    assert len(await store.list_subscriptions()) == 1
    answers = [c for c in fake.calls if c.method == "POST" and "/webhooks/" in c.path]
    assert len(answers) == 3  # one answer to each of the three interactions



class FailsOnce:
    """The subscription service, whose first subscribe fails (the store gone a moment)."""

    def __init__(self, inner: AsAlice) -> None:
        self.inner, self.failed = inner, False

    async def handle(self, interaction: Interaction) -> Reply:
        if interaction.action == "subscribe" and not self.failed:
            self.failed = True
            raise StoreUnavailable("redis: connection refused")
        return await self.inner.handle(interaction)


async def test_a_button_whose_save_failed_saves_when_pressed_again(
        bots: list[SocialopsBot], fake: FakeDiscord, store: Store) -> None:
    """The preview was marked taken before the subscription was saved: a save that failed
    (the store gone a moment, the process stopped between) left the preview used up, and the
    button answered "expired" after "Something went wrong". It is marked used once saved."""
    for bot in bots:
        bot.handler = FailsOnce(bot.handler)  # type: ignore[arg-type]
    await modal_submit(fake, "subscribe", {"query": "refund", "digest": "", "lang": ""},
                       only=0)
    answer = await follow_up(fake, 1)
    [[button]] = [row["components"] for row in answer["components"]]
    await press(fake, button["custom_id"], only=0)
    broke = unescape((await follow_up(fake, 2))["content"])[0]
    assert "went wrong" in broke and await store.list_subscriptions() == []
    await press(fake, button["custom_id"], only=0)
    saved = unescape((await follow_up(fake, 3))["content"])[0]
    assert saved.startswith("S-1 created"), saved


async def test_an_autocomplete_answered_by_the_other_process_is_no_warning(
        bots: list[SocialopsBot], fake: FakeDiscord,
        caplog: pytest.LogCaptureFixture) -> None:
    """Every keystroke in an autocompleted option reaches both sessions; the process answered
    second meets 40060. That was a WARNING, "could not answer autocomplete", at each keystroke
    in every process but one, as though Discord were failing; a click's is an INFO line."""
    caplog.set_level(logging.INFO, logger="integrations.discord")
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        4, slash("claim", focused="ticket", ticket="T"), user_id=ALICE))
    await fake.wait_for("POST", "/callback", count=2)

    def refused() -> list[logging.LogRecord]:
        return [r for r in caplog.records if "40060" in r.getMessage()]

    for _ in range(500):  # the second answer's log line, once its refusal is read
        if refused():
            break
        await asyncio.sleep(0.01)
    assert [r.levelno for r in refused()] == [logging.INFO], [
        r.getMessage() for r in refused()]
    assert "another process" in refused()[0].getMessage()
