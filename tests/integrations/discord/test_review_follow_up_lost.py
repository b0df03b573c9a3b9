"""The answer to a click or command over the gateway is a follow-up on the interaction's webhook
after the deferred "thinking…" (docs/discord.md, The 3-second rule); the token takes follow-ups
for 15 minutes. A follow-up lost to the network (a connection reset, a proxy dropping it)
escaped ``serve``: discord.py retries a 5xx and a 429 itself, but raises a lost connection
(aiohttp's ServerDisconnectedError), which discord.py logged as "Ignoring exception in view"
with a traceback, and the person's "thinking…" never got its answer, where the HTTP endpoint
sends it again after 2, 4, 8 and 16 s (a Discord developer's fourth pass, 2026-12-07; both
tests failed before: a traceback, and no answer). It is sent again as over HTTP, five tries
in all, then one WARNING line. A real discord.py client on the local Discord, whose webhook
route drops the connection."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.bot import SocialopsBot
from tests.integrations.discord.test_bot import Recorder, click, identity, post_card
from tests.support.fake_discord import FakeDiscord

FOLLOW_UP = r"^/webhooks/\d+/[^/]+$"


@pytest.fixture
async def bot(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord
              ) -> AsyncIterator[tuple[SocialopsBot, Recorder, list[float]]]:
    waited: list[float] = []

    async def no_wait(seconds: float) -> None:  # the backoff, counted and not slept
        waited.append(seconds)

    recorder = Recorder(fake)
    client = SocialopsBot(ws_config, handler=recorder, identity=identity,
                          guild_ready_timeout=0.05, sleep=no_wait)
    task = asyncio.create_task(client.start(ws_config.token))
    await asyncio.wait_for(client.wait_until_ready(), 5)
    yield client, recorder, waited
    await client.close()
    await asyncio.wait_for(task, 5)


async def until(found: Callable[[], bool]) -> None:
    for _ in range(500):
        if found():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("not within 5 s")


def follow_ups(fake: FakeDiscord) -> list[int | None]:
    return [c.status for c in fake.calls if c.method == "POST" and c.path.startswith(
        "/webhooks/")]


async def test_a_follow_up_lost_to_the_network_is_sent_again(
        bot: tuple[SocialopsBot, Recorder, list[float]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, caplog: pytest.LogCaptureFixture) -> None:
    client, recorder, waited = bot
    mid = await post_card(fake, ws_config, client)
    fake.drop("POST", FOLLOW_UP, times=2)
    with caplog.at_level(logging.INFO):
        await click(fake, mid, "socialops:claim:T-12")
        await until(lambda: 200 in follow_ups(fake) or any(r.exc_info for r in caplog.records))
    assert not [r.getMessage() for r in caplog.records if r.exc_info]
    assert follow_ups(fake) == [0, 0, 200]  # two lost, the third answered
    assert waited == [2.0, 4.0]
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")]


async def test_a_follow_up_never_delivered_is_one_warning_line(
        bot: tuple[SocialopsBot, Recorder, list[float]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, caplog: pytest.LogCaptureFixture) -> None:
    client, recorder, waited = bot
    mid = await post_card(fake, ws_config, client)
    fake.drop("POST", FOLLOW_UP, times=100)
    with caplog.at_level(logging.INFO):
        await click(fake, mid, "socialops:claim:T-12")
        await until(lambda: any("follow-up" in r.getMessage() or r.exc_info
                                for r in caplog.records))
        await asyncio.sleep(0.05)  # anything it would log after that line
    lines: list[Any] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and not lines[0].exc_info, [r.getMessage() for r in lines]
    assert "follow-up" in lines[0].getMessage() and "\n" not in lines[0].getMessage()
    assert follow_ups(fake) == [0] * 5 and len(waited) == 4  # five tries, no more
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")]


async def test_an_answer_lost_to_the_network_is_one_warning_line(
        bot: tuple[SocialopsBot, Recorder, list[float]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, caplog: pytest.LogCaptureFixture) -> None:
    """An interaction's own answer (the callback) lost so: a button none of ours carries,
    acknowledged without a change, raised out of ``on_interaction`` with discord.py's
    traceback too; so did a command's or an autocomplete's answer."""
    client, recorder, _ = bot
    mid = await post_card(fake, ws_config, client)
    fake.messages[mid]["components"][0]["components"][0]["custom_id"] = (
        "socialops:frobnicate:T-12")  # an older version's card
    fake.drop("POST", r"/callback$")
    with caplog.at_level(logging.INFO):
        await click(fake, mid, "socialops:frobnicate:T-12")
        await until(lambda: any("could not answer" in r.getMessage() or r.exc_info
                                for r in caplog.records))
    lines: list[Any] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and not lines[0].exc_info, [r.getMessage() for r in lines]
    assert "\n" not in lines[0].getMessage()
    assert recorder.seen == []


@pytest.mark.parametrize("retry_after", [0.3, None])  # a route's short wait; the real global
async def test_a_rate_limited_follow_up_waits_a_short_limit_and_gives_up_a_long_one(
        bot: tuple[SocialopsBot, Recorder, list[float]], fake: FakeDiscord,
        ws_config: DiscordWorkspaceConfig, caplog: pytest.LogCaptureFixture,
        retry_after: float | None) -> None:
    """A third review of the Discord paths (2026-12-07): discord.py's webhook adapter slept
    out any 429 on a follow-up, however long its ``retry_after`` (the real global one,
    error_429_global_rate_limit.json, asks 64.57 s; a global limit of minutes held the
    answer, and five tries of it held it past the token's 15 minutes), where the HTTP
    endpoint waits at most 60 s. Now both send it alike: a short wait is waited (on the
    bot's clock), a long one is one WARNING line saying so, not tried again."""
    client, recorder, waited = bot
    mid = await post_card(fake, ws_config, client)
    fake.script_429("POST", FOLLOW_UP, global_=retry_after is None, retry_after=retry_after)
    with caplog.at_level(logging.INFO):
        await click(fake, mid, "socialops:claim:T-12")
        await until(lambda: 200 in follow_ups(fake) or any(
            "follow-up" in r.getMessage() or r.exc_info for r in caplog.records))
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
             and r.name.startswith("integrations")]
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")]
    if retry_after is not None:
        assert (follow_ups(fake), waited, lines) == ([429, 200], [0.3], [])
    else:
        assert (follow_ups(fake), waited) == ([429], [])
        assert len(lines) == 1 and "rate limited" in lines[0] and "65 s" in lines[0], lines
