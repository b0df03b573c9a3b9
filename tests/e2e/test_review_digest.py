"""Digests as a marketing lead reads them, through the real pipeline, store, timers, outbox and
the local Slack, with the optional summary endpoint a local OpenAI-compatible server.

- An endpoint answering ``"content": null`` (what the OpenAI schema allows, and what a
  reasoning model served by vLLM, mlx-lm or Rapid-MLX sends when ``max_tokens`` ends inside
  its thinking: openai/openai-openapi#140, ml-explore/mlx-lm#1739, raullenchai/Rapid-MLX#858)
  showed the word "None" as the digest's generated summary.
- A window of more posts than the card shows said only the total in its title: the card now
  says how many of them it leaves out.
- The generated sentence was asked of the window's first 30 posts only: a daily digest whose
  afternoon outage came after a quiet morning was summarised from the morning.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from integrations.llm.endpoint import ChatClient, DigestWriter
from tests.conftest import FakeClock
from tests.e2e.world import OPS, SALES, World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

PATH = "/v1/chat/completions"

DIGEST_RULES = """
brands:
  acme: [acme]
routes:
  - name: dev-digest
    match: {brand: [acme]}
    action: digest
    channel: sales
    interval: 1h
"""


class Thinker:
    """A reasoning model whose thinking used up ``max_tokens``: HTTP 200, no answer."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.bodies.append(await request.json())
        return web.json_response({"id": "x", "object": "chat.completion", "choices": [
            {"index": 0, "message": {"role": "assistant", "content": None,
                                     "reasoning_content": "Let me think about these posts"},
             "finish_reason": "length"}]})


@pytest.fixture
async def thinker() -> AsyncIterator[tuple[NetServer, Thinker]]:
    model = Thinker()
    async with NetServer() as net:
        net.handler("POST", PATH, model.handle)
        yield net, model


def digests(world: World) -> list[str]:
    return [json.dumps(m, ensure_ascii=False) for m in world.posts(SALES)
            if "Digest for" in json.dumps(m, ensure_ascii=False)]


async def test_a_null_answer_leaves_the_digest_without_a_generated_line(
        tmp_path: Path, clock: FakeClock, thinker: tuple[NetServer, Thinker]) -> None:
    net, model = thinker
    extra = f'digest_summary: {{url: "{net.url(PATH)}", model: local, timeout: 2}}\n'
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=DIGEST_RULES,
                            extra=extra).start()
        try:
            await world.mention("acme login is down for me", n=1)
            await world.mention("acme login fails again", n=2, handle="ola")
            clock.advance(hours=1, minutes=1)
            await world.timers()
            shown = digests(world)
            assert len(shown) == 1 and model.bodies, shown
            assert "Summary (generated)" not in shown[0], shown[0]
            assert '"None"' not in shown[0] and "None" not in shown[0], shown[0]
        finally:
            await world.stop()


async def test_a_window_of_more_posts_than_shown_says_how_many_are_left_out(
        tmp_path: Path, clock: FakeClock) -> None:
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=DIGEST_RULES).start()
        try:
            for n in range(1, 8):
                await world.mention(f"acme checkout outage number {n}", n=n, handle=f"user{n}")
            clock.advance(hours=1, minutes=1)
            await world.timers()
            shown = digests(world)
            assert len(shown) == 1, shown
            assert "7 mentions" in shown[0]
            assert "4 more not shown" in shown[0], shown[0]
        finally:
            await world.stop()


async def test_the_generated_sentence_is_asked_of_the_whole_window() -> None:
    """40 quiet-morning posts, then 400 about an outage: what the model is sent is mostly the
    outage, and it is told how many posts the window holds."""
    seen: list[dict[str, Any]] = []

    async def completions(request: web.Request) -> web.Response:
        seen.append(await request.json())
        return web.json_response({"choices": [{"message": {
            "role": "assistant", "content": "Customers report a checkout outage."}}]})

    posts = ([f"acme newsletter looks nice {n}" for n in range(40)]
             + [f"acme checkout outage, card declined {n}" for n in range(400)])
    async with NetServer() as net, httpx.AsyncClient() as client:
        net.handler("POST", PATH, completions)
        text = await DigestWriter(ChatClient(net.url(PATH), "local"), client).write(posts)
    assert text == "Customers report a checkout outage."
    sent = seen[0]["messages"][1]["content"]
    lines = sent.splitlines()
    outage = sum("checkout outage" in line for line in lines)
    morning = sum("newsletter" in line for line in lines)
    assert outage > morning * 5, (outage, morning)
    assert "440" in seen[0]["messages"][0]["content"] + sent


DAILY_RULES = DIGEST_RULES.replace("interval: 1h", "interval: 1d")


@pytest.mark.parametrize(("day", "local_nine_utc"), [
    ("2026-11-23", 8),  # CET, UTC+1
    ("2027-04-12", 7),  # CEST, UTC+2: the same 09:00 in Warsaw after the clocks went forward
])
async def test_a_daily_digest_comes_at_its_time_on_the_workspaces_clock(
        tmp_path: Path, clock: FakeClock, day: str, local_nine_utc: int) -> None:
    """A workspace on Warsaw's clock (``workspaces[].timezone``) and no ``digests.timezone``:
    its daily digest comes at 09:00 in Warsaw, winter and summer. It came at 09:00 UTC, 10:00
    or 11:00 there depending on the season."""
    from datetime import UTC, datetime, timedelta
    clock.now = datetime.fromisoformat(f"{day}T12:00:00").replace(tzinfo=UTC)
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=DAILY_RULES,
                            zone="Europe/Warsaw").start()
        try:
            await world.mention("acme checkout outage", n=1)
            next_day = clock.now.replace(hour=local_nine_utc, minute=0) + timedelta(days=1)
            clock.advance(seconds=(next_day - clock.now).total_seconds() - 60)
            await world.timers()
            assert digests(world) == []  # not before its time
            clock.advance(minutes=2)
            await world.timers()
            assert len(digests(world)) == 1
        finally:
            await world.stop()


async def test_an_hourly_digest_to_a_channel_the_bot_left_is_not_announced_all_day(
        tmp_path: Path, clock: FakeClock) -> None:
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=DIGEST_RULES,
                            extra="ops_channel: ops\n").start()
        try:
            slack.outside_channels.add(SALES)  # the bot removed from #sales
            for h in range(24):
                await world.mention(f"acme checkout outage {h}", n=h + 1, handle=f"u{h}")
                clock.advance(hours=1)
                await world.timers()
                await world.a.outbox.drain()
            tried = sum(1 for c in slack.calls
                        if c.method == "chat.postMessage" and c.args.get("channel") == SALES)
            assert tried == 24  # each window's digest tried once, given up, not retried
            # one incident (the channel, not_in_channel): one notice, edited with the count;
            # before 2026-12-06, grouped per clock hour, 24
            shown = [json.dumps(m) for m in world.posts(OPS)]
            assert len(shown) == 1, shown
            assert "24 cards to" in shown[0] and "given up since" in shown[0], shown[0]
        finally:
            await world.stop()
