"""The Hacker News source over real HTTP against a local Algolia-like search server.

No recorded Algolia response exists (see tests/fixtures/real/README.md, "gaps"): the server's
hits are built from the official Firebase item fixtures, the way Algolia indexes them, and it
answers like ``search_by_date``: newest first, ``nbHits`` for the whole window, at most
``hitsPerPage`` hits.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.core.errors import MalformedPayload, RateLimited, SourceAuthError, SourceError
from integrations.social.hackernews.config import HackerNewsSourceConfig
from integrations.social.hackernews.source import HackerNewsSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors

HN = Path(__file__).parents[1] / "fixtures" / "real" / "hackernews"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
T0 = int(NOW.timestamp())


def hit_from(name: str, *, object_id: int, at: int) -> dict[str, Any]:
    item = json.loads((HN / name).read_text(encoding="utf-8"))
    kind = item["type"]
    return {
        "objectID": str(object_id), "author": item["by"], "created_at_i": at,
        "title": item.get("title"), "url": item.get("url"), "points": item.get("score"),
        "story_text": None if kind == "comment" else item.get("text"),
        "comment_text": item.get("text") if kind == "comment" else None,
        "parent_id": item.get("parent"), "story_id": item.get("parent"),
        "_tags": [kind, f"author_{item['by']}"],
    }


@dataclass
class Algolia:
    hits: list[dict[str, Any]] = field(default_factory=list)
    stray: list[dict[str, Any]] = field(default_factory=list)  # served whatever the window
    faults: list[web.Response] = field(default_factory=list)
    queries: list[dict[str, str]] = field(default_factory=list)
    count: str = "exact"  # "missing", "approximate", "approximate_new" or "exact" nbHits
    ignores_window: bool = False  # a server that serves every hit whatever the filter
    server: TestServer | None = None

    async def search(self, request: web.Request) -> web.Response:
        self.queries.append(dict(request.query))
        if self.faults:
            return self.faults.pop(0)
        bounds = re.fullmatch(r"created_at_i>=(\d+),created_at_i<=(\d+)",
                              request.query["numericFilters"])
        assert bounds is not None
        lo, hi = int(bounds.group(1)), int(bounds.group(2))
        tags = request.query["tags"].strip("()").split(",")
        match = [h for h in self.hits if (self.ignores_window or lo <= h["created_at_i"] <= hi)
                 and h["_tags"][0] in tags]
        match.sort(key=lambda h: -h["created_at_i"])
        match = self.stray + match
        per = int(request.query["hitsPerPage"])
        body: dict[str, Any] = {"hits": match[:per], "nbHits": len(match), "page": 0,
                                "nbPages": -(-len(match) // per), "hitsPerPage": per}
        if self.count == "missing":
            del body["nbHits"]
        elif self.count == "approximate":  # over 50 ms: a guess, here one page's worth
            body.update(nbHits=min(len(match), per), exhaustiveNbHits=False)
        elif self.count == "approximate_new":
            body.update(nbHits=min(len(match), per), exhaustive={"nbHits": False})
        return web.json_response(body)


@pytest.fixture
async def algolia() -> AsyncIterator[Algolia]:
    a = Algolia()
    app = web.Application()
    app.router.add_get("/api/v1/search_by_date", a.search)
    a.server = TestServer(app, host="127.0.0.1", port=0)
    await a.server.start_server()
    yield a
    await a.server.close()


def make(algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock,
         cursors: Cursors, **kw: Any) -> HackerNewsSource:
    assert algolia.server is not None
    cfg = HackerNewsSourceConfig(id="hn", type="hackernews", queries=("dropbox",),
                                 base_url=str(algolia.server.make_url("/")), timeout=2.0,
                                 backfill_minutes=60)
    return HackerNewsSource(cfg, store=cursors, client=client, clock=clock, **kw)


async def test_quiet_first_run_then_boundary_second_neither_lost_nor_doubled(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = NOW
    algolia.hits = [
        hit_from("item_story_8863.json", object_id=1, at=T0 - 7200),  # before the backfill
        hit_from("item_ask_121003.json", object_id=2, at=T0 - 600),
        hit_from("item_comment_2921983.json", object_id=3, at=T0 - 10),
    ]
    cursors = Cursors()
    src = make(algolia, client, clock, cursors)
    first = await src.poll()
    assert [m.id for m in first] == ["hackernews:2", "hackernews:3"]
    assert algolia.queries[0]["tags"] == "(story,comment)"
    assert algolia.queries[0]["query"] == "dropbox"
    # a second item at the boundary second is indexed late; the first is not returned again
    algolia.hits.append(hit_from("item_story_8863.json", object_id=4, at=T0 - 10))
    clock.advance(seconds=60)
    second = await make(algolia, client, clock, cursors).poll()
    assert [m.id for m in second] == ["hackernews:4"]
    clock.advance(seconds=60)
    assert await make(algolia, client, clock, cursors).poll() == []


async def test_window_is_split_when_the_cap_is_hit(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = NOW
    algolia.hits = [hit_from("item_comment_2921983.json", object_id=100 + i, at=T0 - 50 * i)
                    for i in range(40)]
    src = make(algolia, client, clock, Cursors(), hits_per_page=5)
    got = await src.poll()
    assert sorted(m.id for m in got) == sorted(f"hackernews:{100 + i}" for i in range(40))
    assert len({m.id for m in got}) == 40
    assert src.requests > 8  # it had to narrow the window to read past the cap


async def test_faults(algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = NOW
    src = make(algolia, client, clock, Cursors())
    algolia.faults = [
        web.Response(status=429, headers={"Retry-After": "30"}),
        web.Response(status=500, text="boom"),
        web.Response(status=200, text='{"hits": [', content_type="application/json"),
        web.Response(status=200, text='{"message": "bad"}', content_type="application/json"),
        web.Response(status=403, text="blocked"),
    ]
    with pytest.raises(RateLimited) as info:
        await src.poll()
    assert info.value.retry_after == 30
    with pytest.raises(SourceError, match="500"):
        await src.poll()
    with pytest.raises(MalformedPayload):
        await src.poll()
    with pytest.raises(MalformedPayload):
        await src.poll()
    with pytest.raises(SourceAuthError) as refused:  # what to fix: no credential keys here
        await src.poll()
    assert str(refused.value).endswith(
        "refused access (403); the Algolia API asks for no login: check base_url, and whether "
        "a proxy or firewall refuses this client (user_agent)"), refused.value


async def test_malformed_hits_are_counted_skips(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = NOW
    good = hit_from("item_story_8863.json", object_id=7, at=T0 - 5)
    algolia.hits = [good, {**good, "objectID": "bad"},
                    {**good, "objectID": "8", "author": None, "title": None,
                     "story_text": None}]
    src = make(algolia, client, clock, Cursors())
    got = await src.poll()
    assert [m.id for m in got] == ["hackernews:7"]
    assert len(src.skipped) == 2


async def test_only_a_hit_read_and_not_from_the_future_moves_the_cursor(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    # the cursor moved before the hit was read: a skipped one dated 10**30 left every later
    # window empty, and so would a readable one dated years ahead
    clock.now = NOW
    good = hit_from("item_story_8863.json", object_id=7, at=T0 - 5)
    algolia.hits = [good]
    algolia.stray = [{"objectID": "1", "created_at_i": "9" * 30, "author": "a", "title": "t"},
                     {**good, "objectID": "9", "created_at_i": T0 + 365 * 86400}]
    cursors = Cursors()
    src = make(algolia, client, clock, cursors)
    assert [m.id for m in await src.poll()] == ["hackernews:7"]
    assert len(src.skipped) == 2 and "past our clock" in src.skipped[-1]
    state = json.loads(cursors.values["hn"])["queries"]["dropbox"]
    assert {k: state[k] for k in ("t", "ids", "recent")} == {
        "t": T0 - 5, "ids": ["7"], "recent": {"7": T0 - 5}}
    algolia.stray = []
    algolia.hits.append(hit_from("item_ask_121003.json", object_id=8, at=T0 + 30))
    clock.advance(seconds=60)
    assert [m.id for m in await make(algolia, client, clock, cursors).poll()] == [
        "hackernews:8"]


async def test_a_stored_cursor_past_the_clock_is_ignored(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    # saved before hits from the future were skipped: every window after it was empty
    clock.now = NOW
    algolia.hits = [hit_from("item_story_8863.json", object_id=7, at=T0 - 5)]
    cursors = Cursors()
    cursors.values["hn"] = json.dumps({"queries": {"dropbox": {"t": 10 ** 30, "ids": ["1"]}}})
    assert [m.id for m in await make(algolia, client, clock, cursors).poll()] == [
        "hackernews:7"]
    assert json.loads(cursors.values["hn"])["queries"]["dropbox"]["t"] == T0 - 5


@pytest.mark.parametrize(("held", "split"), [(5, False), (6, True), (11, True)])
async def test_a_window_of_exactly_a_page_is_read_whole_and_one_more_splits_it(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock, held: int,
        split: bool) -> None:
    """Only a full page is split (a short one claiming more is a lie no half can undo):
    a window holding exactly one page (nbHits equal to the page) is read in one request,
    and one hit more makes the page full with nbHits past it, so the window is split and
    nothing is lost either way."""
    clock.now = NOW
    algolia.hits = [hit_from("item_comment_2921983.json", object_id=100 + i, at=T0 - 50 * i)
                    for i in range(held)]
    src = make(algolia, client, clock, Cursors(), hits_per_page=5)
    got = await src.poll()
    assert sorted(m.id for m in got) == sorted(f"hackernews:{100 + i}" for i in range(held))
    assert (src.requests > 1) is split and src.skipped == []


@pytest.mark.parametrize("count", ["missing", "approximate", "approximate_new"])
async def test_a_full_page_whose_count_is_missing_or_approximate_is_split(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock, count: str) -> None:
    """Algolia approximates nbHits when a query takes over 50 ms (``exhaustiveNbHits`` false,
    or ``exhaustive.nbHits`` false in newer responses; algolia.com/doc "Understand the API
    response"): a full page whose count is a guess, or missing, may hide more. It was read as
    the whole window, and the other 7 of 12 hits were lost without a word."""
    clock.now = NOW
    algolia.count = count
    algolia.hits = [hit_from("item_comment_2921983.json", object_id=100 + i, at=T0 - 50 * i)
                    for i in range(12)]
    src = make(algolia, client, clock, Cursors(), hits_per_page=5)
    got = await src.poll()
    assert sorted(m.id for m in got) == sorted(f"hackernews:{100 + i}" for i in range(12))
    assert src.skipped == []


async def test_a_server_that_ignores_the_window_is_not_split_to_single_seconds(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A base_url whose server ignores numericFilters sends the same full page for every
    window, whatever its count says: splitting would ask every second of the backfill hour
    (7,199 requests); a hit outside the window asked for tells it, so at most one half of
    each split goes on (about 2 x log2(3,600) requests), with a skip saying more may exist."""
    clock.now = NOW
    algolia.count = "missing"
    algolia.ignores_window = True
    algolia.hits = [hit_from("item_comment_2921983.json", object_id=100 + i, at=T0 - 400 * i)
                    for i in range(12)]
    src = make(algolia, client, clock, Cursors(), hits_per_page=5)
    got = await src.poll()
    assert sorted(m.id for m in got) == sorted(f"hackernews:{100 + i}" for i in range(5))
    assert src.requests <= 2 * 12 + 1, src.requests
    assert any("maybe more" in s for s in src.skipped), src.skipped


async def test_hits_before_the_window_from_a_server_that_ignores_it_are_left_out_and_counted(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A base_url whose server ignores numericFilters answers hits older than the window
    asked for: last poll's, which dedup forgets after its window, and on a first poll ones
    older than the backfill. They were delivered (as new once dedup forgot them); now they
    are left out, counted in socialops_mentions_skipped_total with one line."""
    clock.now = NOW
    algolia.ignores_window = True
    algolia.hits = [hit_from("item_comment_2921983.json", object_id=100, at=T0 - 60),
                    hit_from("item_comment_2921983.json", object_id=101, at=T0 - 5 * 86400)]
    cursors = Cursors()
    src = make(algolia, client, clock, cursors)
    assert [m.id for m in await src.poll()] == ["hackernews:100"]
    assert src.skipped.total == 1 and "dated before the window asked for" in src.skipped[0]
    clock.advance(minutes=5)
    algolia.hits.insert(0, hit_from("item_comment_2921983.json", object_id=102, at=T0 + 200))
    assert [m.id for m in await src.poll()] == ["hackernews:102"]
    assert src.skipped.total == 2  # 101 again (100 is at the cursor's second, known there)


async def test_one_damaged_date_on_a_full_page_does_not_stop_the_window_s_split(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """One hit dated outside the window (a damaged created_at_i) among hits inside it was
    read as a server ignoring the window, so the split stopped: of 30 hits in the hour 10
    were read, the 20 others counted once as 'only 10 can be read', and the cursor moved
    past them. Only a page mostly outside the window tells that server; the damaged hit is
    left out and counted."""
    clock.now = NOW
    algolia.hits = [hit_from("item_comment_2921983.json", object_id=100 + i, at=T0 - 60 * i)
                    for i in range(30)]
    algolia.stray = [hit_from("item_comment_2921983.json", object_id=99, at=1)]
    src = make(algolia, client, clock, Cursors(), hits_per_page=10)
    got = await src.poll()
    assert sorted(m.id for m in got) == sorted(f"hackernews:{100 + i}" for i in range(30))
    assert not any("can be read" in s for s in src.skipped), src.skipped
    assert src.skipped.total == 1  # once, though every half's page held it
    assert "1 hit(s) dated before the window asked for" in src.skipped[0]
