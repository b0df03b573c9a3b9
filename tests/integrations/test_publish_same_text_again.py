"""The same text published again (a weekly outage notice, the standard thank-you in the same
thread) when the attempt's outcome is unknown: the look before a retry takes only a post made
since this publish was first attempted, less ``CLOCK_SKEW``, for ours; an identical older post
means "not posted yet", so the text is posted. On X, Reddit and Mastodon (one that ignores
``Idempotency-Key``), against local servers of their documented APIs whose posts carry the
network's own time (X ``created_at``, Reddit ``created_utc``, Mastodon ``created_at``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.errors import PublishError
from bot.core.ports import Publisher
from integrations.social.common.publish import CLOCK_SKEW
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.publish import RedditPublisher
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XPublisher
from tests.conftest import FakeClock
from tests.support.fake_mastodon import FakeMastodon
from tests.support.fake_reddit import TOKEN, Reddit
from tests.support.fake_x import USER_ID, FakeX
from tests.support.netserver import Fault, NetServer

TEXT = "Thanks, we've fixed it! Updates at https://status.example.com/incidents"
WEEK = timedelta(days=7)


@dataclass
class World:
    """One network as the tests need it: its publisher (a fresh one is a new process) and its
    server's posts of the account, each with the id the publisher returns for it."""

    new_publisher: Callable[[], Publisher]
    reply_to: str
    add: Callable[[datetime], str]  # our post of TEXT in the thread, made then: its id
    ids: Callable[[], list[str]]  # every post of the account, oldest first
    lose_next_answer: Callable[[], None]  # the next post lands, its answer is lost (5xx)
    post_path: str
    fake: Any


def x_world(net: NetServer, client: httpx.AsyncClient, clock: FakeClock, *,
            honours_start_time: bool = True) -> World:
    fake = FakeX(net, clock=clock, honours_start_time=honours_start_time)
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", user_id=USER_ID, timeout=2.0)

    def lose() -> None:
        fake.lose_answers += 1

    return World(new_publisher=lambda: XPublisher(cfg, client=client, clock=clock),
                 reply_to="x:42",
                 add=lambda at: str(fake.add(TEXT, in_reply_to="42", at=at)["id"]),
                 ids=lambda: [str(t["id"]) for t in fake.tweets],
                 lose_next_answer=lose, post_path="/2/tweets", fake=fake)


