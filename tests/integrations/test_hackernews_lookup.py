"""Looking one Hacker News item up by its address (``HackerNewsSource.lookup``, what ``why``
asks for a post socialops never fetched), against a local server speaking Algolia's HN API:
``search_by_date`` for polling and ``/api/v1/items/:id`` for the lookup.

No recorded Algolia answer exists (tests/fixtures/real/README.md, "gaps"), so both answers are
built from the official Firebase item fixtures the way hn-search builds them: the index's hit
(``story_text``/``comment_text``, ``num_comments``, ``_tags``) and the items serializer
(``text`` re-wrapped in ``<p>`` paragraphs, the whole ``children`` tree, ``{id, children}``
only for a dead or deleted item, algolia/hn-search app/serializers/item_serializer.rb)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.errors import MalformedPayload, RateLimited, SourceAuthError, SourceError
from integrations.social.hackernews.config import HackerNewsSourceConfig
from integrations.social.hackernews.parse import item_id_of
from integrations.social.hackernews.source import HackerNewsSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import Fault, NetServer

HN = Path(__file__).parents[1] / "fixtures" / "real" / "hackernews"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
T0 = int(NOW.timestamp())


def firebase(name: str) -> dict[str, Any]:
    item: dict[str, Any] = json.loads((HN / name).read_text(encoding="utf-8"))
    return item


class Algolia:
    """Items by id; ``search_by_date`` answers their hits, ``/api/v1/items/:id`` the item."""

    def __init__(self, net: NetServer) -> None:
        self.net = net
        self.items: dict[int, dict[str, Any]] = {}  # id -> Firebase-shaped item (+ story)
        net.handler("GET", "/api/v1/search_by_date", self._search)

    def add(self, name: str, *, item_id: int, at: int, story: int | None = None,
            kids: list[dict[str, Any]] | None = None) -> None:
        item = {**firebase(name), "id": item_id, "time": at, "story": story, "kids_tree": kids}
        self.items[item_id] = item
        self.net.handler("GET", f"/api/v1/items/{item_id}", self._item)

    def hit(self, item: dict[str, Any]) -> dict[str, Any]:
        kind, story_id = item["type"], item["story"] or item["id"]
        return {"objectID": str(item["id"]), "created_at_i": item["time"],
                "author": item["by"], "title": item.get("title"), "url": item.get("url"),
                "points": item.get("score"),
                "story_text": None if kind == "comment" else item.get("text"),
                "comment_text": item.get("text") if kind == "comment" else None,
                "num_comments": item.get("descendants") if kind != "comment" else None,
                "parent_id": item.get("parent"), "story_id": story_id,
                "_tags": [kind, f"author_{item['by']}", f"story_{story_id}"],
                "_highlightResult": {"author": {"value": item["by"], "matchLevel": "none"}}}

    async def _search(self, request: web.Request) -> web.Response:
        bounds = re.fullmatch(r"created_at_i>=(\d+),created_at_i<=(\d+)",
                              request.query["numericFilters"])
        assert bounds is not None
        lo, hi = int(bounds.group(1)), int(bounds.group(2))
        hits = [self.hit(i) for i in self.items.values() if lo <= i["time"] <= hi]
        return web.json_response({"hits": hits, "nbHits": len(hits), "page": 0, "nbPages": 1})

    async def _item(self, request: web.Request) -> web.Response:
        item = self.items[int(request.path.rsplit("/", 1)[-1])]
        text = item.get("text")
        body = {"id": item["id"], "created_at": datetime.fromtimestamp(item["time"], UTC)
                .strftime("%Y-%m-%dT%H:%M:%S.000Z"), "created_at_i": item["time"],
                "type": item["type"], "author": item["by"], "title": item.get("title"),
                "url": item.get("url"), "points": item.get("score"),
                "text": f"<p>{text.replace('<p>', '</p><p>')}</p>" if text else text,
                "parent_id": item.get("parent"), "story_id": item["story"] or item["id"],
                "children": item["kids_tree"] or [], "options": []}
        if item["type"] in ("story", "poll"):
            del body["parent_id"], body["story_id"]
        if item["type"] == "comment":
            del body["title"], body["url"]
        return web.json_response(body)


def comment(item_id: int, *children: dict[str, Any], dead: bool = False) -> dict[str, Any]:
    if dead:
        return {"id": item_id, "children": list(children)}
    return {"id": item_id, "type": "comment", "author": "someone", "text": "<p>hi</p>",
            "created_at_i": T0, "children": list(children)}


@pytest.fixture
def algolia(net: NetServer) -> Algolia:
    return Algolia(net)


def source(net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> HackerNewsSource:
    cfg = HackerNewsSourceConfig(id="hn", type="hackernews", queries=("dropbox",),
                                 base_url=net.base, timeout=1.0)
    return HackerNewsSource(cfg, store=Cursors(), client=client, clock=clock)


def test_item_addresses() -> None:
    assert item_id_of("https://news.ycombinator.com/item?id=8863") == "8863"
    assert item_id_of("http://news.ycombinator.com/item?id=8863&p=2") == "8863"
    for other in ("https://news.ycombinator.com/item?id=abc", "https://news.ycombinator.com/",
                  "https://news.ycombinator.com/user?id=pg", "https://example.com/item?id=1",
                  "https://news.ycombinator.com/item?id=1&id=2",
                  "https://news.ycombinator.com/item?id=²"):
        assert item_id_of(other) is None, other


async def test_an_item_is_looked_up_and_equals_the_polled_one(
        net: NetServer, algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = NOW
    tree = [comment(2, comment(3), comment(4, dead=True)), comment(5)]
    story = firebase("item_ask_121003.json")
    algolia.add("item_ask_121003.json", item_id=1, at=T0 - 60, kids=tree)
    algolia.items[1]["descendants"] = 3  # what the index counts: the live comments
    algolia.add("item_comment_2921983.json", item_id=6, at=T0 - 30, story=1)
    src = source(net, client, clock)
    polled = {m.id: m for m in await src.poll()}
    for item_id in (1, 6):
        found = await src.lookup(f"https://news.ycombinator.com/item?id={item_id}")
        assert found is not None
        want = polled[f"hackernews:{item_id}"]
        # the same Mention; only ``raw`` keeps what each endpoint sent (a hit from search,
        # the item rebuilt as one from the items API)
        assert found.model_dump(exclude={"raw"}) == want.model_dump(exclude={"raw"})
    story_mention = await src.lookup("https://news.ycombinator.com/item?id=1")
    assert story_mention is not None
    assert story_mention.metrics == {"points": story["score"], "comments": 3}
    assert story_mention.text.startswith("Ask HN: The Arc Effect\n\nor HN: the Next Iteration")
    reply = await src.lookup("https://news.ycombinator.com/item?id=6")
    assert reply is not None and (reply.thread_id, reply.reply_to) == ("1", "2921506")


async def test_a_missing_dead_or_deleted_item_is_none(
        net: NetServer, algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    src = source(net, client, clock)
    assert await src.lookup("https://news.ycombinator.com/item?id=404") is None  # 404
    net.json("GET", "/api/v1/items/7", {"id": 7, "children": []})  # dead or deleted
    assert await src.lookup("https://news.ycombinator.com/item?id=7") is None
    before = len(net.requests)
    assert await src.lookup("https://news.ycombinator.com/user?id=pg") is None
    assert len(net.requests) == before


@pytest.mark.parametrize(("fault", "error"), [
    (Fault.http(403, None, {"message": "forbidden"}), SourceAuthError),
    (Fault.server_error(), SourceError),
    (Fault.delay(2.0), SourceError),
    (Fault.truncated(), SourceError),
    (Fault.malformed_json(), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"}, [1, 2]), MalformedPayload),
    (Fault.http(200, {"Content-Type": "application/json"}, {"id": 99, "author": "x"}),
     MalformedPayload),  # another item than asked for
    (Fault.http(200, {"Content-Type": "application/json"},
                {"id": 1, "author": "x", "created_at_i": "yesterday", "created_at": "soon"}),
     MalformedPayload),
])
async def test_failures_are_our_errors(net: NetServer, algolia: Algolia,
                                       client: httpx.AsyncClient, clock: FakeClock,
                                       fault: Fault, error: type[Exception]) -> None:
    algolia.add("item_story_8863.json", item_id=1, at=T0)
    net.fault("GET", "/api/v1/items/1", fault)
    src = source(net, client, clock)
    with pytest.raises(error) as info:
        await src.lookup("https://news.ycombinator.com/item?id=1")
    assert not isinstance(info.value, httpx.HTTPError)
    assert await src.lookup("https://news.ycombinator.com/item?id=1") is not None


async def test_a_rate_limit_is_rate_limited_with_its_wait(
        net: NetServer, algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    algolia.add("item_story_8863.json", item_id=1, at=T0)
    net.fault("GET", "/api/v1/items/1", Fault.rate_limited({"Retry-After": "120"}))
    with pytest.raises(RateLimited) as info:
        await source(net, client, clock).lookup("https://news.ycombinator.com/item?id=1")
    assert info.value.retry_after == 120
