from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core.config import SlackWorkspaceConfig
from integrations.slack.workspace import SlackWorkspace
from tests.support.fake_slack import FakeSlack

SIGNING_SECRET = "test-signing-secret"


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
