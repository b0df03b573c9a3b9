"""One hostile item in a page is skipped and counted; the rest of the page is kept and the
cursor moves past it. Before, any error other than ``MalformedPayload`` (a TypeError from a
facet that is a number, an OverflowError from a date in year 1 with a +01:00 offset, a
RecursionError from deep nesting) escaped the poll: the page was lost, the cursor stayed, and
the next poll fetched the same item and failed again, for ever.

The pages are the real recorded payloads (``tests/fixtures/real``) with one item changed the
way anyone may publish it: an AT Protocol record accepts unknown fields and any JSON in them
(``createRecord`` with ``validate: false``), and a Mastodon server's dates are its own. They
are served by httpx's ``MockTransport`` (the last inch: what is under test is how a source
reads a page, not the HTTP exchange, which the network suites cover against local servers).
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.core.errors import UNREADABLE, unreadable
from bot.core.models import Author, Mention
from bot.core.text import MAX_DEPTH
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonSource
from tests.support.fakes import Cursors

pytestmark = pytest.mark.untimed  # in-process polls; no kill, no clock (tests/chaos/conftest.py)

REAL = Path(__file__).parents[1] / "fixtures" / "real"
YEAR_ONE = "0001-01-01T00:00:00+01:00"  # overflows when converted to UTC


def nested(depth: int) -> Any:
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


def serve(body: Any) -> httpx.AsyncClient:
    content = json.dumps(body)
    return httpx.AsyncClient(transport=httpx.MockTransport(
        lambda request: httpx.Response(200, content=content,
                                       headers={"content-type": "application/json"})))


async def test_a_mastodon_status_dated_year_one_is_skipped_and_the_page_kept() -> None:
    page = json.loads((REAL / "mastodon" / "account_statuses_page_limit5.json").read_text())
    bad = copy.deepcopy(page[0])
    bad["created_at"] = YEAR_ONE
    cursors = Cursors()
    config = MastodonSourceConfig(id="m1", type="mastodon", base_url="https://m.example",
                                  hashtags=("x",))
    async with serve([bad, *page[1:]]) as client:
        source = MastodonSource(config, store=cursors, client=client,
                                clock=lambda: datetime(2026, 8, 1, 14, tzinfo=UTC))
        got = await source.poll()
    assert {m.native_id for m in got} == {str(s["id"]) for s in page[1:]}
    assert len(source.skipped) == 1 and "out of range" in source.skipped[0]
    assert cursors.writes == 1  # the cursor moved past the page, the bad status with it


def bluesky_page(extra: dict[str, Any]) -> dict[str, Any]:
    view = json.loads((REAL / "bluesky" / "getPostThread_record_with_media_empty_text.json")
                      .read_text())["thread"]["post"]
    posts = []
    for n in (1, 2, 3):
        post = copy.deepcopy(view)
        post["uri"] = f"at://{post['author']['did']}/app.bsky.feed.post/3k{n}"
        post["indexedAt"] = f"2026-01-01T00:00:0{n}Z"
        post["record"] = {**post["record"], "text": f"acme post {n}",
                          "createdAt": "2026-01-01T00:00:00Z", **(extra if n == 2 else {})}
        posts.append(post)
    return {"posts": posts}


@pytest.mark.parametrize(("extra", "kept"), [
    # a part that is no array is left out, not the post (it was skipped whole before)
    ({"facets": [{"index": {"byteStart": 0, "byteEnd": 4}, "features": 1}]}, 3),
    ({"embed": {"$type": "app.bsky.embed.images", "images": 5}}, 3),
    # a time no Mention holds: dated by its indexing, as the AppView shows it (it was skipped)
    ({"createdAt": YEAR_ONE}, 3),
    ({"createdAt": "yesterday"}, 3),
    ({"extra": nested(600)}, 3),  # json.loads takes it; the kept payload is cut, not refused
    ({"$type": "app.bsky.feed.like"}, 2),  # another lexicon's record: no post to answer
], ids=["facet-features-a-number", "embed-images-a-number", "year-one", "no-time",
        "nested-600-deep", "another-lexicon"])
async def test_a_hostile_bluesky_record_is_skipped_and_the_page_kept(
        extra: dict[str, Any], kept: int) -> None:
    cursors = Cursors()
    config = BlueskySourceConfig(id="b1", type="bluesky", base_url="https://appview.example",
                                 queries=("acme",))
    async with serve(bluesky_page(extra)) as client:
        source = BlueskySource(config, store=cursors, client=client,
                               clock=lambda: datetime(2026, 1, 1, 0, 5, tzinfo=UTC))
        got = await source.poll()
    assert len(got) == kept
    assert len(source.skipped) == 3 - kept
    assert cursors.writes >= 1
    second = [m.created_at for m in got if m.native_id.endswith("/3k2")]
    if kept == 3:  # dated by its createdAt, or by its indexedAt where that cannot say
        assert second == [datetime(2026, 1, 1, 0, 0, 2 if "createdAt" in extra else 0,
                                   tzinfo=UTC)]
    for mention in got:
        json.loads(mention.to_json())  # storable: the store's serialiser survives it too


@pytest.mark.parametrize(("record", "skipped"), [
    # a part that is no array is left out, not the post (it was skipped whole before)
    ({"facets": [{"index": {"byteStart": 0, "byteEnd": 4}, "features": 1}]}, False),
    ({"embed": {"$type": "app.bsky.embed.images", "images": 5}}, False),
    # a time no Mention holds: dated by when Jetstream received it (it was skipped)
    ({"createdAt": YEAR_ONE}, False),
    ({"createdAt": "2026-13-45T99:00:00Z"}, False),
    ({"$type": "app.bsky.feed.like"}, True),  # another lexicon's record: no post to answer
], ids=["facet-features-a-number", "embed-images-a-number", "year-one", "no-time",
        "another-lexicon"])
async def test_a_hostile_jetstream_event_is_skipped_and_the_stream_goes_on(
        record: dict[str, Any], skipped: bool) -> None:
    config = BlueskySourceConfig(id="b1", type="bluesky", stream=True, stream_keywords=("acme",))
    async with httpx.AsyncClient() as client:
        source = BlueskySource(config, store=Cursors(), client=client,
                               clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))

        def event(rkey: str, extra: dict[str, Any]) -> str:
            return json.dumps({
                "did": "did:plc:abcdefghijklmnopqrstuvwx", "time_us": 1, "kind": "commit",
                "commit": {"rev": "3l", "operation": "create", "collection": "app.bsky.feed.post",
                           "rkey": rkey, "cid": "b", "record": {
                               "$type": "app.bsky.feed.post", "text": "acme is down again",
                               "createdAt": "2026-01-01T00:00:00Z", **extra}}})

        bad, at = await source._from_event(event("3kbad", record))
        good, _ = await source._from_event(event("3kgood", {}))
    assert at == 1  # the stream's position moves, skipped or not
    if skipped:
        assert bad is None
        assert len(source.skipped) == 1 and source.skipped[0].startswith("jetstream: ")
    else:
        assert bad is not None and bad.links == () and bad.media == ()
        assert len(source.skipped) == 0
        assert bad.created_at == (datetime(2026, 1, 1, tzinfo=UTC) if "createdAt" not in record
                                  else datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC))  # time_us
    assert good is not None and good.text == "acme is down again"


def test_a_mention_refuses_what_later_stages_cannot_hold() -> None:
    author = Author(id="1", handle="h")

    def mention(**fields: Any) -> Mention:
        base: dict[str, Any] = {"id": "x:1", "network": "x", "source": "s", "text": "t",
                                "author": author, "created_at": datetime(2026, 1, 1, tzinfo=UTC)}
        return Mention(**{**base, **fields})

    for bad in ({"created_at": datetime.fromisoformat(YEAR_ONE)},
                {"created_at": datetime.fromisoformat("9999-12-31T23:59:59-01:00")},
                {"created_at": datetime(1900, 1, 1, tzinfo=UTC)},
                {"created_at": datetime.fromisoformat("1970-01-01T00:30:00+01:00")},
                {"id": "x:" + "1" * 2_100}):  # a card's key and a Discord footer carry it
        with pytest.raises(ValueError) as caught:
            mention(**bad)
        assert isinstance(caught.value, UNREADABLE)
        assert "\n" not in unreadable(caught.value)  # a skip is one line in the log
    kept = mention(raw={"deep": nested(900)})
    depth, value = 0, kept.raw["deep"]
    while isinstance(value, list):
        depth, value = depth + 1, value[0]
    assert depth == MAX_DEPTH - 1 and value == "…"
    assert Mention.from_json(kept.to_json()) == kept
    assert mention(created_at=datetime(1999, 12, 31, 23, tzinfo=UTC)).created_at.year == 1999
