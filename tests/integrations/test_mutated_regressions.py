"""Plain regression tests for what the mutation suite (test_mutated_payloads.py) found, each
the shrunk example written out: one real page, one value of the wrong kind, through the
source's own ``poll`` over the local network server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from integrations.social.hackernews.config import HackerNewsSourceConfig
from integrations.social.hackernews.source import HackerNewsSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

REAL = Path(__file__).parents[1] / "fixtures" / "real"
HN_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def hn_hit(name: str, n: int) -> dict[str, Any]:
    item = json.loads((REAL / "hackernews" / name).read_text(encoding="utf-8"))
    return {"objectID": str(1000 + n), "author": item["by"],
            "created_at_i": int(HN_NOW.timestamp()) - 60 + n, "title": item.get("title"),
            "url": item.get("url"), "points": item.get("score"), "story_text": item.get("text"),
            "comment_text": None, "_tags": ["story", f"author_{item['by']}"]}


async def test_hackernews_a_page_that_claims_more_hits_than_it_could_hold_is_not_split(
        net: NetServer, client: httpx.AsyncClient) -> None:
    """``nbHits`` 10**30 on a page of two hits (of a thousand it may hold): halving the window
    cannot find more, yet every half said the same, and one poll of an hour's backfill sent
    7,199 requests (two per second of the window). A window is split only when its page is
    full; one that is not says what it cannot read, once."""
    hits = [hn_hit("item_story_8863.json", 0), hn_hit("item_ask_121003.json", 1)]
    net.json("GET", "/api/v1/search_by_date",
             {"hits": hits, "nbHits": 10**30, "page": 0, "nbPages": 1, "hitsPerPage": 1000})
    source = HackerNewsSource(
        HackerNewsSourceConfig(id="hn", type="hackernews", queries=("dropbox",),
                               base_url=net.base, timeout=5, backfill_minutes=60),
        store=Cursors(), client=client, clock=FakeClock(HN_NOW))
    mentions = await source.poll()
    assert sorted(m.native_id for m in mentions) == ["1000", "1001"]
    assert source.requests == 1
    assert len(source.skipped) == 1
    assert source.skipped[0].startswith(f"{10**30} hits in seconds ")


BSKY_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def bsky_note(n: int, reason: Any) -> dict[str, Any]:
    record = json.loads((REAL / "bluesky" / "post_record_reply_refs.json").read_text())
    at = BSKY_NOW - timedelta(minutes=n)
    return {"uri": f"at://did:plc:kasia/app.bsky.feed.post/3n{n}", "cid": "c", "reason": reason,
            "author": {"did": "did:plc:kasia", "handle": "kasia.example"}, "record": record,
            "isRead": False, "indexedAt": at.strftime("%Y-%m-%dT%H:%M:%S.000Z")}


@pytest.mark.parametrize("reason", [["mention"], {"mention": True}])
async def test_bluesky_a_notification_whose_reason_is_a_list_is_skipped_not_the_poll(
        net: NetServer, client: httpx.AsyncClient, reason: Any) -> None:
    """The reason was looked up in a set outside the per-item guard: a list is unhashable, so
    one such notification failed every poll of the source (its cursor never moved past it)."""
    net.json("POST", "/xrpc/com.atproto.server.createSession", {
        "accessJwt": "access", "refreshJwt": "refresh", "did": "did:plc:acme",
        "handle": "acme.example"})
    net.json("GET", "/xrpc/app.bsky.actor.getProfiles", {"profiles": []})
    net.json("GET", "/xrpc/app.bsky.feed.getPosts", {"posts": []})
    net.json("GET", "/xrpc/app.bsky.notification.listNotifications", {"notifications": [
        bsky_note(1, "mention"), bsky_note(2, reason), bsky_note(3, "reply")]})
    source = BlueskySource(
        BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base, pds_url=net.base,
                            handle="acme.example", app_password="app-pass", queries=(),
                            notifications=True, timeout=5),
        store=Cursors(), client=client, clock=FakeClock(BSKY_NOW))
    got = await source.poll()
    assert sorted(m.native_id.rsplit("/", 1)[1] for m in got) == ["3n1", "3n3"]
    assert len(source.skipped) == 1 and "reason" in source.skipped[0]
