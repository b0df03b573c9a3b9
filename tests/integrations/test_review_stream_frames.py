"""Stream frames are weighed before they are decoded, as polled pages are (``jsonpage``): a
Jetstream message or a Mastodon streaming event heavy to decode (a record may hold any JSON up
to 2 MiB: a million empty arrays, or nesting a million deep) is read in a process of its own
(``python -m bot.core.jsontrim``), its heaviest parts cut, and the post it carries still
reaches a card; an error answer too heavy for its one-line message is not decoded at all.

Where a decode ran is asserted, not how long it took: every body ``json.loads`` decodes in this
process is recorded (a spy that calls through), and none of a hostile frame's size may be
among them. Before, each was decoded here: on the event loop (Jetstream), or on a worker
thread that holds the GIL all along (Mastodon). The stalls are measured by
benchmarks/loop_stalls.py (``--frames-only``)."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.core.errors import SourceError
from integrations.social.bluesky.api import BlueskyApi, XrpcError
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.parse import MAX_BYTES, READ_CHARS
from integrations.social.bluesky.source import BlueskySource
from integrations.social.common import capped
from integrations.social.common.jsonpage import FRAME
from integrations.social.common.shapes import said_in
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher, MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import T0, TAG, FakeTimeline, real_status
from tests.integrations.test_mastodon_stream import HASHTAG_STREAM, Sleeps, config, frame, take
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

JETSTREAM = Path(__file__).parents[1] / "fixtures" / "real" / "bluesky" / \
    "jetstream_v1_events_real_capture.jsonl"
HEAVY = 1_000_000  # bytes: every hostile frame here is over, every real one far under


@pytest.fixture
def decoded_here(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Why each body ``json.loads`` decoded in this process was over ``jsonpage.FRAME`` (what
    the loop may decode of a stream's frame; an error answer's bound is tighter): none may be.
    The last inch: the spy still decodes; ``bot.core.jsonbody.loads`` calls it for every page
    and frame."""
    over: list[str] = []
    real = json.loads

    def spy(body: Any, *args: Any, **kwargs: Any) -> Any:
        data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        if isinstance(data, bytes) and (why := FRAME.over(data)) is not None:
            over.append(why)
        return real(body, *args, **kwargs)

    monkeypatch.setattr(json, "loads", spy)
    yield over


def _post() -> dict[str, Any]:
    lines = JETSTREAM.read_text(encoding="utf-8").splitlines()
    post: dict[str, Any] = json.loads(next(
        ln for ln in lines if '"app.bsky.feed.post"' in ln and '"create"' in ln
        and "government" in ln.lower()))
    return post


def _hostile_posts() -> tuple[list[str], list[str]]:
    """The real post, then three with the keyword and a field no post defines: 700,000
    empty arrays (2.8 MB), an array nested 1,000,000 deep (2 MB), 400,000 numbers; each a new
    post a microsecond later. Their messages and uris."""
    post = _post()
    messages = [json.dumps(post)]
    shapes = ('[' + ",".join(["[]"] * 700_000) + ']', "[" * 1_000_000 + "]" * 1_000_000,
              json.dumps(list(range(400_000))))
    for n, shape in enumerate(shapes, start=1):
        event = json.loads(json.dumps(post))
        event["commit"]["rkey"] = f"3hostile{n}"
        event["time_us"] = post["time_us"] + n
        event["commit"]["record"]["text"] = f"The government, again ({n})"  # not a repeat
        event["commit"]["record"]["x-relay"] = "HOLE"
        messages.append(json.dumps(event).replace('"HOLE"', shape))
    uris = [f"bluesky:at://{post['did']}/app.bsky.feed.post/{rkey}"
            for rkey in [post["commit"]["rkey"], *(f"3hostile{n}" for n in (1, 2, 3))]]
    return messages, uris


