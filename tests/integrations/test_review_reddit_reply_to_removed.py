"""A reply approved to a Reddit post or comment taken down since it was drafted (a marketing
lead's review of approvals): Reddit takes a comment on a post a moderator removed (only its
moderators see the thread) and on a removed comment from one of its moderators, so the approval
was marked published, its link shown to the approver, while nobody would ever read the answer;
an author's delete was refused in Reddit's words alone (``DELETED_LINK``). The publisher reads the
parent as it is now (``/api/info``) before it posts, as Bluesky's reads the post's view: gone,
it fails in one line saying who took it down and that nothing was posted; approved again, the
reply goes out. Against the local Reddit's comment API and its ``/api/info``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest

from bot.core.errors import PublishError
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.publish import RedditPublisher
from tests.conftest import FakeClock
from tests.support.fake_reddit import Reads, Reddit
from tests.support.netserver import Fault, NetServer

AT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        yield server


@pytest.fixture
def world(net: NetServer) -> tuple[Reddit, Reads]:
    reads = Reads()
    reads.serve(net)
    return Reddit(net), reads


def publisher(net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> RedditPublisher:
    return RedditPublisher(RedditSourceConfig(
        id="rd", type="reddit", base_url=net.base, auth_url=net.base, client_id="cid",
        client_secret="sec", username="botuser", password="pw", timeout=5.0),
        client=client, clock=clock)


@pytest.mark.parametrize("kind,take_down,said", [
    ("post", lambda r, n: r.remove(n), "removed by a moderator"),
    ("post", lambda r, n: r.remove(n, "reddit"), "removed by Reddit"),
    ("comment", lambda r, n: r.remove(n), "removed"),
    ("post", lambda r, n: r.delete(n), "deleted by its author"),
    ("comment", lambda r, n: r.delete(n), "deleted by its author"),
])
async def test_a_reply_to_a_thing_taken_down_is_refused_and_posts_nothing(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        world: tuple[Reddit, Reads], kind: str, take_down: object, said: str) -> None:
    reddit, reads = world
    post = reads.post("Acme is down", "since this morning", at=AT)
    name = post if kind == "post" else reads.comment("same here", at=AT, on=post)
    take_down(reads, name)  # type: ignore[operator]
    with pytest.raises(PublishError) as caught:
        await publisher(net, client, clock).publish(
            "Sorry, we are on it", reply_to=f"reddit:{name}", idempotency_key="k")
    line = str(caught.value)
    assert said in line and name in line and "nothing was posted" in line
    assert "\n" not in line
    assert reddit.comments == [] and net.requests_to("/api/comment") == []


async def test_a_reply_to_a_thing_approved_again_goes_out(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        world: tuple[Reddit, Reads]) -> None:
    reddit, reads = world
    post = reads.post("Acme is down", "since this morning", at=AT)
    reads.remove(post)
    with pytest.raises(PublishError, match="removed by a moderator"):
        await publisher(net, client, clock).publish(
            "Sorry, we are on it", reply_to=f"reddit:{post}", idempotency_key="k1")
    reads.approve(post, at=AT)
    result = await publisher(net, client, clock).publish(
        "Sorry, we are on it", reply_to=f"reddit:{post}", idempotency_key="k2")
    assert [c["data"]["name"] for c in reddit.comments] == [result.id]
    assert reddit.comments[0]["data"]["parent_id"] == post


@pytest.mark.parametrize("how", ["unknown", "failing"])
async def test_a_parent_the_read_cannot_tell_of_is_replied_to_as_before(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        world: tuple[Reddit, Reads], how: str) -> None:
    # a thing /api/info does not hold (a private subreddit) or a read that fails: Reddit's own
    # answer to the comment decides, as before
    reddit, _ = world
    if how == "failing":
        net.fault("GET", "/api/info", Fault.server_error(503))
    result = await publisher(net, client, clock).publish(
        "Thanks!", reply_to="reddit:t3_notheld", idempotency_key="k")
    assert [c["data"]["name"] for c in reddit.comments] == [result.id]
