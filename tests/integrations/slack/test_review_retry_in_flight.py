"""Slack's retry of a reaction event reaching the process whose first delivery of it is still
reading the card (Slack retries when our ack came late, http_timeout, and a process slow to
answer is often slow to read): the retry was dropped there as a duplicate, acknowledged, so
Slack sent it no more; then the first's reads failed and it forgot the event for a redelivery
that had come already. The event was lost, where docs/slack.md says a reaction whose card could
not be read is acted on when Slack redelivers it. The retry now waits for the first's outcome:
dropped once the first took the card, tried itself once the first gave up. Through bolt's
request path, signed, on the local Slack."""

from __future__ import annotations

import asyncio
import time

from tests.integrations.slack.served import Served, posted_ticket, reaction
from tests.integrations.slack.test_app_reactions import RETRY, _no_wait, arrived
from tests.support.fake_slack import FakeSlack

HANG = 10.0  # a bound on a failing test, not a time asserted


async def test_a_retry_that_came_while_the_first_read_failed_is_acted_on(
        served: Served, fake_slack: FakeSlack) -> None:
    ts = await posted_ticket(served.bot.workspace)
    served.bot._sleep = _no_wait
    gate = fake_slack.held_methods["conversations.history"] = asyncio.Event()
    fake_slack.fail(times=3, method="conversations.history", status=500,
                    error="internal_error")
    body = reaction("eyes", ts, event_id="EvLate")
    assert (await served.event(body))[0] == 200
    await fake_slack.wait_for("conversations.history", timeout=HANG)  # the first, reading
    retry = await served.event(body, timestamp=int(time.time()) + 1, extra=RETRY)
    assert retry[0] == 200
    gate.set()  # Slack answers now: the first's three reads fail
    await asyncio.wait_for(arrived(served.handler, 1), HANG)
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-5")]
    assert served.bot.reactions_failed == 1


async def test_a_retry_that_came_while_the_first_read_took_the_card_is_dropped(
        served: Served, fake_slack: FakeSlack) -> None:
    ts = await posted_ticket(served.bot.workspace)
    gate = fake_slack.held_methods["conversations.history"] = asyncio.Event()
    body = reaction("eyes", ts, event_id="EvLateRead")
    await served.event(body)
    await fake_slack.wait_for("conversations.history", timeout=HANG)
    await served.event(body, timestamp=int(time.time()) + 1, extra=RETRY)
    gate.set()
    await served.event(reaction("white_check_mark", ts, event_id="EvMarker"))
    await asyncio.wait_for(arrived(served.handler, 2), HANG)
    await served.bot.stop()  # every listener done
    assert [i.action for i in served.handler.seen] == ["claim", "resolve"]
    assert len(fake_slack.calls_to("conversations.history")) == 2  # the retry read nothing
