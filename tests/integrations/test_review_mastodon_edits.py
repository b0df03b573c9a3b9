"""A Mastodon status edited, then deleted, by its author, from the streaming API's wire format
(a local SSE server) through the source, the pipeline and the outbox to the console workspace
on both real stores. The streaming API sends ``status.update`` ("A Status has been edited")
with the whole status and ``delete`` ("A status has been deleted") with its id as data
(docs.joinmastodon.org/methods/streaming, Event types); an edit was taken for a duplicate and
a delete only logged, so the card kept the words its author had changed or taken down."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from bot.core.ports import Store
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.engine.test_review_edits import Revising
from tests.integrations.test_mastodon import T0, TAG, Cursors, FakeTimeline, real_status
from tests.integrations.test_mastodon_stream import Sleeps, frame, take
from tests.support.netserver import NetServer

HASHTAG_STREAM = "/api/v1/streaming/hashtag"


def config(net: NetServer, **kw: Any) -> MastodonSourceConfig:
    return MastodonSourceConfig(id="m1", type="mastodon", base_url=net.base,
                                hashtags=("socialops",), timeout=2.0, stream=True, **kw)


async def test_a_streamed_edit_and_delete_follow_the_card(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, store: Store,
        tmp_path: Path) -> None:
    clock.now = T0
    a = real_status(1, at=T0)
    a["content"] = "<p>the release is out</p>"  # no route matches it yet
    hostile = "<p>I love it &lt;!channel&gt; @everyone <a href=\"https://x.example\">x</a></p>"
    again = {**a, "edited_at": "2026-08-01T13:55:00.000Z", "content": hostile}
    edits = [{**a, "edited_at": f"2026-08-01T14:{10 + i:02d}:00.000Z",
              "content": f"<p>I love it ({i})</p>"} for i in range(12)]
    net.handler("GET", TAG, FakeTimeline())
    net.sse(HASHTAG_STREAM, [[
        frame("update", a), frame("status.update", again), frame("status.update", again),
        *(frame("status.update", e) for e in edits),
        frame("delete", a["id"]), frame("delete", a["id"]),
        frame("delete", "../../statuses/1"), frame("update", real_status(2, at=T0))]])
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock,
                         sleep=Sleeps(), rng=lambda: 0.5)
    got = await take(src.stream(), 16)
    assert src.skipped == ["stream delete: mastodon: deleted status id '../../statuses/1'"]
    h = Revising(store, clock, tmp_path / "r.jsonl")
    for m in got:
        await h.pipeline.process(m)
        await h.outbox.drain()
    shown = [(r["op"], r["key"], r["text"]) for r in h.console.records()]
    key = f"mastodon:{a['id']}|praise"
    # one card, when the edit added what the route watches; edited (an edit storm: at most
    # EDITS_SHOWN times), then marked deleted, its words gone from it and from the store
    assert [s for s in shown if s[0] == "post"] == [
        ("post", key, "I love it <!channel> @everyone x")]
    updates = [s for s in shown if s[0] == "update"]
    assert 1 <= len(updates) <= 6 and all(s[1] == key for s in updates)
    assert "deleted by its author" in updates[-1][2] and "love" not in updates[-1][2]
    kept = await store.get_signal(f"mastodon:{a['id']}")
    # what the rules matched stays (their own words); the post's words do not
    assert kept is not None and "love" not in json.dumps(kept.mention.model_dump(mode="json"))
    trace = await store.get_trace(f"mastodon:{a['id']}")
    assert trace is not None and trace.text == "" and "deleted by its author" in trace.detail