async def test_hostile_jetstream_messages_are_decoded_off_the_loop_and_their_posts_read(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        decoded_here: list[str], caplog: pytest.LogCaptureFixture) -> None:
    messages, uris = _hostile_posts()
    assert all(len(m) > HEAVY for m in messages[1:])
    net.websocket("/subscribe", messages)
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base,
                                 jetstream_url=net.ws_base, stream=True,
                                 stream_keywords=("government",), timeout=5)
    source = BlueskySource(config, store=Cursors(), client=client, clock=clock)
    got: list[str] = []

    async def read() -> None:
        async for mention in source.stream():
            got.append(mention.id)
            if len(got) == len(uris):
                return

    await asyncio.wait_for(read(), 60)
    assert got == uris  # every post read, the hostile field cut
    assert not [s for s in source.skipped if "message" in s]
    assert decoded_here == []
    cut = [r.getMessage() for r in caplog.records if "process of its own" in r.getMessage()]
    assert cut == [f"bluesky bsky: jetstream message: a page of {why}: read in a process of "
                   'its own, 1 of its heaviest parts cut to "…"' for why in (
                       "700,008 arrays and objects, over the 5,000 a JSON page may hold",
                       "400,048 values, over the 50,000 a JSON page may hold")], cut


async def test_hostile_mastodon_stream_events_are_decoded_off_the_loop_and_read(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        decoded_here: list[str]) -> None:
    """Mastodon's streaming payload is a JSON string in the SSE ``data:`` line (docs:
    methods/streaming, "Event types and payloads"). A status with 300,000 empty arrays in a
    field it does not define (1.2 MB, under the 2 MiB an event may hold) and one nested
    600,000 deep were decoded on a worker thread, which holds the GIL and so the loop."""
    clock.now = T0
    a, b, c = (real_status(n, at=T0) for n in (1, 2, 3))
    timeline = FakeTimeline()
    net.handler("GET", TAG, timeline)
    arrays = json.dumps({**b, "pleroma": "HOLE"}).replace('"HOLE"', json.dumps([[]] * 300_000))
    deep = json.dumps({**c, "pleroma": "HOLE"}).replace(
        '"HOLE"', "[" * 600_000 + "]" * 600_000)
    assert min(len(arrays), len(deep)) > HEAVY
    net.sse(HASHTAG_STREAM, [[frame("update", a), frame("update", arrays),
                              frame("update", deep)]])
    src = MastodonSource(config(net, timeout=5.0), store=Cursors(), client=client, clock=clock,
                         sleep=Sleeps(), rng=lambda: 0.5)
    got = await asyncio.wait_for(take(src.stream(), 3), 60)
    assert [m.native_id for m in got] == [a["id"], b["id"], c["id"]]
    assert not src.skipped
    assert decoded_here == []


async def test_a_jetstream_post_reaches_a_card_beside_a_hostile_message(
        net: NetServer, clock: FakeClock, tmp_path: Path) -> None:
    """End to end on the real app: ``socialops run``'s runtime reads Jetstream from the local
    websocket; the real post and the post whose record holds 700,000 empty arrays each get
    their card on the console workspace."""
    from bot.app.compose import open_app
    from bot.core.config import load_config

    messages, uris = _hostile_posts()
    clock.now = datetime.fromtimestamp(_post()["time_us"] / 1e6, UTC) + timedelta(minutes=1)
    net.websocket("/subscribe", messages[:2])
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - name: gov\n    match: {any: [government]}\n    channel: alerts\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(json.dumps({  # YAML's JSON form
        "sources": [{"id": "sky", "type": "bluesky", "base_url": net.base,
                     "jetstream_url": net.ws_base, "stream": True, "interval": 3600,
                     "stream_keywords": ["government"], "timeout": 5}],
        "workspaces": [{"name": "console", "type": "console"}],
        "channels": {"alerts": {"workspace": "console", "id": "alerts"}},
        "rules": "rules.yaml", "store": {"backend": "sqlite", "path": str(tmp_path / "s.db")}}))
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO(),
                        record_path=tmp_path / "r.jsonl") as app:
        runtime = app.runtime()
        task = asyncio.create_task(runtime.run())
        console = app.workspaces["console"]
        posted: list[str] = []
        try:
            async with asyncio.timeout(60):
                while len(posted) < 2:
                    await asyncio.sleep(0.05)
                    posted = [r["key"] for r in console.records()  # type: ignore[attr-defined]
                              if r["op"] == "post"]
        finally:
            runtime.stop.set()
            await asyncio.wait_for(task, 30)
        assert sorted(posted) == sorted(f"{uri}|gov" for uri in uris[:2])


