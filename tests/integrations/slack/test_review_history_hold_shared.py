"""``conversations.history`` is limited per method and workspace: the outbox's ``find()`` (a
card looked for after a crash) and the reactions' card reads spend the same limit. A 429's
``Retry-After`` held only the reactions' reads (the app's own hold): ``find()`` called the
method at once, and a reaction after ``find()``'s 429 did too. The app is built as ``socialops
run`` builds it (``bot.app.chat.build_chat``, on the outbox's own workspace), served over HTTP
with signed requests, on the local Slack. A Retry-After longer than a reaction waits inside an
event (30 s) keeps both sides from sleeping: nothing is waited or timed."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp
import pytest

from bot.app.chat import Chat, build_chat
from bot.core.config import SlackWorkspaceConfig
from bot.core.errors import RateLimited
from integrations.slack.workspace import SlackWorkspace
from tests.integrations.slack.served import RecordingHandler, Served, posted_ticket, reaction
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import on_loopback

LONG = 40  # seconds of Retry-After: past what a reaction waits inside an event


def chat_on(config: SlackWorkspaceConfig, outbox_ws: SlackWorkspace,
            handler: RecordingHandler) -> Chat:
    """The Slack app as ``socialops run`` builds it beside the outbox's ``outbox_ws``."""
    chat = build_chat(config, outbox_ws, handler=handler,
                      identity=lambda ws, user: f"person-{user}",
                      mark_seen=None,  # type: ignore[arg-type]  # the app's own memory
                      clock=lambda: datetime.now(UTC))
    assert chat is not None
    return chat


async def test_find_waits_out_the_retry_after_a_reaction_read_was_given(
        slack_config: SlackWorkspaceConfig, fake_slack: FakeSlack) -> None:
    outbox_ws = SlackWorkspace(slack_config)  # the outbox's, as compose builds it
    handler = RecordingHandler()
    chat = chat_on(slack_config, outbox_ws, handler)
    ts = await posted_ticket(outbox_ws)
    async with on_loopback({**chat.routes, **chat.fallback}) as base, \
            aiohttp.ClientSession() as session:
        served = Served(None, handler, base, session)  # type: ignore[arg-type]
        fake_slack.fail(times=1, method="conversations.history", status=429, retry_after=LONG)
        status, _ = await served.event(reaction("eyes", ts))
        assert status == 200
        await fake_slack.wait_for("conversations.history")
        await chat.close()  # the reaction's work done (not acted on: its read was refused)
    with pytest.raises(RateLimited) as held:
        await outbox_ws.find("C111", "T-5")
    assert 0 < held.value.retry_after <= LONG
    assert len(fake_slack.calls_to("conversations.history")) == 1  # find() did not call it


async def test_a_reaction_read_waits_out_the_retry_after_find_was_given(
        slack_config: SlackWorkspaceConfig, fake_slack: FakeSlack) -> None:
    outbox_ws = SlackWorkspace(slack_config)
    handler = RecordingHandler()
    chat = chat_on(slack_config, outbox_ws, handler)
    ts = await posted_ticket(outbox_ws)
    fake_slack.fail(times=1, method="conversations.history", status=429, retry_after=LONG)
    with pytest.raises(RateLimited):
        await outbox_ws.find("C111", "T-5")
    async with on_loopback({**chat.routes, **chat.fallback}) as base, \
            aiohttp.ClientSession() as session:
        served = Served(None, handler, base, session)  # type: ignore[arg-type]
        status, _ = await served.event(reaction("eyes", ts))
        assert status == 200
        await chat.close()
    assert len(fake_slack.calls_to("conversations.history")) == 1  # the reaction did not call
    assert handler.seen == []  # not acted on: left for Slack's redelivery
