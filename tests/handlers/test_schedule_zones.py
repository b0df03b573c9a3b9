"""Whose clock a scheduled time is read on: the workspace it is typed in, UTC when that one has
no ``timezone:`` (docs/workflows.md, Scheduled publishing), on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.config import ApprovalsConfig, ChannelConfig, PersonConfig
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.identity import Directory
from tests.conftest import FakeClock


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
def approvals(store: Store, clock: FakeClock) -> ApprovalService:
    """The approvals channel is in Slack, on Berlin's clock; Discord has no zone."""
    return ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice")]),
        config=ApprovalsConfig(channel="approvals"),
        channels={"approvals": ChannelConfig(workspace="slack", id="C1")},
        publishers={}, zones={"slack": "Europe/Berlin"})


async def test_a_workspace_without_a_zone_reads_times_in_utc(
        approvals: ApprovalService) -> None:
    """`tomorrow 9am` typed in Discord was read on Berlin's clock, the approvals channel's
    workspace's, and shown there, while Discord's cards show UTC alone."""
    # the clock: Monday 2026-11-23 09:00 UTC
    assert approvals.when("tomorrow 9am", "discord") == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert approvals.shown(datetime(2026, 11, 24, 9, 0, tzinfo=UTC), "discord") == \
        "2026-11-24 09:00 UTC"
    # where a zone is configured, and for the command line (no workspace): the approvals
    # channel's workspace's clock, as before
    assert approvals.when("tomorrow 9am", "slack") == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert approvals.when("tomorrow 9am") == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
