"""``--log-level DEBUG`` shows the libraries' lines, as the README and operations.md say it does
(httpx's request lines, slack_sdk's calls, APScheduler's wake-ups), with what would be a secret
in them redacted; INFO keeps them out. Until 2026-12-01 setup_logging held them at WARNING
whatever the level (``max(WARNING, DEBUG)``), so DEBUG showed none of them."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from slack_sdk.web.async_client import AsyncWebClient

from bot.app.logs import Redactor, setup_logging
from integrations.social.common.capped import capped_client
from tests.support.fake_slack import FakeSlack

INTERACTION = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpzZWNyZXQ"  # a Discord interaction token's shape


@pytest.fixture
def restore() -> Iterator[None]:
    yield
    setup_logging(level="WARNING")


async def lines_at(level: str, slack: FakeSlack) -> str:
    stream = io.StringIO()
    setup_logging(level=level, stream=stream, secrets=["discord-bot-secret"])
    async with capped_client() as http:
        base = slack.api_url.removesuffix("/api/")
        await http.get(f"{base}/api/v1/streaming?stream=user&access_token=mastodon-secret-1")
        await http.post(f"{base}/webhooks/1234567890/{INTERACTION}", json={"content": "hi"})
        await http.post(f"{base}/api/oauth?client_id=7&client_secret=reddit-secret-2&code=x")
    web = AsyncWebClient(token=slack.token, base_url=slack.api_url)
    await web.chat_postMessage(channel="CSUPPORT", text="hello")
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_job(lambda: None, "interval", seconds=0.05, next_run_time=datetime.now(UTC))
    scheduler.start()
    await asyncio.sleep(0.15)
    scheduler.shutdown(wait=False)
    return stream.getvalue()


async def test_debug_shows_the_libraries_lines_redacted(slack: FakeSlack, restore: None) -> None:
    out = await lines_at("DEBUG", slack)
    assert "DEBUG   apscheduler" in out, out
    assert "httpx: HTTP Request: GET http://127.0.0.1" in out, out
    assert "access_token=[REDACTED]" in out and "/webhooks/1234567890/[REDACTED]" in out, out
    assert "client_secret=[REDACTED]&code=x" in out, out
    assert "slack_sdk" in out and "chat.postMessage" in out, out
    for secret in ("mastodon-secret-1", INTERACTION, "reddit-secret-2", slack.token):
        assert secret not in out, secret
    # httpcore logs each response's headers (cookies too): kept out even at DEBUG
    assert "httpcore" not in out and "receive_response_headers" not in out


async def test_info_keeps_them_out(slack: FakeSlack, restore: None) -> None:
    out = await lines_at("INFO", slack)
    assert "apscheduler" not in out and "httpx" not in out and "slack_sdk" not in out, out
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING


@pytest.mark.parametrize("line", [
    "workspaces[0].bot_token: Slack refused the token (invalid_auth); copy the Bot User OAuth",
    "ticket T-3 claimed by alice; {'ticket': 'T-3'}",
    "basic authentication refused by https://example.com/feed.xml?page=2",
    "polled mastodon-acme: 12 new, 3 duplicates, 2 routed",
    "signature check: stale_timestamp",
])
def test_our_own_lines_are_left_as_they_are(line: str) -> None:
    assert Redactor().redact(line) == line


@pytest.mark.parametrize(("line", "kept"), [
    ('{"token": "verification-abc", "team_id": "T1"}', '{"token": "[REDACTED]", "team_id": "T1"}'),
    ("token=legacy-abc&team_id=T1&command=%2Fsocialops",
     "token=[REDACTED]&team_id=T1&command=%2Fsocialops"),
    ("url: wss://wss-primary.slack.com/link/?ticket=abc-123&app_id=A1",
     "url: wss://wss-primary.slack.com/link/?ticket=[REDACTED]&app_id=A1"),
    ("POST https://hooks.slack.com/actions/T1/123/secretpart",
     "POST https://hooks.slack.com/actions/[REDACTED]"),
    # GovSlack's response_url (a workspace whose api_url is slack-gov.com) was printed whole
    ("POST https://hooks.slack-gov.com/commands/T1/123/secretpart",
     "POST https://hooks.slack-gov.com/commands/[REDACTED]"),
    ("POST https://hooks.slack.com/services/T1/B2/secretpart",
     "POST https://hooks.slack.com/services/[REDACTED]"),
    ("POST https://discord.com/api/v10/interactions/123/tok.en-x/callback",
     "POST https://discord.com/api/v10/interactions/123/[REDACTED]/callback"),
    ("headers: {'Authorization': 'Basic dXNlcjpwYXNz'}",
     "headers: {'Authorization': 'Basic [REDACTED]'}"),
])
def test_what_the_libraries_log_is_redacted(line: str, kept: str) -> None:
    assert Redactor().redact(line) == kept
