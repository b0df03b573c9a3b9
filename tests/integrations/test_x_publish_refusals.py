"""What X refuses at publish, modelled by the local X (``tests/support/fake_x``), and the one
line the approver reads.

X refuses a tweet whose text is one the account already posted with ``403`` and "You are not
allowed to create a Tweet with duplicate content." (akrherz/iembot#163; sferik/x-ruby#24). A
team's standard answer ("Thanks, we've fixed it!") or a weekly notice meets it often. The
approver read ``x: publish refused: You are not allowed to create a Tweet with duplicate
content.``, which says neither that nothing was posted nor what to do; the line now says both.
From a review of the X publisher (2026-12-07); the first and last tests failed before the
fix."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest

from bot.core.errors import PublishError, PublishUncertain
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XPublisher
from tests.conftest import FakeClock
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import NetServer

THANKS = "Thanks, we've fixed it! https://status.acme.test/incidents/42"


def config(net: NetServer) -> XSourceConfig:
    return XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                         user_token="user", user_id=USER_ID, timeout=2.0)


async def test_a_duplicate_refused_by_x_says_nothing_was_posted_and_what_to_change(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.refuses_duplicates = True
        world.add(THANKS, at=clock() - timedelta(days=2))
        with pytest.raises(PublishError) as err:
            await XPublisher(config(net), client=client, clock=clock).publish(
                THANKS, reply_to=None, idempotency_key="socialops-A-7-abc")
    said = str(err.value)
    assert len(world.tweets) == 1  # nothing posted
    assert "duplicate content" in said, said  # X's words
    assert "nothing was posted" in said and "change its words" in said, said
    assert "\n" not in said


async def test_a_reply_to_a_deleted_tweet_is_refused_in_xs_words(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.deleted.add("1860000000000000000")
        with pytest.raises(PublishError) as err:
            await XPublisher(config(net), client=client, clock=clock).publish(
                "Sorry to hear that, DM us your order number.",
                reply_to="x:1860000000000000000", idempotency_key="socialops-A-8-abc")
    assert world.tweets == []
    assert "deleted or not visible" in str(err.value) and "token" not in str(err.value)


async def test_a_duplicate_after_a_lost_answer_the_look_missed_says_it_may_be_posted(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """docs/networks.md, "The look takes only posts made since the first attempt": a host
    whose clock runs more than 2 minutes ahead of X's reads its own tweet as older than the
    attempt and does not find it. X then refuses the second post as a duplicate: that refusal
    is no proof that nothing was posted, and the approver must not read that it is."""
    def ahead() -> datetime:
        return clock() + timedelta(minutes=5)

    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        world.refuses_duplicates = True
        world.lose_answers = 1
        publisher = XPublisher(config(net), client=client, clock=ahead)
        first = ahead()
        with pytest.raises(PublishUncertain):
            await publisher.publish(THANKS, reply_to="x:42", idempotency_key="socialops-A-9-a")
        with pytest.raises(PublishError) as err:
            await XPublisher(config(net), client=client, clock=ahead).publish(
                THANKS, reply_to="x:42", idempotency_key="socialops-A-9-a",
                maybe_published=True, attempted_since=first)
    said = str(err.value)
    assert len(world.tweets) == 1
    assert "may have posted it" in said and "look at the account's posts" in said, said
    assert "nothing was posted" not in said
