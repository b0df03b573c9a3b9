"""One hostile item in a polled page, for every JSON source: each page is three items built from
the real recorded payloads, the middle one mutated in one field (wrong types, a missing or
duplicated id, a 10 MB id or text, invalid UTF-8, a lone surrogate, NUL, bidi and zero-width
characters, a combining-mark flood, dates out of range, nesting 10,000 deep, an integer of
5,000 digits). The poll must return (no exception at all: a poll that raised would fetch the
same page again, for ever), the other two items must be read, the hostile one read or skipped
and counted with a one-line reason, and the cursor written.

Served by httpx's ``MockTransport`` (the last inch: the HTTP exchange of each network has its
own suites against local servers; what is under test here is how a source reads a page).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.core.models import Mention
from bot.core.text import MAX_TEXT
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from integrations.social.hackernews.config import HackerNewsSourceConfig
from integrations.social.hackernews.source import HackerNewsSource
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonSource
from integrations.social.mastodon.stream import Endpoint, MastodonStreamer, SseEvent
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.source import RedditSource
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XSource
from tests.support.fakes import Cursors

# in-process polls of local servers; no kill, no clock
pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py

REAL = Path(__file__).parents[1] / "fixtures" / "real"
NOW = datetime(2026, 8, 1, 14, tzinfo=UTC)
BIG = 10_000_000
# Placeholders swapped into the serialised page: what json.dumps cannot write
DEEP = "\x00deep\x00"
BAD_UTF8 = "\x00bad-utf8\x00"
HUGE_INT = "\x00huge-int\x00"  # more digits than Python's int() converts (4,300)
_RAW = {json.dumps(DEEP).encode(): b"[" * 10_000 + b"0" + b"]" * 10_000,
        json.dumps(BAD_UTF8).encode(): b'"acme \xff\xfe\xc3( is down"',
        json.dumps(HUGE_INT).encode(): b"1" + b"0" * 5_000}


def real(path: str) -> Any:
    return json.loads((REAL / path).read_text(encoding="utf-8"))


def body(page: Any) -> bytes:
    raw = json.dumps(page).encode("utf-8", "surrogatepass")
    for placeholder, replacement in _RAW.items():
        raw = raw.replace(placeholder, replacement)
    return raw


class Adapter:
    """One network: three real items, the page around them, the source, and where an item
    keeps its id, text, time and author (paths into the item)."""

    name: str
    id_path: tuple[Any, ...]
    text_path: tuple[Any, ...]
    time_path: tuple[Any, ...]
    author_path: tuple[Any, ...]
    bad_times: tuple[Any, ...] = (None, "0000-01-01T00:00:00Z", "99999-01-01T00:00:00Z",
                                  "NaN", "0001-01-01T00:00:00+01:00", -1)

    def items(self) -> list[Any]:
        raise NotImplementedError

    def page(self, items: list[Any]) -> Any:
        raise NotImplementedError

    def source(self, client: httpx.AsyncClient, cursors: Cursors) -> Any:
        raise NotImplementedError

    def answer(self, request: httpx.Request, page: bytes) -> httpx.Response:
        return httpx.Response(200, content=page, headers={"content-type": "application/json"})


class Mastodon(Adapter):
    name = "mastodon"
    id_path, text_path, time_path, author_path = ("id",), ("content",), ("created_at",), \
        ("account",)

    def items(self) -> list[Any]:
        return list(real("mastodon/account_statuses_page_limit5.json")[:3])

    def page(self, items: list[Any]) -> Any:
        return items

    def source(self, client: httpx.AsyncClient, cursors: Cursors) -> Any:
        config = MastodonSourceConfig(id="m", type="mastodon", base_url="https://m.example",
                                      hashtags=("acme",), backfill_minutes=600)
        return MastodonSource(config, store=cursors, client=client, clock=lambda: NOW)


class X(Adapter):
    name = "x"
    id_path, text_path, time_path, author_path = ("id",), ("text",), ("created_at",), \
        ("author_id",)

    def items(self) -> list[Any]:
        recorded = real("x/tweet_lookup_entities_urls_unwound_postman_example.json")
        self.users = [{"id": recorded["data"]["author_id"], "username": "TwitterDev",
                       "name": "Twitter Dev"}]
        out = []
        for n in range(3):
            tweet = copy.deepcopy(recorded["data"])
            tweet.update(id=str(1578516068309794817 + n), created_at="2026-08-01T13:00:00.000Z")
            out.append(tweet)
        return out

    def page(self, items: list[Any]) -> Any:
        return {"data": items, "includes": {"users": self.users},
                "meta": {"result_count": 3, "newest_id": "1578516068309794819"}}

    def source(self, client: httpx.AsyncClient, cursors: Cursors) -> Any:
        config = XSourceConfig(id="x", type="x", base_url="https://api.x.example",
                               bearer_token="app", queries=("acme",))
        return XSource(config, store=cursors, client=client, clock=lambda: NOW)


class HackerNews(Adapter):
    name = "hackernews"
    id_path, text_path, time_path, author_path = ("objectID",), ("story_text",), \
        ("created_at_i",), ("author",)
    bad_times = (None, "NaN", -1, 10 ** 30, 1.5e300, [])

    def items(self) -> list[Any]:
        story = real("hackernews/item_story_8863.json")
        at = int((NOW - timedelta(minutes=5)).timestamp())
        return [{"objectID": str(9000 + n), "author": story["by"], "title": f"acme {n}",
                 "url": story["url"], "points": story["score"], "story_text": "<p>acme</p>",
                 "comment_text": None, "created_at_i": at + n,
                 "created_at": "2026-08-01T13:55:00.000Z", "_tags": ["story"]}
                for n in range(3)]

    def page(self, items: list[Any]) -> Any:
        return {"hits": items, "nbHits": 3, "page": 0, "nbPages": 1, "hitsPerPage": 1000}

    def source(self, client: httpx.AsyncClient, cursors: Cursors) -> Any:
        config = HackerNewsSourceConfig(id="h", type="hackernews", queries=("acme",))
        return HackerNewsSource(config, store=cursors, client=client, clock=lambda: NOW)


class Reddit(Adapter):
    name = "reddit"
    id_path, text_path, time_path, author_path = ("data", "name"), ("data", "selftext"), \
        ("data", "created_utc"), ("data", "author")
    # a number is the thing's time (an old one ends the first run's window, as it should)
    bad_times = (None, "NaN", "2026-08-01", [], {}, "")

    def items(self) -> list[Any]:
        listing = real("reddit/subreddit_new_listing_100_after_cursor.json")
        out = []
        for n, thing in enumerate(copy.deepcopy(listing["data"]["children"][:3])):
            thing["data"]["created_utc"] = (NOW - timedelta(minutes=5 + n)).timestamp()
            out.append(thing)
        return out

    def page(self, items: list[Any]) -> Any:
        return {"kind": "Listing", "data": {"after": None, "before": None, "children": items}}

    def source(self, client: httpx.AsyncClient, cursors: Cursors) -> Any:
        config = RedditSourceConfig(id="r", type="reddit", base_url="https://oauth.example",
                                    auth_url="https://www.example", client_id="c",
                                    client_secret="s", subreddits=("acme",), comments=False)
        return RedditSource(config, store=cursors, client=client, clock=lambda: NOW)

    def answer(self, request: httpx.Request, page: bytes) -> httpx.Response:
        if request.url.path.endswith("/access_token"):
            return httpx.Response(200, json={"access_token": "t", "token_type": "bearer",
                                             "expires_in": 86400, "scope": "*"})
        return super().answer(request, page)


class Bluesky(Adapter):
    name = "bluesky"
    id_path, text_path, time_path, author_path = ("uri",), ("record", "text"), \
        ("record", "createdAt"), ("author",)

    def items(self) -> list[Any]:
        view = real("bluesky/getPostThread_record_with_media_empty_text.json")["thread"]["post"]
        record = real("bluesky/post_record_facets_mention_link_emoji_byte_offsets.json")
        out = []
        for n in (1, 2, 3):
            post = copy.deepcopy(view)
            post["uri"] = f"at://{post['author']['did']}/app.bsky.feed.post/3k{n}"
            post["indexedAt"] = f"2026-08-01T13:5{n}:00Z"
            post["record"] = {**copy.deepcopy(record), "createdAt": "2026-08-01T13:50:00Z"}
            out.append(post)
        return out

    def page(self, items: list[Any]) -> Any:
        return {"posts": items}

    def source(self, client: httpx.AsyncClient, cursors: Cursors) -> Any:
        config = BlueskySourceConfig(id="b", type="bluesky", base_url="https://appview.example",
                                     queries=("acme",), backfill_minutes=600)
        return BlueskySource(config, store=cursors, client=client, clock=lambda: NOW)


Mutation = Callable[[Adapter, list[Any]], Any]


def at(path_of: str, value: Any) -> Mutation:
    """Set the middle item's field ``path_of`` (an adapter's ``*_path``) to ``value``."""
    def mutate(adapter: Adapter, items: list[Any]) -> Any:
        path = getattr(adapter, path_of)
        target = items[1]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return items
    return mutate


def whole(value: Any) -> Mutation:
    def mutate(adapter: Adapter, items: list[Any]) -> Any:
        items[1] = value
        return items
    return mutate


def dropped(path_of: str) -> Mutation:
    def mutate(adapter: Adapter, items: list[Any]) -> Any:
        path = getattr(adapter, path_of)
        target = items[1]
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        return items
    return mutate


def bad_time(n: int) -> Mutation:
    def mutate(adapter: Adapter, items: list[Any]) -> Any:
        return at("time_path", adapter.bad_times[n])(adapter, items)
    return mutate


def unknown_field(value: Any) -> Mutation:
    """A field the network does not define, beside the text, holding ``value`` (an AT Protocol
    record takes any JSON: ``createRecord`` with ``validate: false``)."""
    def mutate(adapter: Adapter, items: list[Any]) -> Any:
        target = items[1]
        for key in adapter.text_path[:-1]:
            target = target[key]
        target["x-extra"] = value
        return items
    return mutate


def duplicate_id(adapter: Adapter, items: list[Any]) -> Any:
    first = items[0]
    for key in adapter.id_path:
        first = first[key]
    return at("id_path", first)(adapter, items)


MUTATIONS: dict[str, Mutation] = {
    "id-null": at("id_path", None),
    "id-number": at("id_path", 12345),
    "id-list": at("id_path", ["1"]),
    "id-object": at("id_path", {"id": "1"}),
    "id-empty": at("id_path", ""),
    "id-missing": dropped("id_path"),
    "id-10MB": at("id_path", "9" * BIG),
    "id-duplicate": duplicate_id,
    "id-deep": at("id_path", DEEP),
    "id-huge-int": at("id_path", HUGE_INT),
    "text-null": at("text_path", None),
    "text-number": at("text_path", 7),
    "text-list": at("text_path", ["acme"]),
    "text-object": at("text_path", {"text": "acme"}),
    "text-10MB": at("text_path", "acme " * (BIG // 5)),
    "text-invalid-utf8": at("text_path", BAD_UTF8),
    "text-lone-surrogate": at("text_path", "acme \ud800 down \udfff"),
    "text-nul": at("text_path", "acme\x00down"),
    "text-bidi": at("text_path", "acme \u202egpj.exe"),
    "text-zero-width": at("text_path", "@\u200beveryone acme"),
    "text-zalgo": at("text_path", "acme" + "\u0301\u0302\u0303" * 30_000),
    "text-deep": at("text_path", DEEP),
    "author-null": at("author_path", None),
    "author-string": at("author_path", "someone"),
    "author-list": at("author_path", [{"id": "1"}]),
    "author-deep": at("author_path", DEEP),
    "item-null": whole(None),
    "item-list": whole([]),
    "item-string": whole("acme"),
    "item-deep": whole(DEEP),
    "unknown-field-deep": unknown_field(DEEP),
    "unknown-field-10MB": unknown_field("acme " * (BIG // 5)),
    "unknown-field-2M-items": unknown_field([0] * 2_000_000),
    "unknown-field-huge-int": unknown_field(HUGE_INT),
    "time-huge-int": at("time_path", HUGE_INT),
    **{f"time-{n}": bad_time(n) for n in range(6)},
}
ADAPTERS = [Mastodon(), X(), HackerNews(), Reddit(), Bluesky()]


def item_key(adapter: Adapter, item: Any) -> str:
    for key in adapter.id_path:
        item = item[key]
    return str(item)


async def poll(adapter: Adapter, page: bytes,
               cursors: Cursors | None = None) -> tuple[Any, list[Mention], Cursors]:
    cursors = cursors or Cursors()
    transport = httpx.MockTransport(lambda request: adapter.answer(request, page))
    async with httpx.AsyncClient(transport=transport) as client:
        source = adapter.source(client, cursors)
        got = list(await source.poll())
    return source, got, cursors


@pytest.mark.parametrize("mutation", list(MUTATIONS))
@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: a.name)
async def test_one_hostile_item_is_read_or_skipped_and_the_page_goes_on(
        adapter: Adapter, mutation: str) -> None:
    items = adapter.items()
    others = {item_key(adapter, items[0]), item_key(adapter, items[2])}
    hostile = MUTATIONS[mutation](adapter, copy.deepcopy(items))
    source, got, cursors = await poll(adapter, body(adapter.page(hostile)))
    natives = {m.native_id if adapter.name != "bluesky" else m.id.removeprefix("bluesky:")
               for m in got}
    natives |= {f"t3_{n}" for n in natives}  # reddit: the item's name is t3_<native id>
    assert others <= natives, f"{mutation}: the rest of the page was lost"
    assert len(got) == 3 or len(source.skipped) + getattr(source, "gone", 0) >= 1 or \
        mutation == "id-duplicate", f"{mutation}: the item was dropped without a count"
    assert len({m.id for m in got}) == len(got)
    assert all("\n" not in reason for reason in source.skipped)
    assert cursors.writes >= 1
    if isinstance(source, HackerNewsSource):
        assert source.requests == 1  # a hit it cannot read did not make the window split
    for m in got:
        assert len(m.text) <= MAX_TEXT and len(m.id) <= 400
        # what is stored of it is bounded too: every string of it, its kept payload's too
        assert len(m.to_json()) < 500_000


async def test_a_bluesky_post_skipped_as_the_newest_is_not_read_again() -> None:
    """The cursor moved only past posts that were read: an unreadable newest post was fetched
    and skipped (a log line, a count) again at every poll until a newer post came."""
    adapter = Bluesky()
    items = adapter.items()
    items[2]["record"]["text"] = None  # the newest
    page = body(adapter.page(items))
    source, got, cursors = await poll(adapter, page)
    assert len(got) == 2 and len(source.skipped) == 1
    again, got, _ = await poll(adapter, page, cursors)
    assert got == [] and list(again.skipped) == []


async def test_a_hacker_news_hit_skipped_as_the_newest_is_not_read_again() -> None:
    adapter = HackerNews()
    items = adapter.items()
    items[2]["objectID"] = "not an id " * 1_000  # the newest; its time is readable

    def answer(request: httpx.Request, _: bytes) -> httpx.Response:
        # Algolia's window: created_at_i>=LO,created_at_i<=HI
        lo, hi = map(int, re.findall(r"\d+", request.url.params["numericFilters"]))
        hits = [h for h in items if lo <= h["created_at_i"] <= hi]
        return httpx.Response(200, json=adapter.page(hits) | {"nbHits": len(hits)})

    adapter.answer = answer  # type: ignore[method-assign]
    source, got, cursors = await poll(adapter, b"")
    assert len(got) == 2 and len(source.skipped) == 1
    again, got, _ = await poll(adapter, b"", cursors)
    assert got == [] and list(again.skipped) == []
    assert len(cursors.values["h"]) < 500  # the hostile id is not kept whole


@pytest.mark.parametrize("adapter", [Reddit(), HackerNews(), X()], ids=lambda a: a.name)
async def test_posts_without_an_author_are_not_one_customer(adapter: Adapter) -> None:
    """Reddit's ``[deleted]`` author, a Hacker News hit without one, a tweet without
    ``author_id``: each was the author id "[deleted]" (X: "unknown"), so every such post was
    one customer's (a ticket card counted the others as this person's earlier mentions and
    listed their open tickets; enough of them made one "likely bot")."""
    items = adapter.items()
    for item in items[:2]:
        if isinstance(adapter, Reddit):
            item["data"].update(author="[deleted]", author_fullname=None)
        else:
            item.pop("author" if isinstance(adapter, HackerNews) else "author_id")
    _, got, _ = await poll(adapter, body(adapter.page(items)))
    assert len(got) == 3
    assert len({m.customer_key for m in got}) == 3
    shown = "[unknown]" if isinstance(adapter, X) else "[deleted]"
    assert [m.author.handle for m in got].count(shown) == 2  # what cards and rules see


async def test_a_streamed_post_holding_json_10000_deep_is_read() -> None:
    """A pushed event is one post: one nested too deep for ``json.loads`` (in a field the
    network does not define) was dropped as "not JSON"; it is read, the deep part cut."""
    deep = "[" * 10_000 + "1" + "]" * 10_000
    status = Mastodon().items()[0]
    async with httpx.AsyncClient() as client:
        mastodon = MastodonSource(
            MastodonSourceConfig(id="m", type="mastodon", base_url="https://m.example",
                                 hashtags=("acme",)),
            store=Cursors(), client=client, clock=lambda: NOW)
        data = json.dumps({**status, "x-extra": DEEP}).replace(json.dumps(DEEP), deep)
        read = await MastodonStreamer(mastodon).to_mention(
            SseEvent("update", data), Endpoint("tag:acme", "/api/v1/streaming/hashtag", ()))
        assert read is not None and read[0].native_id == status["id"]
        assert mastodon.skipped == []
        bluesky = Bluesky().source(client, Cursors())
        bluesky.prefilter = lambda text: True
        event = {"did": "did:plc:abcdefghijklmnopqrstuvwx", "time_us": 1, "kind": "commit",
                 "commit": {"rev": "3l", "operation": "create", "collection": "app.bsky.feed.post",
                            "rkey": "3kx", "cid": "b", "record": {
                                "$type": "app.bsky.feed.post", "text": "acme is down",
                                "createdAt": "2026-08-01T13:50:00Z", "x-extra": DEEP}}}
        mention, at = await bluesky._from_event(json.dumps(event).replace(json.dumps(DEEP), deep))
        assert mention is not None and mention.text == "acme is down" and at == 1
        assert bluesky.skipped == []
