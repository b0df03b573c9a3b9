"""Hostile and malformed inbound Slack traffic through bolt's request path (correctly signed
requests to the app on a loopback port, Web API calls landing on the local Slack): each ends
in the answer Slack expects, at most one log line and no traceback, a counted skip, and
nothing run."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.integrations.slack.served import Served
from tests.integrations.slack.test_app_inbound import click
from tests.support.fake_slack import FakeSlack


def _problems(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


async def _counted(served: Served, count: int = 1) -> None:
    """The skip happens after the ack; yield until it is counted."""
    for _ in range(100):
        if served.bot.skipped >= count:
            return
        await asyncio.sleep(0)


# -- buttons ------------------------------------------------------------------------------


async def test_a_button_no_card_has_is_acknowledged_and_skipped(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    """`socialops:frobnicate` reached the handler, which refused it and wrote the refusal to
    the audit log."""
    status, _ = await served.interactive(click(fake_slack, "socialops:frobnicate", "T-1"))
    assert status == 200
    await _counted(served)
    assert served.bot.skipped == 1 and served.handler.seen == []
    assert len(caplog.records) <= 1 and all(r.exc_info is None for r in caplog.records)
    await served.interactive(click(fake_slack, "socialops:claim", "T-9"))
    await served.handler.arrived.wait()
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-9")]
