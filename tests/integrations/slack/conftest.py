from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core.config import SlackWorkspaceConfig
from integrations.slack.app import build_slack_app
from integrations.slack.workspace import SlackWorkspace
from tests.integrations.slack.served import SIGNING_SECRET, RecordingHandler, Served, serving
from tests.support.fake_slack import FakeSlack

__all__ = ["SIGNING_SECRET"]


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as slack:
        yield slack


@pytest.fixture
def slack_config(fake_slack: FakeSlack) -> SlackWorkspaceConfig:
    return SlackWorkspaceConfig(
        type="slack",
        name="acme",
        bot_token=fake_slack.token,
        signing_secret=SIGNING_SECRET,
        api_url=fake_slack.api_url,
    )


@pytest.fixture
def slack_ws(slack_config: SlackWorkspaceConfig) -> SlackWorkspace:
    return SlackWorkspace(slack_config)


@pytest.fixture
def linked() -> set[str]:
    """The Slack users linked to a person (override with a parametrize)."""
    return {"W111"}


@pytest.fixture
async def served(
    request: pytest.FixtureRequest, fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig,
    linked: set[str]
) -> AsyncIterator[Served]:
    """The app with a recording handler, answering signed requests on a loopback port, once
    auth.test has answered, as ``socialops run`` asks it at start (``warm``). A request sent
    before waits for it itself, at most 2 s of wall-clock time (Slack's 3 s for the ack): on a
    loaded machine the local Slack answered late, the first request was answered 503 and a
    test failed now and then. The local Slack's calls a test reads are those after that start
    (a refused request must call Slack for nothing, auth.test included). A test of that first
    wait is marked ``first_auth`` and gets the app unwarmed."""
    handler = RecordingHandler()

    def identity(workspace: str, user: str) -> str | None:
        return f"person-{user}" if workspace == "acme" and user in linked else None

    bot = build_slack_app(slack_config, handler=handler, identity=identity)
    async with serving(bot, handler) as app:
        if request.node.get_closest_marker("first_auth") is None:
            await bot.warm()
            fake_slack.calls.clear()
        yield app