def reddit_world(net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> World:
    net.json("POST", TOKEN, {"access_token": "tok", "token_type": "bearer",
                             "expires_in": 3600, "scope": "*"})
    fake = Reddit(net, clock=clock)
    cfg = RedditSourceConfig(id="rd", type="reddit", base_url=net.base, auth_url=net.base,
                             client_id="cid", client_secret="sec", username="botuser",
                             password="pw", timeout=1.0)
    return World(new_publisher=lambda: RedditPublisher(cfg, client=client, clock=clock),
                 reply_to="reddit:t1_parent1",
                 add=lambda at: str(fake.add(TEXT, parent="t1_parent1", at=at)["data"]["name"]),
                 ids=lambda: [str(c["data"]["name"]) for c in reversed(fake.comments)],
                 lose_next_answer=lambda: fake.fail_after_landing.append("500"),
                 post_path="/api/comment", fake=fake)


def mastodon_world(net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> World:
    fake = FakeMastodon(net, idempotency=False, clock=clock)
    cfg = MastodonSourceConfig(id="m", type="mastodon", base_url=net.base, token="tok",
                               hashtags=("acme",), timeout=2, interval=30)

    def lose() -> None:
        fake.lose_answers += 1

    return World(new_publisher=lambda: MastodonPublisher(cfg, client=client, clock=clock),
                 reply_to="mastodon:42",
                 add=lambda at: str(fake.add_own(TEXT, in_reply_to_id="42", at=at)["id"]),
                 ids=lambda: [str(s["id"]) for s in fake.statuses],
                 lose_next_answer=lose, post_path="/api/v1/statuses", fake=fake)


WORLDS = {"x": x_world, "reddit": reddit_world, "mastodon": mastodon_world}


@pytest.fixture(params=list(WORLDS))
def world(request: pytest.FixtureRequest, net: NetServer, client: httpx.AsyncClient,
          clock: FakeClock) -> World:
    made: World = WORLDS[request.param](net, client, clock)
    return made


async def test_an_answer_lost_after_the_post_landed_is_the_new_post_not_last_weeks(
        world: World, clock: FakeClock) -> None:
    old = world.add(clock() - WEEK)
    world.lose_next_answer()
    result = await world.new_publisher().publish(TEXT, reply_to=world.reply_to,
                                                 idempotency_key="A-9")
    ids = world.ids()
    assert len(ids) == 2 and ids[0] == old
    assert result.id == ids[1] != old


async def test_a_failure_that_posted_nothing_posts_once_on_the_retry(
        world: World, net: NetServer, clock: FakeClock) -> None:
    """The post was refused before it landed (a 503), and the look finds only last week's
    identical post: not ours, so the publish fails (still unknown to the guard) and the retry
    posts, once."""
    old = world.add(clock() - WEEK)
    net.fault("POST", world.post_path, Fault.server_error(503))
    pub = world.new_publisher()
    with pytest.raises(PublishError, match="503"):
        await pub.publish(TEXT, reply_to=world.reply_to, idempotency_key="A-9")
    assert world.ids() == [old]
    clock.advance(minutes=3)  # the approval's retry, a publishing lease later
    result = await pub.publish(TEXT, reply_to=world.reply_to, idempotency_key="A-9")
    ids = world.ids()
    assert len(ids) == 2 and result.id == ids[1] != old


async def test_another_process_retrying_after_a_crash_posts_unless_its_post_landed(
        world: World, clock: FakeClock) -> None:
    """A process claimed the publish at ``first`` and died: the next one (nothing in memory)
    is told it may have posted and since when. Last week's identical post is not it."""
    old = world.add(clock() - WEEK)
    first = clock()
    clock.advance(minutes=3)
    result = await world.new_publisher().publish(
        TEXT, reply_to=world.reply_to, idempotency_key="A-9", maybe_published=True,
        attempted_since=first)
    ids = world.ids()
    assert len(ids) == 2 and result.id == ids[1] != old
    # the same again where the dead process's post did land (20 s after its claim)
    landed = world.add(first + timedelta(seconds=20))
    again = await world.new_publisher().publish(
        TEXT, reply_to=world.reply_to, idempotency_key="A-9", maybe_published=True,
        attempted_since=first)
    assert again.id == landed and len(world.ids()) == 3


async def test_our_post_stamped_a_little_before_our_clock_is_still_ours(
        world: World, clock: FakeClock) -> None:
    """The network's clock runs 90 s behind ours (within ``CLOCK_SKEW``): the post the dead
    process made reads as made before its claim, and is still found, not posted again."""
    first = clock()
    landed = world.add(first - timedelta(seconds=90))
    assert timedelta(seconds=90) < CLOCK_SKEW
    found = await world.new_publisher().publish(
        TEXT, reply_to=world.reply_to, idempotency_key="A-9", maybe_published=True,
        attempted_since=first)
    assert found.id == landed and world.ids() == [landed]


async def test_without_a_first_attempt_time_any_match_is_ours_as_before(
        world: World, clock: FakeClock) -> None:
    """A caller that cannot say when publishing began (None) keeps the unbounded look."""
    old = world.add(clock() - WEEK)
    found = await world.new_publisher().publish(
        TEXT, reply_to=world.reply_to, idempotency_key="A-9", maybe_published=True)
    assert found.id == old and world.ids() == [old]


@pytest.mark.parametrize("unreadable", [None, "last tuesday"])
async def test_a_match_without_a_readable_time_is_not_taken_for_ours(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture, unreadable: str | None) -> None:
    """Reddit and Mastodon: a same-text post whose time does not read is posted past (a
    visible second post at worst, never a silent lost one), in one warning line."""
    def reddit_spoil(fake: Any) -> None:
        fake.comments[0]["data"].update(created_utc=unreadable)

    def mastodon_spoil(fake: Any) -> None:
        fake.statuses[0].update(created_at=unreadable)

    makers: list[tuple[Callable[..., World], Callable[[Any], None]]] = [
        (reddit_world, reddit_spoil), (mastodon_world, mastodon_spoil)]
    for make, spoil in makers:
        async with NetServer() as own:
            world = make(own, client, clock)
            old = world.add(clock() - timedelta(seconds=30))
            spoil(world.fake)
            caplog.clear()
            with caplog.at_level("WARNING"):
                result = await world.new_publisher().publish(
                    TEXT, reply_to=world.reply_to, idempotency_key="A-9",
                    maybe_published=True, attempted_since=clock())
            ids = world.ids()
            assert len(ids) == 2 and result.id == ids[1] != old
            assert [r.getMessage() for r in caplog.records if "no time" in r.getMessage()] \
                and "has our text but no time that reads" in caplog.text


@pytest.mark.parametrize("honours", [True, False], ids=["start_time-honoured",
                                                        "start_time-ignored"])
async def test_x_asks_for_tweets_since_the_first_attempt_and_checks_them_itself(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, honours: bool) -> None:
    """The look asks X for ``created_at`` and only tweets from the first attempt less
    ``CLOCK_SKEW`` (``start_time``, whole seconds, inclusive); a server that ignores it
    answers last week's tweet anyway, and the tweet's own time keeps it from counting."""
    world = x_world(net, client, clock, honours_start_time=honours)
    clock.now = clock.now.replace(microsecond=750_000)
    old = world.add(clock() - WEEK)
    first = clock()
    clock.advance(minutes=3)
    result = await world.new_publisher().publish(
        TEXT, reply_to=world.reply_to, idempotency_key="A-9", maybe_published=True,
        attempted_since=first)
    ids = world.ids()
    assert len(ids) == 2 and result.id == ids[1] != old
    look = net.requests_to(f"/2/users/{USER_ID}/tweets")[0]  # (empty: read again, unbounded)
    assert look.q("start_time") == f"{first - CLOCK_SKEW:%Y-%m-%dT%H:%M:%SZ}"
    assert "created_at" in str(look.q("tweet.fields"))


async def test_x_reads_again_without_start_time_when_the_bounded_read_is_empty(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """X's user timeline has been reported to answer nothing at all when ``start_time`` is
    set, though tweets of the span exist (``FakeX.start_time_answers_nothing``): the look
    then found nothing and the retry tweeted a second copy. An empty bounded answer is read
    again without ``start_time``, each tweet's own time checked: ours is found, none posted,
    and last week's identical tweet still does not count."""
    fake = FakeX(net, clock=clock, start_time_answers_nothing=True)
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", user_id=USER_ID, timeout=2.0)
    fake.add(TEXT, in_reply_to="1001", at=clock() - WEEK)
    fake.lose_answers = 1  # the attempt lands; its answer is lost, so the publisher looks
    found = await XPublisher(cfg, client=client, clock=clock).publish(
        TEXT, reply_to="x:1001", idempotency_key="A-9")
    assert len(fake.tweets) == 2 and found.id == fake.tweets[-1]["id"]
    looks = net.requests_to(f"/2/users/{USER_ID}/tweets")
    assert [look.q("start_time") is not None for look in looks] == [True, False]
    clock.advance(days=8)  # a process died before its attempt reached X: nothing landed
    posted = await XPublisher(cfg, client=client, clock=clock).publish(
        TEXT, reply_to="x:1001", idempotency_key="A-10", maybe_published=True,
        attempted_since=clock() - timedelta(minutes=3))
    assert len(fake.tweets) == 3 and posted.id == fake.tweets[-1]["id"] != found.id


async def test_x_reads_a_tweets_time_from_its_id_when_created_at_is_missing(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """X ids are snowflakes of their creation time: a tweet without ``created_at`` still has
    a time that reads, and last week's is still last week's."""
    world = x_world(net, client, clock, honours_start_time=False)
    old = world.add(clock() - WEEK)
    original = world.fake._timeline

    async def without_created_at(request: web.Request) -> web.Response:
        answer = await original(request)
        assert answer.text is not None
        body = json.loads(answer.text)
        for tweet in body.get("data", []):
            tweet.pop("created_at", None)
        return web.json_response(body)

    net.handler("GET", f"/2/users/{USER_ID}/tweets", without_created_at)
    result = await world.new_publisher().publish(
        TEXT, reply_to=world.reply_to, idempotency_key="A-9", maybe_published=True,
        attempted_since=clock())
    assert len(world.ids()) == 2 and result.id == world.ids()[1] != old


async def test_reddit_a_timeout_after_the_comment_landed_finds_the_new_one(
        clock: FakeClock, net: NetServer, client: httpx.AsyncClient) -> None:
    world = reddit_world(net, client, clock)
    old = world.add(clock() - WEEK)
    world.fake.fail_after_landing.append("hang")  # past the 1 s timeout
    result = await world.new_publisher().publish(TEXT, reply_to=world.reply_to,
                                                 idempotency_key="A-9")
    ids = world.ids()
    assert len(ids) == 2 and result.id == ids[1] != old


async def test_a_first_attempt_given_on_another_clock_face_is_the_same_instant(
        world: World, clock: FakeClock) -> None:
    """``attempted_since`` is an aware time, not necessarily in UTC (a store or a clock may
    give it with its offset): X's ``start_time`` is UTC, so 11:00+02:00 is asked as 09:00Z,
    not 11:00Z, which would leave out the dead process's post made at 09:00:20Z and post it
    again."""
    first = clock()
    landed = world.add(first + timedelta(seconds=20))
    clock.advance(minutes=3)
    berlin = first.astimezone(timezone(timedelta(hours=2)))
    found = await world.new_publisher().publish(
        TEXT, reply_to=world.reply_to, idempotency_key="A-9", maybe_published=True,
        attempted_since=berlin)
    assert found.id == landed and world.ids() == [landed]


async def test_the_unsettled_keys_kept_in_memory_are_bounded_and_a_forgotten_one_still_looks(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Each post whose answer is lost leaves its key in the guard until settled; a key given up
    on (its approval failed) was kept for ever. The newest ``size`` are kept; a forgotten
    key's retry still looks first, as the store's record says it was attempted."""
    fake = FakeX(net, clock=clock)
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user", user_id=USER_ID, timeout=2.0)
    publisher = XPublisher(cfg, client=client, clock=clock)
    publisher._guard.size = 3
    net.fault("POST", "/2/tweets", *[Fault.server_error(503)] * 5)  # nothing lands
    for n in range(5):
        with pytest.raises(PublishError):
            await publisher.publish(f"{TEXT} {n}", reply_to=None, idempotency_key=f"A-{n}")
    assert list(publisher._guard.ambiguous) == ["A-2", "A-3", "A-4"]
    fake.add(f"{TEXT} 0")  # A-0's attempt did land after all, its answer lost
    found = await publisher.publish(f"{TEXT} 0", reply_to=None, idempotency_key="A-0",
                                    maybe_published=True, attempted_since=clock())
    assert found.id == fake.tweets[-1]["id"] and len(fake.tweets) == 1
