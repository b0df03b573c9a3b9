"""A post its author edited on X, read by the X source over real HTTP (a local server speaking
X API v2's wire format) and decided by the pipeline on both real stores (a SQLite file, a
redis-server), as a social inbox follows it.

X makes an edit a new post: "Each edit creates a new post ID", and every version's
``edit_history_tweet_ids`` (a default field) lists the "edit history (oldest first)"
(docs.x.com, "Edit Posts"). The source read each version as a post of its own (``x:<new id>``):
the edit of a carded post was a second alert and a second ticket, the old card kept the old
words. Now a version is keyed by the original id (``x:<first id>``), ``revision`` "edit" at
the version's time, and goes the way of Mastodon's and Bluesky's edits (``Pipeline._revise``):
its cards edited, no second alert, rules re-run only for routes newly matched, once across
processes. A version read first (the original never seen) is a post like any.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.config import StoreConfig
from bot.core.models import Mention
from bot.core.ports import Store
from bot.store import open_store
from integrations.social.x.config import XSourceConfig
from integrations.social.x.parse import normalize_tweet, parse_page, snowflake_time
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.engine.test_review_edits import Revising, run_steps
from tests.support.fake_x import USER_ID, FakeX
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

SEARCH = "/2/tweets/search/recent"
REAL = Path(__file__).parents[1] / "fixtures" / "real" / "x"


def serve_search(net: NetServer, world: FakeX, *, versions: str = "latest") -> None:
    """Recent search answering ``world``'s tweets newest first: the latest version of each
    post (``versions`` "latest": X "will return the most recent version of a Post") or every
    version, older ones too ("all")."""

    async def search(request: web.Request) -> web.Response:
        fields = set(request.query.get("tweet.fields", "").split(","))
        replaced = {i for t in world.tweets for i in t["history"][:-1]}
        shown = [t for t in reversed(world.tweets)
                 if versions == "all" or t["id"] not in replaced]
        data = [{**world.item(t, fields), "author_id": "42"} for t in shown]
        return web.json_response({
            "data": data, "includes": {"users": [{"id": "42", "username": "refund_waiter",
                                                  "name": "R. Waiter"}]},
            "meta": {"result_count": len(data), "newest_id": data[0]["id"],
                     "oldest_id": data[-1]["id"]}})

    net.handler("GET", SEARCH, search)


def source(net: NetServer, clock: FakeClock, client: httpx.AsyncClient) -> XSource:
    config = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                           user_id=USER_ID, timeout=2.0, queries=["acme"])
    return XSource(config, store=Cursors(), client=client, clock=clock, web_url=net.base)


async def decide(h: Revising, mentions: Sequence[Mention]) -> None:
    await h.pipeline.process_batch(list(mentions))
    await h.outbox.drain()


async def test_an_edit_on_x_edits_the_card_and_alerts_only_the_route_newly_matched(
        store: Store, clock: FakeClock, tmp_path: Path, client: httpx.AsyncClient) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        serve_search(net, world)
        x = source(net, clock, client)
        first = world.add("I love the new acme release")
        await decide(h, await x.poll())
        clock.advance(minutes=4)
        world.edit(first, "I love the new acme release but login is broken")
        read = await x.poll()
        assert [m.id for m in read] == [f"x:{first['id']}"]
        await decide(h, read)
        await decide(h, read)  # read again (another stream, a retried poll): acted on once
    original = f"x:{first['id']}"
    # the praise card edited with the new words, the ticket the new words match opened: no
    # second praise alert, no card for the new id
    assert h.posts() == [("marketing", f"{original}|praise"), ("support", "T-1")]
    updates = [r for r in h.shown() if r[0] == "update"]
    assert [(r[1], r[2]) for r in updates] == [("marketing", f"{original}|praise")]
    assert updates[0][3].endswith("but login is broken")
    kept = await store.get_signal(original)
    assert kept is not None and kept.mention.edits == 1
    assert [r.route for r in kept.routes] == ["praise", "support"]


@pytest.mark.parametrize("versions", ["latest", "all"])
async def test_a_version_read_first_is_a_post_like_any(
        store: Store, clock: FakeClock, tmp_path: Path, client: httpx.AsyncClient,
        versions: str) -> None:
    """The original never seen (posted before the backfill, or a search answering the
    versions before too): one post, the newest words, keyed by the original id."""
    h = Revising(store, clock, tmp_path / "r.jsonl")
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        serve_search(net, world, versions=versions)
        x = source(net, clock, client)
        first = world.add("the new acme release")
        clock.advance(minutes=2)
        second = world.edit(first, "the new acme release, love it")
        clock.advance(minutes=2)
        world.edit(second, "the new acme release, love it so much")
        await decide(h, await x.poll())
    original = f"x:{first['id']}"
    assert h.posts() == [("marketing", f"{original}|praise")]
    kept = await store.get_signal(original)
    assert kept is not None and kept.mention.text.endswith("so much")
    assert [r for r in h.shown() if r[0] == "update"] == []


async def test_an_x_edit_decided_by_two_processes_at_once_edits_once(
        two_stores: tuple[Store, Store], clock: FakeClock, tmp_path: Path,
        client: httpx.AsyncClient) -> None:
    one, two = two_stores
    a = Revising(one, clock, tmp_path / "a.jsonl")
    b = Revising(two, clock, tmp_path / "a.jsonl")  # one workspace, two processes
    b.outbox.owner = "b"
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        serve_search(net, world)
        first = world.add("I love acme but login is broken")
        await decide(a, await source(net, clock, client).poll())
        clock.advance(minutes=3)
        world.edit(first, "I love acme, login is broken again")
        read_a = await source(net, clock, client).poll()
        read_b = await source(net, clock, client).poll()
    await asyncio.gather(a.pipeline.process_batch(list(read_a)),
                         b.pipeline.process_batch(list(read_b)))
    await asyncio.gather(a.outbox.drain(), b.outbox.drain())
    original = f"x:{first['id']}"
    assert a.posts() == [("support", "T-1")]
    updates = [r for r in a.shown() if r[0] == "update"]
    assert [(r[1], r[2], r[4]) for r in updates] == [
        ("support", "T-1", f"socialops: {original} edited by its author; its card shows "
                           "its new words")]


def _tweet(**kw: Any) -> dict[str, Any]:
    return {"id": "1600000000000000010", "text": "hello", "author_id": "42",
            "created_at": "2022-12-06T10:00:00.000Z", **kw}


def test_edit_history_other_than_documented_reads_as_a_post_of_its_own() -> None:
    """A history that is not the documented one (not a list of ids, the version not in it, an
    original newer than the version) keys nothing: the tweet is read under its own id."""
    for history in (None, "1", [], ["x"], ["1600000000000000010"],
                    ["1600000000000000099", "1600000000000000010"],
                    ["1599999999999999999", "1600000000000000011"]):
        page = parse_page({"data": [_tweet(edit_history_tweet_ids=history)]})
        m = normalize_tweet(page.tweets[0], page.users, source="x1")
        assert m.id == "x:1600000000000000010" and m.revision is None, history
    page = parse_page({"data": [_tweet(edit_history_tweet_ids=[
        "1599999999999999999", "1600000000000000010"])]})
    m = normalize_tweet(page.tweets[0], page.users, source="x1")
    assert (m.id, m.revision) == ("x:1599999999999999999", "edit")
    assert m.revised_at is not None and m.revised_at.isoformat().startswith("2022-12-06T10:00")
    assert m.url is not None and m.url.endswith("/status/1600000000000000010")  # as read


async def test_two_streams_reading_two_versions_in_one_poll_keep_the_newest(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The search still finds the original (the edit took out the word it asks for) while the
    mentions timeline brings the edit: one mention, the newest version's words. The stream
    read first won: the card showed words its author had replaced, and the edit, older than
    both cursors by the next poll, was never read again."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        first = world.add("@acmesupport where is my refund")
        clock.advance(minutes=3)
        second = world.edit(first, "@acmesupport where is my order")
        users = {"users": [{"id": "42", "username": "refund_waiter", "name": "R."}]}
        fields = {"created_at", "entities"}
        for path, t in ((SEARCH, first), (f"/2/users/{USER_ID}/mentions", second)):
            net.json("GET", path, {"data": [{**world.item(t, fields), "author_id": "42"}],
                                   "includes": users,
                                   "meta": {"result_count": 1, "newest_id": t["id"]}})
        config = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                               user_id=USER_ID, timeout=2.0, queries=["refund"],
                               mentions=True)
        [m] = await XSource(config, store=Cursors(), client=client, clock=clock).poll()
    assert (m.id, m.text, m.revision) == (f"x:{first['id']}", "@acmesupport where is my order",
                                         "edit")


async def test_a_lookup_of_an_edited_posts_first_address_reads_its_newest_version(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """``GET /2/tweets/:id`` "will always return the most recent edit, along with any edit
    history" (docs.x.com, Post lookup): asked for the original, X may answer the newest
    version. ``why <the original's address>`` failed ("answered another tweet") for a post
    whose author edited it."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        first = world.add("where is my refund @acmesupport")
        clock.advance(minutes=2)
        newest = world.edit(first, "where is my refund, day 12 @acmesupport")
        net.json("GET", f"/2/tweets/{first['id']}", {
            "data": {**world.item(newest, {"created_at"}), "author_id": "42"},
            "includes": {"users": [{"id": "42", "username": "refund_waiter", "name": "R."}]}})
        config = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                               timeout=2.0, queries=["refund"])
        found = await XSource(config, store=Cursors(), client=client, clock=clock).lookup(
            f"https://x.com/refund_waiter/status/{first['id']}")
    assert found is not None
    assert (found.id, found.text) == (f"x:{first['id']}", "where is my refund, day 12 "
                                                           "@acmesupport")


