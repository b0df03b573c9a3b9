"""``/socialops why <address>`` of a post that did not reach the channel, asked as a support
lead asks it in Slack (a signed slash command through bolt, a SQLite file, the local server
speaking Reddit's API, its /api/info answering as Reddit does, and the World's Mastodon):

- a post of the bot's own account (a reply the team posted): the source skips it
  (``integrations/social/common/own.py``), but ``why`` said the network had not returned it to
  the source's queries and that routing would open a ticket on it;
- a post a subreddit's moderator (or Reddit) removed before a poll read it: ``/api/info``
  still answers it, with its ``removed_by_category``, but ``why`` said only "deleted, not
  public, or not readable with the credentials configured";
- a post made while Reddit rate-limited the source (a 429, the request budget spent): only
  that the lookup failed, nothing of the source waiting, till when, or that the post is read
  then (a rate limit is no failed poll: the source's health said nothing); with a listing
  failing, the source's line said the post was older than its reach;
- a Mastodon status of another server asked by the address the team's own server shows it at
  (``<base_url>/@user@origin/<id>``, the id the source fetched it by) while that server
  rate-limits the lookup: "never fetched" of a post fetched and ticketed;
- a gallery post's address (``reddit.com/gallery/<id>``) named no post, and a share link
  (``/r/<sub>/s/<code>``) was said not returned by Reddit, which was never asked.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.errors import RateLimited
from tests.conftest import FakeClock
from tests.e2e.world import CAROL, SUPPORT, UNPACED, World, running_world
from tests.support.fake_reddit import Reads
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import Fault, NetServer


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[tuple[World, Reads, NetServer]]:
    clock = FakeClock(datetime(2026, 12, 3, 9, 10, tzinfo=UTC))
    reads = Reads("acme")
    async with FakeSlack() as slack, NetServer() as masto, NetServer() as red:
        reads.serve(red)
        source = (f"  - {{id: red, type: reddit, base_url: '{red.base}', auth_url: "
                  f"'{red.base}', client_id: cid, client_secret: sec, username: acme_support, "
                  "password: pw, subreddits: [acme]}\n")
        w = World(tmp_path, clock, slack, masto, extra=UNPACED, sources=source)
        await w.start()
        try:
            yield w, reads, red
        finally:
            await w.stop()


async def ask(w: World, text: str) -> str:
    before = len(w.said_to(CAROL))
    assert await w.slash(CAROL, SUPPORT, f"why {text}") == 200
    await w.until(lambda: len(w.said_to(CAROL)) > before, "the answer to why")
    return w.said_to(CAROL)[-1]


def address(name: str) -> str:
    return f"https://www.reddit.com/r/acme/comments/{name.removeprefix('t3_')}/x/"


async def test_a_post_of_our_own_account_is_said_to_be_skipped_as_ours(
        world: tuple[World, Reads, NetServer]) -> None:
    w, reads, _ = world
    ours = reads.post("acme login is broken, we are on it", at=w.clock())
    reads.thing(ours)["data"]["author"] = "Acme_Support"  # Reddit names are any case
    said = await ask(w, address(ours))
    assert "own account" in said and "skip" in said, said
    assert "did not return it" not in said and "result: ticket" not in said, said


@pytest.mark.parametrize(("category", "how"), [("moderator", "removed by a moderator"),
                                               ("anti_evil_ops", "removed by Reddit")])
async def test_a_post_removed_before_it_was_read_says_who_removed_it(
        world: tuple[World, Reads, NetServer], category: str, how: str) -> None:
    w, reads, _ = world
    name = reads.post("acme login broken for everyone", "help", at=w.clock())
    reads.remove(name, category)
    said = await ask(w, address(name))
    assert how in said, said
    assert "not readable with the credentials" not in said, said


async def test_a_post_made_while_the_source_is_rate_limited_says_when_it_is_read(
        world: tuple[World, Reads, NetServer]) -> None:
    w, reads, red = world
    runtime, source = w.a.runtime(), w.a.sources["red"]
    await runtime.poll_once(source)  # 09:10: read, nothing there yet
    w.clock.advance(minutes=2)
    name = reads.post("acme login broken for everyone", "help", at=w.clock())
    red.fault("GET", "/r/acme/new", Fault.rate_limited(
        {"Retry-After": "600", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "600"}))
    with pytest.raises(RateLimited):
        await runtime.poll_once(source)  # 09:12: Reddit says wait 10 minutes
    said = await ask(w, address(name))
    assert "rate-limited" in said and "09:22 UTC" in said, said


async def test_a_post_made_while_the_source_fails_is_not_said_out_of_its_reach(
        world: tuple[World, Reads, NetServer]) -> None:
    """Its listing fails (503: a part of the source failing) and /api/info answers: the
    lookup finds the post, and the source's line said "the network did not return it to this
    source's queries (posts older than the first run's backfill window ... are never read)",
    beside its failed listing."""
    w, reads, red = world
    runtime, source = w.a.runtime(), w.a.sources["red"]
    await runtime.poll_once(source)
    w.clock.advance(minutes=2)
    name = reads.post("acme login broken for everyone", "help", at=w.clock())
    red.fault("GET", "/r/acme/new", *[Fault.server_error(503)] * 4)
    await runtime.poll_once(source)  # the listing's failure is the source's part's
    said = await ask(w, address(name))
    assert "/r/acme/new" in said, said
    assert "never read" not in said, said
    assert "red: not read yet if it was posted since the source's last poll that succeeded" \
        in said, said


@pytest.mark.parametrize("store", ["sqlite", "redis"])
async def test_a_status_asked_by_its_address_on_the_sources_own_server_is_found(
        tmp_path: Path, store: str, request: pytest.FixtureRequest) -> None:
    """A status of another server, fetched by the source of mastodon.example's neighbour (the
    World's, at its base_url) at its origin's address; the team opens it on their own server,
    which shows it at ``<base_url>/@kasia@mastodon.example/<that server's id>``, the id the
    source fetched it by. With that server rate-limiting the lookup (429), ``why`` of that
    address said "socialops never fetched this post" of a post fetched and ticketed."""
    clock = FakeClock(datetime(2026, 12, 3, 9, 10, tzinfo=UTC))
    url = request.getfixturevalue("redis_url") if store == "redis" else None
    async with running_world(tmp_path, clock, extra=UNPACED, store=store, redis_url=url) as w:
        m = await w.mention("acme login is down for me, please help", n=5151)
        w.masto.fault("GET", "/api/v1/statuses/5151", Fault.rate_limited())
        said = await ask(w, f"{w.masto.base}/@kasia@mastodon.example/5151")
        assert "never fetched" not in said, said
        assert m.id in said and "fetched by masto" in said, said
        # the same id on another server is another status: not this one
        said = await ask(w, "https://elsewhere.example/@kasia@mastodon.example/5151")
        assert "fetched by masto" not in said, said


@pytest.mark.parametrize("form", [
    "https://old.reddit.com/r/acme/comments/{id}/",
    "https://m.reddit.com/r/acme/comments/{id}/x/?utm_source=share&utm_medium=mweb3x",
    "https://reddit.com/comments/{id}",
    "https://redd.it/{id}",
    # a gallery post's own address (its ``url``), which Reddit's apps share too
    "https://www.reddit.com/gallery/{id}",
])
async def test_a_fetched_reddit_post_is_found_by_any_of_its_addresses(
        world: tuple[World, Reads, NetServer], form: str) -> None:
    w, reads, red = world
    runtime, source = w.a.runtime(), w.a.sources["red"]
    await runtime.poll_once(source)
    w.clock.advance(minutes=2)
    name = reads.post("acme login broken for everyone", "help", at=w.clock())
    await runtime.poll_once(source)
    red.fault("GET", "/api/info", Fault.server_error(503))  # found without asking Reddit
    said = await ask(w, form.format(id=name.removeprefix("t3_")))
    assert "fetched by red" in said, said


async def test_a_reddit_share_link_says_to_open_it_first(
        world: tuple[World, Reads, NetServer]) -> None:
    """The address Reddit's Share button copies (``/r/<sub>/s/<code>``) names no post until
    Reddit redirects it (docs/never-silent.md); ``why`` said Reddit "did not return it" to the
    source ("deleted, not public, or not readable with the credentials configured"), which it
    was never asked."""
    w, _, red = world
    said = await ask(w, "https://www.reddit.com/r/acme/s/AbC12xYz")
    assert "share link" in said and "open it" in said, said
    assert "did not return it" not in said, said
    assert red.requests_to("/api/info") == []
