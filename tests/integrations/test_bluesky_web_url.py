"""``web_url``: the web client a Bluesky source's cards link to. Every post and profile link
was ``https://bsky.app``'s, though a team on its own PDS and AppView (or one that reads
Bluesky in another client) needs its own; links of bsky.app and of the configured client are
both looked up by ``why``."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.app.compose import look_up
from bot.core.ports import Source, Store
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.parse import (
    normalize_jetstream,
    normalize_post_view,
    normalize_record,
)
from integrations.social.bluesky.source import BlueskyPublisher, BlueskySource
from tests.app.test_why_lookup import Finder, post
from tests.conftest import FakeClock
from tests.integrations.test_bluesky import (
    KASIA,
    KEYWORDS,
    NOW,
    Bsky,
    Pds,
    config,
    iso,
    no_sleep,
)
from tests.support.netserver import NetServer

WEB = "https://deer.example/"  # a trailing slash, as people write it
RECORD = {"$type": "app.bsky.feed.post", "text": "acme is down", "createdAt": iso(NOW)}


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


def test_web_url_is_checked_as_the_other_urls_are() -> None:
    def problems(**kw: Any) -> list[tuple[Any, str]]:
        cfg = BlueskySourceConfig(id="b", type="bluesky", queries=("acme",), **kw)
        return list(cfg.problems(resolve=Path))

    assert problems() == [] and problems(web_url=WEB) == []
    assert problems(web_url="deer.example") == [(("web_url",), (
        "'deer.example' is not a full http/https URL; did you mean 'https://deer.example'?"))]
    assert BlueskySourceConfig(id="b", type="bluesky").web_url == "https://bsky.app"


def test_every_normaliser_links_to_the_configured_web_client() -> None:
    uri = f"at://{KASIA}/app.bsky.feed.post/3k"
    record = normalize_record(RECORD, uri=uri, did=KASIA, source="b", handle="kasia.example",
                              web_url=WEB)
    assert record.url == "https://deer.example/profile/kasia.example/post/3k"
    assert record.author.profile_url == "https://deer.example/profile/kasia.example"
    view = normalize_post_view({"uri": uri, "author": {"did": KASIA}, "record": RECORD},
                               source="b", web_url=WEB)
    assert view.url == f"https://deer.example/profile/{KASIA}/post/3k"
    event = {"did": KASIA, "time_us": 1, "kind": "commit", "commit": {
        "operation": "create", "collection": "app.bsky.feed.post", "rkey": "3k",
        "record": RECORD}}
    streamed = normalize_jetstream(event, source="b", web_url=WEB)
    assert streamed is not None
    assert streamed.author.profile_url == f"https://deer.example/profile/{KASIA}"
    # unset: bsky.app, as before
    assert normalize_jetstream(event, source="b").url == (  # type: ignore[union-attr]
        f"https://bsky.app/profile/{KASIA}/post/3k")


async def test_polled_streamed_and_published_links_use_web_url(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    bsky = Bsky(net)
    clock.now = NOW
    bsky.add(1, NOW, "acme login broken")
    polled = await BlueskySource(config(net, web_url=WEB), store=store, client=client,
                                 clock=clock).poll()
    assert [m.url for m in polled] == [f"https://deer.example/profile/kasia.example/post/"
                                       f"3p{1:08d}"]
    event = {"did": KASIA, "time_us": int(NOW.timestamp() * 1_000_000), "kind": "commit",
             "commit": {"operation": "create", "collection": "app.bsky.feed.post",
                        "rkey": "3kstream", "record": {**RECORD, "text": "the band is down"}}}
    net.websocket("/subscribe", [json.dumps(event)])
    cfg = config(net, id="bsky2", web_url=WEB, jetstream_url=net.ws_base, stream=True,
                 stream_keywords=KEYWORDS)
    source = BlueskySource(cfg, store=store, client=client, clock=clock, sleep=no_sleep)

    async def first() -> Any:
        async for mention in source.stream():
            return mention

    streamed = await asyncio.wait_for(first(), timeout=10)
    # the handle came from getProfiles: its profile link too
    assert streamed.author.profile_url == "https://deer.example/profile/kasia.example"
    assert streamed.url == f"https://deer.example/profile/{KASIA}/post/3kstream"
    pds = Pds(net)
    result = await BlueskyPublisher(config(net, web_url=WEB), client=client,
                                    clock=clock).publish("hello", reply_to=None,
                                                         idempotency_key="A-1:x")
    rkey = next(iter(pds.records))
    assert result.url is not None and result.url.startswith("https://deer.example/profile/did:")
    assert result.url.endswith(f"/post/{rkey}")


async def test_why_looks_up_links_of_bsky_app_and_of_the_configured_client() -> None:
    cfg = BlueskySourceConfig(id="b1", type="bluesky", web_url=WEB)
    for url in ("https://deer.example/profile/kasia.test/post/3k2a",
                "https://bsky.app/profile/kasia.test/post/3k2a"):
        finder = Finder("b1", "bluesky", post("bluesky"))
        sources: dict[str, Source] = {"b1": finder}
        looked = await look_up(url, sources, [cfg])
        assert looked.post == post("bluesky") and finder.asked == [url]



async def test_why_names_the_bluesky_sources_for_a_link_of_the_configured_client() -> None:
    """The post is looked up on the source whose web_url names its host, and ``why`` says
    what each Bluesky source made of it (it said 'no configured source reads rss')."""
    from handlers.why import LookedUp, SourceInfo, Why
    from tests.app.test_why_lookup import Reads, Sources, explain

    found = post("bluesky").model_copy(update={"text": "acme outage"})

    async def lookup(url: str) -> LookedUp:
        return LookedUp(found)

    text = (await Why(Reads(), explain=explain, lookup=lookup,
                      sources=Sources(SourceInfo("b1", "bluesky", 60, ("pricing",)))).why(
        "https://deer.example/profile/kasia.test/post/3k2a")).text
    assert "no configured source reads" not in text, text
    assert "• b1: its queries (pricing) do not match this post" in text, text