@pytest.mark.parametrize("status", [400, 422])
async def test_a_heavy_error_answer_is_said_without_being_decoded(
        net: NetServer, clock: FakeClock, decoded_here: list[str], status: int) -> None:
    """A 4xx or 5xx answer is decoded only for its one-line message; one of 2.8 MB of empty
    arrays (far under the 32 MB a response may hold) was decoded whole on the loop, twice
    for Bluesky (its ``error`` and its ``message``). Now it is not decoded: the error says
    the status alone; a real error answer still gives its words."""
    heavy = json.dumps({"error": "x", "message": "y", "pad": [[]] * 700_000}).encode()
    net.bytes("GET", "/api/v1/timelines/tag/socialops", heavy, status=status)
    clock.now = T0
    async with capped.capped_client() as client:
        src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
        with pytest.raises(SourceError) as raised:
            await src.api.get("/api/v1/timelines/tag/socialops")
    assert str(raised.value).startswith("mastodon: GET /api/v1/timelines/tag/socialops answered")
    assert decoded_here == []
    assert said_in(b'{"error": "Record not found"}', "error") == "Record not found"


async def test_a_heavy_bluesky_error_answer_is_said_without_being_decoded(
        net: NetServer, clock: FakeClock, decoded_here: list[str]) -> None:
    """The XRPC error's ``error`` and ``message`` were each read by decoding the whole body."""
    heavy = json.dumps({"error": "InvalidRequest", "pad": [[]] * 700_000}).encode()
    net.bytes("GET", "/xrpc/app.bsky.feed.searchPosts", heavy, status=400)
    config = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base, queries=("x",))
    async with capped.capped_client() as client:
        api = BlueskyApi(config, client=client, clock=clock)
        with pytest.raises(XrpcError) as raised:
            await api.call("app.bsky.feed.searchPosts", params={"q": "x"})
    assert str(raised.value) == "bluesky app.bsky.feed.searchPosts: HTTP 400"
    assert decoded_here == []


async def test_a_heavy_publish_answer_is_read_off_the_loop(
        net: NetServer, clock: FakeClock, decoded_here: list[str]) -> None:
    """``POST /api/v1/statuses`` answers the status made; one holding 300,000 empty arrays in
    a field Mastodon does not define was decoded whole on the loop. It is read as a polled
    page is: the field cut in a process of its own, the status's id and address kept."""
    # addressed on the server that answers, as ours are (07cacf33: one on another host, the
    # recorded status's localhost:3000, is not linked)
    status = {**real_status(7, at=T0)}
    status["url"] = f"{net.base}/@mastodonpy_test/{status['id']}"
    net.bytes("POST", "/api/v1/statuses", json.dumps({**status, "pleroma": "HOLE"}).replace(
        '"HOLE"', json.dumps([[]] * 300_000)).encode(), status=200)
    async with capped.capped_client() as client:
        publisher = MastodonPublisher(MastodonSourceConfig(
            id="fedi", type="mastodon", base_url=net.base, token="tok"), client=client,
            clock=clock)
        result = await publisher.publish("thanks", reply_to=None, idempotency_key="A-1:x")
    assert (result.id, result.url) == (status["id"], status["url"])
    assert decoded_here == []


async def test_a_jetstream_text_of_2_mib_is_read_as_far_as_a_post_goes(
        clock: FakeClock) -> None:
    """A record's text may be 3,000 bytes (app.bsky.feed.post lexicon, maxLength); Jetstream
    relays records unchecked, and the keyword prefilter, the facets and the scrub went over
    a 2 MiB text whole, on the loop, for a mention that shows 3,000 characters of it. They
    read its first ``READ_CHARS``: the post is read, its keyword at the start."""
    post = _post()
    post["commit"]["record"]["text"] = "government " + "word " * 420_000
    seen: list[int] = []
    config = BlueskySourceConfig(id="bsky", type="bluesky", stream=True,
                                 stream_keywords=("government",))
    async with httpx.AsyncClient() as client:
        source = BlueskySource(config, store=Cursors(), client=client, clock=clock)
        keep = source.prefilter
        source.prefilter = lambda text: seen.append(len(text)) or keep(text)  # type: ignore[func-returns-value]
        mention, _ = await source._from_event(json.dumps(post).encode())
    assert mention is not None and mention.text.startswith("government word")
    assert len(mention.text) <= MAX_BYTES and seen == [READ_CHARS]