def test_the_recorded_edited_post_reads_as_an_edit_of_its_original() -> None:
    """X's own answer (fixtures/real/x/home_timeline_reverse_chronological_page.json) holds a
    post edited twice: ``edit_history_tweet_ids`` of three ids, the original first and the
    version itself last, as "Edit Posts" documents it."""
    page = parse_page(json.loads((REAL / "home_timeline_reverse_chronological_page.json")
                                 .read_text()))
    [tweet] = [t for t in page.tweets if t["id"] == "1577162244978139137"]
    m = normalize_tweet(tweet, page.users, source="x1")
    assert (m.id, m.revision) == ("x:1577158996984987648", "edit")
    assert m.text.startswith("I hope I\u2019m not mistaken. Fixed it.")
    # no created_at asked: the post made at its original's snowflake time, edited at this one's
    assert m.created_at == snowflake_time("1577158996984987648")
    assert m.revised_at == snowflake_time("1577162244978139137")
    others = [normalize_tweet(t, page.users, source="x1") for t in page.tweets
              if t["id"] != "1577162244978139137"]
    assert all(o.revision is None and o.id == f"x:{o.raw['id']}" for o in others)


async def test_killed_at_each_write_of_an_x_edit_the_cards_come_once(
        clock: FakeClock, tmp_path: Path, client: httpx.AsyncClient) -> None:
    """X's versions as the source reads them (the original, then its edit, a new id) through
    a process killed right after each store write of the pipeline and outbox, a fresh one
    resuming on the SQLite file it left: the same cards as an unkilled run, once each."""
    async with NetServer() as net:
        world = FakeX(net, clock=clock)
        serve_search(net, world)
        x = source(net, clock, client)
        first = world.add("I love acme but login is broken")
        [read_first] = await x.poll()
        clock.advance(minutes=3)
        world.edit(first, "I love acme, login is broken again")
        [read_edit] = await x.poll()
    steps = [read_first, None, read_edit, None]

    async def run(path: Path, crash_after: int | None) -> tuple[bool, list[Any]]:
        s = await open_store(StoreConfig(path=str(path / "s.db")), redis_url=None, clock=clock)
        record = path / "r.jsonl"
        try:
            killed = await run_steps(s, clock, record, steps, crash_after)
            rows = [json.loads(line) for line in record.read_text().splitlines()]
            posts = sorted((r["op"], r["channel"], r["key"]) for r in rows if r["op"] == "post")
            last = {r["key"]: r["text"] for r in rows}
            return killed, [posts, last]
        finally:
            await s.close()

    killed, want = await run(tmp_path / "ref", None)
    assert not killed
    assert [p[1:] for p in want[0]] == [("support", "T-1")]
    assert set(want[1].values()) == {"I love acme, login is broken again"}
    k = 1
    while True:
        killed, got = await run(tmp_path / f"k{k}", k)
        if not killed:
            break
        got[0] = [(op, ch, "T-1" if key.startswith("T-") else key) for op, ch, key in got[0]]
        got[1] = {("T-1" if key.startswith("T-") else key): v for key, v in got[1].items()}
        assert got == want, f"killed after write {k}"
        k += 1
    assert k > 5
