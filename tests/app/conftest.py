"""Local Slack and Discord servers speaking each platform's wire format, for the tests that
start the bot or check its tokens against them; and ``cli``, the `socialops` command run in the
test's process."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator

import pytest

from tests.app.cli_support import Cli, ran
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
async def discord() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token="discord-bot-token") as server:
        yield server


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """``socialops(*args, cwd=..., env=...)``'s result from ``ran``: the same ``main`` in this
    process (``run``, ``demo`` and the command's own mistakes through the installed command)."""
    return functools.partial(ran, monkeypatch=monkeypatch, capsys=capsys)
