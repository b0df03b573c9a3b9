"""Which workspace a request may come from is ``auth.test``'s answer, asked when the first
request arrives, before bolt's listener acknowledges it. Slack waits 3 seconds for that
acknowledgement; ``auth.test`` may take up to the client's 15. A request arriving while Slack
is slow to answer it used to wait as long (the person saw "failed with the error
operation_timeout", an event was redelivered), and each request arriving meanwhile asked
``auth.test`` again. Now one ``auth.test`` is asked at a time, every request shares its
answer, and a request waits for it at most ``auth_wait`` (under Slack's 3 seconds), then is
answered 503 as when ``auth.test`` fails (docs/slack.md): Slack retries an event, a person
types the command again. Through bolt's request path, signed, on the local Slack."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.integrations.slack.served import Served
from tests.integrations.slack.test_review_response_url import slash
from tests.support.fake_slack import FakeSlack

# the first wait itself: the app unwarmed (tests/integrations/slack/conftest.py)
pytestmark = pytest.mark.first_auth

# a bound on a failing test (a request held as long as auth.test is), not a time asserted
HANG = 10.0


async def test_a_request_is_not_held_past_its_ack_by_a_slow_auth_test(
    served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    gate = fake_slack.held_methods["auth.test"] = asyncio.Event()
    served.bot.auth_wait = 0.05
    try:
        with caplog.at_level(logging.WARNING, logger="integrations.slack"):
            first = await asyncio.wait_for(
                served.command(slash(fake_slack, "tickets", rid="r1")), HANG)
            second = await asyncio.wait_for(
                served.command(slash(fake_slack, "tickets", rid="r2")), HANG)
    finally:
        gate.set()
    assert (first[0], second[0]) == (503, 503)  # not acted on, never guessed
    assert served.handler.seen == []
    assert len(fake_slack.calls_to("auth.test")) == 1  # one asked, both waited for it
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 2 and all("auth.test" in line and "503" in line for line in lines)

    # once Slack answers, the answer is the one asked for then: no second auth.test
    await fake_slack.wait_for("auth.test")
    status, _ = await served.command(slash(fake_slack, "tickets", rid="r3"))
    assert status == 200
    await served.bot.stop()
    assert [i.action for i in served.handler.seen] == ["tickets"]
    assert len(fake_slack.calls_to("auth.test")) == 1


async def test_requests_arriving_together_ask_auth_test_once(
    served: Served, fake_slack: FakeSlack
) -> None:
    """Within the wait: each request answered, one auth.test for all of them."""
    gate = fake_slack.held_methods["auth.test"] = asyncio.Event()
    sent = [asyncio.ensure_future(served.command(slash(fake_slack, "tickets", rid=f"r{n}")))
            for n in range(3)]
    await fake_slack.wait_for("auth.test")
    await asyncio.sleep(0.2)  # the other two reach the bot meanwhile (if not, they ask later)
    gate.set()
    answers = await asyncio.wait_for(asyncio.gather(*sent), HANG)
    assert [status for status, _ in answers] == [200, 200, 200]
    assert len(fake_slack.calls_to("auth.test")) == 1
