"""Plain regression tests for what the mutation suite (test_mutated_payloads.py) found, each
the shrunk example written out: one real page, one value of the wrong kind, through the
source's own ``poll`` over the local network server."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

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
