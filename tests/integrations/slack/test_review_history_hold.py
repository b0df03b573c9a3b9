"""A reaction reads its card back with ``conversations.history`` (Tier 3, per method and
workspace). When Slack answers one read 429, every read of that method waits out its
``Retry-After``: the reactions arriving meanwhile called it at once (a burst of 👀 spent the
method's limit again, Slack answering each 429 and the outbox's look for a card after a crash
meeting them too). Through bolt's request path, signed, on the local Slack; the bot's sleep
is the test's gate, so no time is waited or asserted."""

from __future__ import annotations

import asyncio

from bot.core.config import SlackWorkspaceConfig
from integrations.slack.app import build_slack_app
from tests.integrations.slack.served import RecordingHandler, posted_ticket, reaction, serving
from tests.support.fake_slack import FakeSlack

HANG = 10.0  # a bound on a failing test, not a time asserted


async def test_a_read_waits_out_the_retry_after_another_read_was_given(
        slack_config: SlackWorkspaceConfig, fake_slack: FakeSlack) -> None:
    slept: list[float] = []
    release = asyncio.Event()

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        await release.wait()

    handler = RecordingHandler()
    bot = build_slack_app(slack_config, handler=handler, sleep=sleep,
                          identity=lambda ws, user: f"person-{user}")
    async with serving(bot, handler) as served:
        ts = await posted_ticket(bot.workspace)
        fake_slack.fail(times=1, method="conversations.history", status=429, retry_after=20)
        await served.event(reaction("eyes", ts, event_id="Ev1"))
        await fake_slack.wait_for("conversations.history")

        async def waiting(count: int) -> None:
            while len(slept) < count:
                await asyncio.sleep(0.01)

        await asyncio.wait_for(waiting(1), HANG)  # the first read, told to wait 20 s
        await served.event(reaction("eyes", ts, event_id="Ev2"))
        reads = asyncio.ensure_future(fake_slack.wait_for("conversations.history", count=2))
        second = asyncio.ensure_future(waiting(2))
        await asyncio.wait({reads, second}, timeout=HANG, return_when=asyncio.FIRST_COMPLETED)
        reads.cancel()
        assert second.done(), "the second reaction read during the first one's Retry-After"
        assert len(fake_slack.calls_to("conversations.history")) == 1
        assert 0 < slept[0] <= 20 and 0 < slept[1] <= 20

        release.set()
        for _ in range(1000):
            if len(handler.seen) == 2:
                break
            await asyncio.sleep(0.01)
        await bot.stop()
    assert [(i.action, i.target) for i in handler.seen] == [("claim", "T-5")] * 2
