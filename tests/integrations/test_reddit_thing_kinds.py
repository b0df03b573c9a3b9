"""A Reddit thing of the other kind (a comment, ``t1_``, where a listing of posts, ``t3_``, is
read) must not become a stream's cursor: comment ids are another, larger sequence than post
ids, so ``before`` it the posts listing is empty and its head "older" than the cursor; every
later post was dropped, silently, until post ids caught up. Such a thing is a counted skip, and
a stored cursor of the other kind (or of no kind, a bare id) is read past as a first run.
Over the local Reddit server (``World`` plays ``before``/``after`` by fullname, as Reddit does),
cursors in a SQLite file."""

from __future__ import annotations

import copy
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from bot.core.ports import Store
from integrations.social.reddit.parse import normalize_thing
from tests.conftest import FakeClock
from tests.integrations.test_reddit import (
    World,
    b36,
    listing_cursors,
    net,
    numbers,
    source,
    store,
    synthetic,
)
from tests.support.netserver import NetServer

__all__ = ["net", "store"]  # the fixtures, shared with test_reddit.py

COMMENT_ID = b36(30_000_000_000)  # comments' ids run some 30 times past posts' today


def _comment(post: dict[str, Any]) -> dict[str, Any]:
    thing = copy.deepcopy(post)
    thing["kind"] = "t1"
    thing["data"].update(id=COMMENT_ID, name=f"t1_{COMMENT_ID}", body="post-77 a comment",
                         link_id=post["data"]["name"], parent_id=post["data"]["name"])
    return thing


async def test_a_comment_in_a_posts_listing_is_skipped_and_no_cursor(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    world = World(synthetic(3, newest=clock.now))
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock)
    assert numbers(await src.poll()) == [0, 1, 2]
    clock.advance(minutes=2)
    post = synthetic(1, newest=clock.now, start=3)
    world.things[:0] = [_comment(post[0]), *post]  # a listing that answers a comment once
    assert numbers(await src.poll()) == [3]
    assert [s for s in src.skipped if "t1" in s] == [
        f"reddit: a t1 thing (t1_{COMMENT_ID}) in /r/socialops/new, which lists t3"]
    cursor = (await listing_cursors(store))["new:socialops"]
    assert cursor == post[0]["data"]["name"]
    del world.things[0]  # gone from the listing, as Reddit never listed it there
    clock.advance(minutes=2)
    world.things[:0] = synthetic(2, newest=clock.now, start=4)
    assert numbers(await src.poll()) == [4, 5]


@pytest.mark.parametrize("stored", [f"t1_{COMMENT_ID}", COMMENT_ID, f"t5_{COMMENT_ID}"])
async def test_a_stored_cursor_of_another_kind_is_read_past(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        stored: str, caplog: pytest.LogCaptureFixture) -> None:
    await store.set_cursor("rd", json.dumps({"new:socialops": stored}))
    world = World(synthetic(3, newest=clock.now - timedelta(hours=3)))  # outside the window
    world.things[:0] = synthetic(2, newest=clock.now, start=3)
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock, backfill_minutes=60)
    assert numbers(await src.poll()) == [3, 4]
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1 and "is no id Reddit gives" in warned[0], warned
    if "_" in stored:
        assert "not a t3 fullname, what /r/socialops/new lists" in warned[0], warned
    assert await listing_cursors(store) == {
        "new:socialops": world.names()[0]}


def test_a_parent_that_is_no_thing_is_no_reply_target() -> None:
    """A comment's parent_id is where a reply goes: a post's or a comment's fullname only."""
    post = synthetic(1, newest=datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
    for parent, kept in (("t3_abc", "t3_abc"), ("t1_abc", "t1_abc"), ("t5_abc", None),
                         ("abc", None), ("", None), ("t3_", None)):
        thing = _comment(post[0])
        thing["data"]["parent_id"] = parent
        mention = normalize_thing(thing, source="rd")
        assert mention is not None and mention.reply_to == kept, parent


async def test_a_full_page_with_a_thing_of_the_other_kind_still_pages_on(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A page of 100 things is full whatever it holds: one skipped comment in the first page
    after the cursor ended the walk there (99 kept, fewer than a page), and the 51 posts past
    it waited for the next poll."""
    world = World(synthetic(3, newest=clock.now))
    net.handler("GET", "/r/socialops/new", world)
    src = source(net, store, client, clock)
    assert numbers(await src.poll()) == [0, 1, 2]
    clock.advance(minutes=200)
    posts = synthetic(150, newest=clock.now, start=3)
    world.things[:0] = [*posts[:100], _comment(posts[100]), *posts[100:]]
    assert numbers(await src.poll()) == list(range(3, 153))


def _comments(count: int, *, newest: datetime, start: int) -> list[dict[str, Any]]:
    """``count`` comments, newest first, their ids of the comments' sequence."""
    out = []
    for thing in synthetic(count, newest=newest, start=start):
        comment = _comment(thing)
        n = int(thing["data"]["title"].split("-")[1])
        native = b36(30_000_000_000 + n)
        comment["data"].update(id=native, name=f"t1_{native}", body=f"post-{n} a comment")
        out.append(comment)
    return out


async def test_cursors_an_earlier_release_stored_are_read_after(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """A rolling upgrade: each stream's cursor as the release before the kinds were checked
    stored it (a post's fullname for new: and search:, a comment's for comments: and the
    mentions) is still the cursor: only what came after it is read (no first run: nothing
    refetched, no warning), and each cursor moves to its newest."""
    lists = {"/r/socialops/new": World(synthetic(5, newest=clock.now)),
             "/r/socialops/search": World(synthetic(5, newest=clock.now, start=10)),
             "/r/socialops/comments": World(_comments(5, newest=clock.now, start=20)),
             "/message/mentions": World(_comments(5, newest=clock.now, start=30))}
    for path, world in lists.items():
        net.handler("GET", path, world)
    keys = {"/r/socialops/new": "new:socialops", "/r/socialops/search": "search:acme",
            "/r/socialops/comments": "comments:socialops", "/message/mentions": "mentions"}
    # each listing's third newest, as the earlier release stored it
    await store.set_cursor("rd", json.dumps({keys[p]: w.names()[2] for p, w in lists.items()}))
    src = source(net, store, client, clock, comments=True, mentions=True, queries=("acme",),
                 backfill_minutes=60 * 24)
    with caplog.at_level("WARNING"):
        got = await src.poll()
    assert numbers(got) == [3, 4, 13, 14, 23, 24, 33, 34]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    stored = await listing_cursors(store)
    # beside them, the names a search's look back has read (SEARCH_LOOKBACK)
    assert {k: v for k, v in stored.items() if "#" not in k} == {
        keys[p]: w.names()[0] for p, w in lists.items()}
    assert set(stored) - set(keys.values()) == {"search:acme#recent"}
