"""A graceful stop (SIGTERM on a deploy, Ctrl-C) while a button's work is under way: Slack was
answered (the 3 s ack) before the work ran, so the person's click is known to Slack as taken.
Closing the chat must wait for that acknowledged work, as the Discord HTTP endpoint's close
does (``HttpInteractions.close`` drains), or the process exits under it: the click is lost and
its answer never comes (signed requests through bolt's HTTP path, the local Slack)."""

from __future__ import annotations

import asyncio

from bot.core.cards import Reply
from tests.integrations.slack.served import Served
from tests.integrations.slack.test_app_inbound import click
from tests.support.fake_slack import FakeSlack


async def test_stop_waits_for_a_click_already_acknowledged(
        served: Served, fake_slack: FakeSlack) -> None:
    served.handler.reply = Reply(text="T-2 is already resolved", ok=False)
    gate = served.handler.gate = asyncio.Event()
    status, _ = await served.interactive(click(fake_slack, "socialops:resolve", "T-2"))
    assert status == 200  # acknowledged: Slack shows the click as taken
    await served.handler.arrived.wait()  # the work is under way
    stopping = asyncio.create_task(served.bot.stop())
    await asyncio.sleep(0)
    gate.set()  # the work goes on to its end while the chat closes
    await stopping
    assert [c.args["text"] for c in fake_slack.calls_to("response")] == [
        "T-2 is already resolved"], "the chat closed under acknowledged work: its answer lost"
