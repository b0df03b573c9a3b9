"""The app uninstalled from the workspace (or its bot token revoked) while the bot runs: Slack
says so at once with ``app_uninstalled`` and ``tokens_revoked``, events that need no scope. The
manifest subscribed to neither, so the bot heard of it only at its next card (a refusal of the
token, maybe hours later on a quiet day), and an app that subscribed got them answered and
dropped at DEBUG. Both are now in the manifest, and each is one ERROR line saying what to do;
a ``tokens_revoked`` of people's tokens alone (the bot has none) says nothing. Through bolt's
request path, signed, on the local Slack."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest
import yaml

from tests.integrations.slack.served import Served, fixture
from tests.integrations.slack.test_manifest import MANIFEST
from tests.support.fake_slack import FakeSlack

SAID = ("slack acme: Slack says this app was uninstalled from the workspace or its bot token "
        "revoked ({why}): no card is posted and nothing Slack sends reaches the bot until "
        "then; install the app again (https://api.slack.com/apps, Install App), put its new "
        "Bot User OAuth Token (xoxb-...) where bot_token reads it and restart socialops")


def event(inner: dict[str, Any], event_id: str) -> dict[str, Any]:
    body = fixture("event_reaction_added.json")
    body["event"] = {**inner, "event_ts": "1599616881.000800"}
    body["event_id"] = event_id
    body.pop("authed_users", None)
    return body


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def said(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The ERROR lines once there is one (a listener runs after its ack); a bound on a failing
    test, not a time asserted."""
    for _ in range(1000):
        if errors(caplog):
            break
        await asyncio.sleep(0.01)
    return errors(caplog)


async def test_app_uninstalled_is_one_error_line_saying_what_to_do(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        status, _ = await served.event(event({"type": "app_uninstalled"}, "EvGone"))
        assert status == 200
        assert await said(caplog) == [SAID.format(why="app_uninstalled")]
        # Slack's retry of it (the same event_id, a new signature) is not said again
        assert (await served.event(event({"type": "app_uninstalled"}, "EvGone"),
                                   timestamp=int(time.time()) + 1,
                                   extra={"X-Slack-Retry-Num": "1"}))[0] == 200
        await served.bot.stop()
    assert errors(caplog) == [SAID.format(why="app_uninstalled")]
    assert served.handler.seen == [] and served.bot.skipped == 0


async def test_the_bot_token_revoked_is_said_and_people_s_tokens_alone_are_not(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        people = event({"type": "tokens_revoked", "tokens": {"oauth": ["W111"]}}, "EvPeople")
        assert (await served.event(people))[0] == 200
        bot = event({"type": "tokens_revoked", "tokens": {"oauth": ["W111"], "bot": ["U0BOT"]}},
                    "EvBot")
        assert (await served.event(bot))[0] == 200
        # the people's one came first and said nothing at ERROR
        assert await said(caplog) == [SAID.format(why="tokens_revoked")]
        await served.bot.stop()
    assert errors(caplog) == [SAID.format(why="tokens_revoked")]
    assert served.bot.skipped == 0


def test_the_manifest_subscribes_to_both() -> None:
    events = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))["settings"][
        "event_subscriptions"]["bot_events"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)
