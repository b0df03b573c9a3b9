"""The look before a retry that cannot answer "not posted": an earlier attempt whose outcome
is unknown may have posted, so a look that fails (a refused token, a garbled page) or that
cannot read back to the first attempt leaves the publish unconfirmed (``PublishUncertain``:
tried again later, looking first, then given up with "look at the account's posts"), never
"nothing was posted" and never a second post. On X, Reddit and Mastodon, against the local
servers of their documented APIs of ``test_publish_same_text_again``."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from bot.core.errors import PublishNotSent, PublishUncertain
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import LOOK_PAGES, XPublisher
from tests.conftest import FakeClock
from tests.integrations.test_publish_same_text_again import (
    TEXT,
    WORLDS,
    World,
    mastodon_world,
    world,
)
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import Fault, NetServer

__all__ = ["world"]  # the fixture, shared with test_publish_same_text_again.py

# the first request of each network's look
LOOK_PATH = {"/2/tweets": f"/2/users/{USER_ID}/tweets", "/api/comment": "/user/botuser/comments",
             "/api/v1/statuses": "/api/v1/accounts/verify_credentials"}


@pytest.mark.parametrize("fault", [Fault.unauthorized(), Fault.malformed_json(b'{"data": [')],
                         ids=["token-refused", "garbled"])
async def test_a_look_that_fails_leaves_the_publish_unconfirmed_and_posts_nothing(
        world: World, net: NetServer, clock: FakeClock, fault: Fault) -> None:
    """A process died after its attempt; the next one's look is refused or unreadable. That
    was taken for "nothing was posted" (X, Reddit and Mastodon raised a final PublishError
    for a refused token, X for a garbled page): the approval failed, and a team drafting it
    again posted it twice if the dead process's post had landed."""
    first = clock()
    landed = world.add(first + timedelta(seconds=20))
    clock.advance(minutes=3)
    net.fault("GET", LOOK_PATH[world.post_path], fault)
    with pytest.raises(PublishUncertain, match="may have posted"):
        await world.new_publisher().publish(TEXT, reply_to=world.reply_to,
                                            idempotency_key="A-9", maybe_published=True,
                                            attempted_since=first)
    assert world.ids() == [landed]
    assert not net.requests_to(world.post_path, "POST")
    # the next try, the look answered: the post that landed is found, none made
    found = await world.new_publisher().publish(TEXT, reply_to=world.reply_to,
                                                idempotency_key="A-9", maybe_published=True,
                                                attempted_since=first)
    assert found.id == landed and world.ids() == [landed]


@pytest.mark.parametrize("network", ["x", "mastodon", "reddit"])
async def test_a_look_that_fails_before_the_post_says_this_try_sent_nothing(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, network: str) -> None:
    """The look before the POST answering 503: this try never sent its post, so it is
    ``PublishNotSent`` (recorded "publish not sent", no attempt a later look must reach back
    to), still saying an earlier attempt may have posted. It was ``PublishUncertain``,
    recorded as a try that may have posted (an X and Mastodon review, 2026-12-07; failed
    before on both; Reddit's, a Reddit developer's second pass, failed before too)."""
    world = WORLDS[network](net, client, clock)
    first = clock()
    clock.advance(minutes=3)
    net.fault("GET", LOOK_PATH[world.post_path], Fault.server_error(503))
    with pytest.raises(PublishNotSent, match="may have posted"):
        await world.new_publisher().publish(TEXT, reply_to=world.reply_to,
                                            idempotency_key="A-9", maybe_published=True,
                                            attempted_since=first)
    assert not net.requests_to(world.post_path, "POST")


async def test_mastodon_says_what_the_token_needs_when_its_look_is_refused(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Unconfirmed, and still the one line that says how to make a token that reads."""
    world = mastodon_world(net, client, clock)
    net.fault("GET", "/api/v1/accounts/verify_credentials", Fault.unauthorized())
    with pytest.raises(PublishUncertain, match="make a new access token with read:statuses"):
        await world.new_publisher().publish(TEXT, reply_to=world.reply_to,
                                            idempotency_key="A-9", maybe_published=True,
                                            attempted_since=clock() - timedelta(minutes=3))


def x_publisher(net: NetServer, client: httpx.AsyncClient, clock: FakeClock, *,
                user_id: str | None = USER_ID) -> tuple[FakeX, XPublisher]:
    fake = FakeX(net, clock=clock)
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", user_id=user_id, timeout=2.0)
    return fake, XPublisher(cfg, client=client, clock=clock)


async def test_x_a_look_that_cannot_reach_the_first_attempt_posts_nothing(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The account tweeted more than the look reads (``LOOK_PAGES`` pages of 100) after the
    dead process's tweet landed: the look read them all without reaching the first attempt
    and answered "not posted", so the retry tweeted the text a second time. Now it stays
    unconfirmed (as Reddit's and Mastodon's looks do)."""
    fake, publisher = x_publisher(net, client, clock)
    first = clock()
    fake.add(TEXT, in_reply_to="42", at=first + timedelta(seconds=20))
    for n in range(LOOK_PAGES * 100 + 1):
        fake.add(f"update {n}", at=first + timedelta(seconds=30 + n))
    clock.advance(hours=2)
    with pytest.raises(PublishUncertain, match="without reaching the first attempt"):
        await publisher.publish(TEXT, reply_to="x:42", idempotency_key="A-9",
                                maybe_published=True, attempted_since=first)
    assert [t["sent"] for t in fake.tweets].count(TEXT) == 1
    assert len(net.requests_to(f"/2/users/{USER_ID}/tweets")) == LOOK_PAGES


async def test_x_without_user_id_asks_whose_token_it_is_once_and_finds_its_tweet(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """An account configured to post only (``user_token``, no ``user_id``): the look had no
    timeline to read and answered "not posted", so every lost answer tweeted twice. It asks
    ``GET /2/users/me`` for the token's account, once for the publisher's life."""
    fake, publisher = x_publisher(net, client, clock, user_id=None)
    fake.lose_answers = 1  # the tweet lands; its answer is lost, so the publisher looks
    found = await publisher.publish(TEXT, reply_to="x:42", idempotency_key="A-9")
    assert len(fake.tweets) == 1 and found.id == fake.tweets[0]["id"]
    clock.advance(minutes=3)
    await publisher.publish("Another one", reply_to="x:43", idempotency_key="A-10",
                            maybe_published=True, attempted_since=clock())
    assert len(fake.tweets) == 2
    assert len(net.requests_to("/2/users/me")) == 1
