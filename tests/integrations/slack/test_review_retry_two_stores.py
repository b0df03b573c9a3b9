"""Slack's retry of a reaction event (X-Slack-Retry-Num, the same event_id under a new
signature) reaching another process of the deployment while the first is acting on it is
dropped there: the two processes each open the store themselves, on one SQLite file and on a
real redis-server (test_app_reactions.py's two apps shared one Store object). Through bolt's
request path, signed, on the local Slack."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.config import SlackWorkspaceConfig, StoreConfig
from bot.core.ports import Store
from bot.store import open_store
from integrations.slack.app import build_slack_app
from tests.integrations.slack.served import (
    RecordingHandler,
    Served,
    posted_ticket,
    reaction,
    serving,
)
from tests.integrations.slack.test_app_reactions import RETRY, arrived
from tests.support.clock import FakeClock
from tests.support.fake_slack import FakeSlack

HANG = 10.0  # a bound on a failing test, not a time asserted


@pytest.fixture(params=["sqlite", "redis"])
async def stores(request: pytest.FixtureRequest, tmp_path: Path,
                 clock: FakeClock) -> AsyncIterator[tuple[Store, Store]]:
    """One deployment's store, opened by each of two processes."""
    if request.param == "sqlite":
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    one = await open_store(cfg, redis_url=url, clock=clock)
    two = await open_store(cfg, redis_url=url, clock=clock)
    try:
        yield one, two
    finally:
        await two.close()
        await one.close()


@pytest.fixture
async def processes(slack_config: SlackWorkspaceConfig, stores: tuple[Store, Store]
                    ) -> AsyncIterator[tuple[Served, Served]]:
    handlers = RecordingHandler(), RecordingHandler()
    bots = [build_slack_app(slack_config, handler=h, identity=lambda w, u: f"person-{u}",
                            mark_seen=s.mark_seen, forget_seen=s.forget_seen, is_seen=s.is_seen)
            for h, s in zip(handlers, stores, strict=True)]
    async with serving(bots[0], handlers[0]) as one, serving(bots[1], handlers[1]) as two:
        yield one, two


async def test_a_retry_reaching_another_process_mid_act_is_dropped_there(
        processes: tuple[Served, Served], fake_slack: FakeSlack) -> None:
    one, two = processes
    ts = await posted_ticket(one.bot.workspace)
    body = reaction("eyes", ts, event_id="EvTwice")
    # both processes read the card at once: Slack holds their reads until both asked
    gate = fake_slack.held_methods["conversations.history"] = asyncio.Event()
    assert (await one.event(body))[0] == 200
    assert (await two.event(body, timestamp=int(time.time()) + 1, extra=RETRY))[0] == 200
    await fake_slack.wait_for("conversations.history", count=2, timeout=HANG)
    gate.set()
    # a later event in each proves the first was decided in both
    for served, event_id in ((one, "EvNextOne"), (two, "EvNextTwo")):
        await served.event(reaction("white_check_mark", ts, event_id=event_id))
    await asyncio.wait_for(arrived(one.handler, 1), HANG)
    await asyncio.wait_for(arrived(two.handler, 1), HANG)
    await one.bot.stop()
    await two.bot.stop()
    claims = [i for s in (one, two) for i in s.handler.seen if i.action == "claim"]
    assert len(claims) == 1, [i.action for s in (one, two) for i in s.handler.seen]
