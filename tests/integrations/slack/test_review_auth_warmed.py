"""Which workspace a request may come from is ``auth.test``'s answer, and a request waits for
it before its ack (up to 2 s of Slack's 3). Nothing asked it before the first request
arrived, so the first click, command or modal after a start paid that wait, the modal's own
work having only what was left. ``socialops run`` now asks it as the chat connections open
(``Chat.warm``, started by ``bot.app.serve``), in the background: the first request finds it
answered. Slack unreachable then does not stop the start: one WARNING line, and the request
path asks again. Through the start's own ``_connect_chat``, bolt's request path, signed
requests and the local Slack."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.app.chat import build_chat
from bot.app.serve import _connect_chat, check_chat_tokens
from bot.core.config import SlackWorkspaceConfig, load_config
from integrations.slack.workspace import SlackWorkspace
from integrations.webhook import wall_clock
from tests.integrations.slack.served import RecordingHandler, Served
from tests.integrations.slack.test_review_response_url import slash
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import on_loopback

# a bound on a failing test (auth.test never asked), not a time asserted
HANG = 10.0


@asynccontextmanager
async def started(
        config: SlackWorkspaceConfig) -> AsyncIterator[tuple[Served, list[asyncio.Future[None]]]]:
    """The Slack chat as ``socialops run`` starts it (``_connect_chat``, its extra tasks
    running: an HTTP-mode workspace's one is the warm-up), its routes answering on a loopback
    port."""
    seen: set[str] = set()

    async def mark_seen(key: str, ttl: int) -> bool:
        first = key not in seen
        seen.add(key)
        return first

    handler = RecordingHandler()
    chat = build_chat(config, SlackWorkspace(config), handler=handler,
                      identity=lambda w, u: f"person-{u}", mark_seen=mark_seen,
                      clock=wall_clock)
    assert chat is not None
    extra: list[object] = []
    routes = await _connect_chat([chat], extra, stop=asyncio.Event(),  # type: ignore[arg-type]
                                 refused=[], redact=str)
    tasks = [asyncio.ensure_future(c) for c in extra]  # type: ignore[arg-type]
    try:
        async with on_loopback(routes) as base, aiohttp.ClientSession() as session:
            yield Served(None, handler, base, session), tasks  # type: ignore[arg-type]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await chat.close()


async def test_auth_test_is_asked_at_start_and_the_first_request_does_not_wait_for_it(
        slack_config: SlackWorkspaceConfig, fake_slack: FakeSlack) -> None:
    async with started(slack_config) as (served, tasks):
        await fake_slack.wait_for("auth.test", timeout=HANG)  # before any request
        await asyncio.wait_for(asyncio.gather(*tasks), HANG)  # the warm-up, answered
        # Slack holds any further auth.test: a request that asked it would wait, then 503
        gate = fake_slack.held_methods["auth.test"] = asyncio.Event()
        try:
            status, _ = await asyncio.wait_for(
                served.command(slash(fake_slack, "tickets", rid="r1")), HANG)
        finally:
            gate.set()
        assert status == 200
        await served.handler.arrived.wait()
    assert [i.action for i in served.handler.seen] == ["tickets"]
    assert len(fake_slack.calls_to("auth.test")) == 1


async def test_slack_unreachable_at_the_warm_up_is_a_debug_line_and_the_request_asks_again(
        slack_config: SlackWorkspaceConfig, fake_slack: FakeSlack,
        caplog: pytest.LogCaptureFixture) -> None:
    """The start's token check says an unreachable Slack at WARNING (the test below): the
    warm-up's failure is one DEBUG line."""
    fake_slack.fail(times=1, method="auth.test", error="internal_error")
    with caplog.at_level(logging.DEBUG, logger="integrations.slack.app"):
        async with started(slack_config) as (served, tasks):
            await fake_slack.wait_for("auth.test", timeout=HANG)
            assert tasks  # the warm-up: it ends once Slack answered, and the start goes on
            await asyncio.wait_for(asyncio.gather(*tasks), HANG)
            lines = [r.getMessage() for r in caplog.records
                     if r.name == "integrations.slack.app" and "auth.test" in r.getMessage()]
            assert len(lines) == 1 and "at start failed" in lines[0], lines
            assert "\n" not in lines[0]
            assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
            status, _ = await served.command(slash(fake_slack, "tickets", rid="r1"))
            assert status == 200
            await served.handler.arrived.wait()
    assert len(fake_slack.calls_to("auth.test")) == 2  # asked again by the request


async def test_slack_down_at_start_is_said_in_one_warning_line_not_two(
        tmp_path: Path, slack_config: SlackWorkspaceConfig, fake_slack: FakeSlack,
        caplog: pytest.LogCaptureFixture) -> None:
    """``socialops run`` asks ``auth.test`` twice as it starts: the token check (which says a
    Slack it cannot reach in one WARNING line) and, moments later, the warm-up. With Slack
    down both failed, and each said so at WARNING: two lines of the same outage. The start's
    line says it, with what follows for an HTTP-mode workspace (the first request asks again:
    there is no connection to retry); the warm-up's failure is a DEBUG line."""
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
workspaces:
  - {{name: acme, type: slack, mode: http, bot_token: {fake_slack.token}, signing_secret: s,
     api_url: "{fake_slack.api_url}"}}
http: {{port: 8080}}
""", encoding="utf-8")
    fake_slack.fail(times=2, method="auth.test", status=500, error="internal_error")
    with caplog.at_level(logging.WARNING):
        await check_chat_tokens(load_config(path, env={}), connects=True)
        async with started(slack_config) as (_, tasks):
            await asyncio.wait_for(asyncio.gather(*tasks), HANG)  # the warm-up, failed
    assert len(fake_slack.calls_to("auth.test")) == 2
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert lines == [
        f"{path}:2: workspaces[0].bot_token: auth.test failed (internal_error), which says "
        "nothing of the token: Slack's own trouble (status.slack.com); starting anyway, and "
        "the first request Slack sends asks auth.test again, waiting up to 2 s before its "
        "ack"], lines
