"""Mastodon real time: the SSE stream against the shared local server, with a drop mid-stream,
a reconnect with backoff and a gap-filling poll, showing nothing is lost or doubled."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.core.errors import RATE_WAIT_MAX, SourceAuthError, SourceError
from bot.core.models import Mention
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonSource
from integrations.social.mastodon.stream import SseEvent, sse_events, sse_lines
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import T0, TAG, Cursors, FakeTimeline, real_status
from tests.support.netserver import NetServer, sse_frames

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"
HASHTAG_STREAM = "/api/v1/streaming/hashtag"
USER_STREAM = "/api/v1/streaming/user/notification"


def frame(event: str, payload: Any) -> str:
    data = payload if isinstance(payload, str) else json.dumps(payload)
    return f"event: {event}\ndata: {data}\n\n"


class Sleeps:
    """The stream's injected sleep: records the backoff instead of waiting it out."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


async def take(stream: AsyncIterator[Mention], n: int) -> list[Mention]:
    out: list[Mention] = []
    async with asyncio.timeout(10):
        async for m in stream:
            out.append(m)
            if len(out) == n:
                break
    await stream.aclose()  # type: ignore[attr-defined]
    return out


def config(net: NetServer, **kw: Any) -> MastodonSourceConfig:
    values: dict[str, Any] = {"id": "m1", "type": "mastodon", "base_url": net.base,
                              "hashtags": ("socialops",), "timeout": 2.0, "stream": True}
    values.update(kw)
    return MastodonSourceConfig(**values)


async def test_drop_mid_stream_reconnects_fills_the_gap_without_doubles(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = T0
    a, b, c, d = (real_status(n, at=T0) for n in (1, 2, 3, 4))
    edited = {**a, "edited_at": "2026-08-01T13:55:00.000Z", "content": "<p>Edited toot</p>"}
    timeline = FakeTimeline()
    timeline.add(a, b, c)  # b and c arrive while the stream is down
    net.handler("GET", TAG, timeline)
    connects = net.sse(HASHTAG_STREAM, [
        [":thump\n\n", frame("update", a), frame("filters_changed", "undefined"),
         frame("update", "{not json"), frame("delete", "117020580000000099")],
        [frame("update", c), ":thump\n\n", frame("update", d), frame("status.update", edited)],
    ])
    cursors = Cursors()
    sleeps = Sleeps()
    src = MastodonSource(config(net), store=cursors, client=client, clock=clock, sleep=sleeps,
                         rng=lambda: 0.5)
    got = await take(src.stream(), 6)
    # the delete a tombstone (no author, no words), moving no cursor; the edit an edit
    assert [m.native_id for m in got] == [a["id"], "117020580000000099", b["id"], c["id"],
                                          d["id"], a["id"]]
    assert (got[1].revision, got[1].text, got[1].author.id) == ("delete", "", "")
    assert got[-1].text == "Edited toot" and got[0].text.startswith("Toot number 1")
    assert (got[-1].revision, got[0].revision) == ("edit", None)
    assert got[-1].revised_at is not None and got[-1].revised_at.isoformat() == (
        "2026-08-01T13:55:00+00:00")
    assert [q["tag"] for q in connects] == [["socialops"], ["socialops"]]
    # the poll starts at the last one seen (and looks below it, for statuses delivered late)
    gap = [r for r in net.requests_to(TAG) if r.q("max_id") is None]
    assert len(gap) == 1 and gap[0].q("min_id") == a["id"]
    assert sleeps.delays == [0.75]  # one backoff, with jitter
    assert json.loads(cursors.values["m1"])["tag:socialops"] == d["id"]
    assert src.skipped == ["stream update: data is not JSON"]


async def test_a_streamed_id_past_the_clock_is_skipped_and_never_the_cursor(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = T0
    a, b = real_status(1, at=T0), real_status(2, at=T0)
    huge = {**real_status(3, at=T0), "id": "99999999999999999999"}
    net.sse(HASHTAG_STREAM, [[frame("update", a), frame("update", huge), frame("update", b)]])
    cursors = Cursors()
    src = MastodonSource(config(net), store=cursors, client=client, clock=clock, sleep=Sleeps(),
                         rng=lambda: 0.5)
    assert [m.native_id for m in await take(src.stream(), 2)] == [a["id"], b["id"]]
    assert json.loads(cursors.values["m1"]) == {"tag:socialops": b["id"]}
    assert src.skipped == ["stream update: id 99999999999999999999 is past our clock"]


async def test_an_event_ended_by_bare_crs_is_yielded_without_waiting_for_more(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The event-stream rules end a line at CR, LF or CRLF (html.spec.whatwg.org, "Server-sent
    events", Parsing an event stream). A frame whose lines end in bare CRs, the last one last
    on the wire, waited for the next character (a heartbeat, seconds away) to see whether an
    LF followed; now it is yielded at once, over a local connection held open after it."""
    clock.now = T0
    a, b = real_status(1, at=T0), real_status(2, at=T0)
    net.sse(HASHTAG_STREAM, [[
        frame("update", a).replace("\n", "\r\n"),  # CRLF, its LF in the same write
        frame("update", b).replace("\n", "\r"),  # then nothing: the connection held open
    ]])
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock,
                         sleep=Sleeps(), rng=lambda: 0.5)
    stream = src.stream()
    async with asyncio.timeout(5):
        assert [m.native_id for m in await take(stream, 2)] == [a["id"], b["id"]]
    assert src.skipped == []


async def test_user_stream_replays_the_documented_events(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    frames = sse_frames((REAL / "streaming_user_sse_events.txt").read_text(encoding="utf-8"))
    connects = net.sse(USER_STREAM, [frames])
    cursors = Cursors()
    src = MastodonSource(config(net, hashtags=(), notifications=True, token="tok"),
                         store=cursors, client=client, clock=clock)
    got = await take(src.stream(), 1)
    # the home-timeline update before it and the edit after it are not mentions of the account
    assert [m.native_id for m in got] == ["108914343542683797"]
    assert got[0].handles == ("trwnh@mastodon.social",)  # a local acct, qualified
    assert connects == [{}]
    assert net.requests_to(USER_STREAM)[0].headers["Authorization"] == "Bearer tok"
    # the mention notification moved the cursor to its notification id, not a status id
    assert json.loads(cursors.values["m1"])["notifications"] == "68739215"


async def test_stream_auth_failure_ends_the_stream_with_our_error(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.json("GET", HASHTAG_STREAM, {"error": "The access token is invalid"}, status=401)
    # a token the server refused (without one, a 401 is a server that streams only with one:
    # test_mastodon_review_reading.py)
    src = MastodonSource(config(net, token="revoked"), store=Cursors(), client=client,
                         clock=clock, sleep=Sleeps())
    with pytest.raises(SourceAuthError):
        await take(src.stream(), 1)


async def test_server_errors_back_off_exponentially(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.json("GET", HASHTAG_STREAM, {"error": "down"}, status=502)
    sleeps = Sleeps()
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock,
                         sleep=sleeps, rng=lambda: 1.0)
    stream = src.stream()
    task = asyncio.ensure_future(take(stream, 1))
    async with asyncio.timeout(10):
        while len(sleeps.delays) < 4:
            await asyncio.sleep(0.01)
    task.cancel()
    assert sleeps.delays[:4] == [1.0, 2.0, 4.0, 8.0]


async def test_a_streaming_host_it_cannot_reach_is_named_with_its_key(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """docs/networks.md's Mastodon example (stream: true, streaming_url) with that host down:
    each retry said 'mastodon stream m1: mastodon: stream tag:socialops dropped: ConnectError',
    neither the address nor the key that sets it."""
    import socket

    with socket.socket() as closed:  # a port nothing listens on once this block ends
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    sleeps = Sleeps()
    src = MastodonSource(config(net, streaming_url=f"http://127.0.0.1:{port}"), store=Cursors(),
                         client=client, clock=clock, sleep=sleeps, rng=lambda: 1.0)
    task = asyncio.ensure_future(take(src.stream(), 1))
    async with asyncio.timeout(10):
        while not sleeps.delays:
            await asyncio.sleep(0.01)
    task.cancel()
    said = [r.getMessage() for r in caplog.records if "stream" in r.getMessage()]
    assert said and said[0] == (
        f"mastodon stream m1: mastodon: stream tag:socialops: cannot reach "
        f"http://127.0.0.1:{port} (ConnectError); check this machine's network (or proxy), or "
        "streaming_url"), said


async def test_nothing_to_stream_is_an_error(net: NetServer, client: httpx.AsyncClient,
                                             clock: FakeClock) -> None:
    src = MastodonSource(config(net, hashtags=(), queries=("x",)), store=Cursors(),
                         client=client, clock=clock)
    with pytest.raises(SourceError):
        await take(src.stream(), 1)


async def test_sse_parser_follows_the_event_stream_rules() -> None:
    async def lines() -> AsyncIterator[str]:
        for line in [":thump", "event: update", "data: {\"a\":", "data: 1}", "", "",
                     "data:plain", "", "event: x"]:
            yield line

    got = [e async for e in sse_events(lines())]
    assert got == [SseEvent("update", '{"a":\n1}'), SseEvent("message", "plain")]


async def pieces(text: str, size: int) -> AsyncIterator[str]:
    for i in range(0, len(text), size):
        yield text[i:i + size]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 10_000])
async def test_sse_lines_end_at_crlf_lf_or_cr_however_the_text_is_cut(size: int) -> None:
    """The real recorded stream read whole and in pieces of any size (a CRLF cut between
    two pieces is one line end, not two) gives the same events."""
    # the file's last event ends with one line end; a blank line completes it
    text = (REAL / "streaming_user_sse_events.txt").read_text(encoding="utf-8") + "\n"
    expected = [e async for e in sse_events(_lines(text))]
    crlf = text.replace("\r\n", "\n").replace("\n", "\r\n")
    cr = text.replace("\r\n", "\n").replace("\n", "\r")
    for variant in (text, crlf, cr):
        got = [e async for e in sse_events(sse_lines(pieces(variant, size)))]
        assert got == expected and len(got) == 7


async def _lines(text: str) -> AsyncIterator[str]:
    for line in text.replace("\r\n", "\n").split("\n"):
        yield line


async def test_a_line_or_an_event_without_bound_is_dropped_not_held() -> None:
    """A server that sends a line that never ends, or an event of endless data lines, gets a
    SourceError (the streamer reconnects and fills the gap by polling) once past the bound,
    instead of growing the bot's memory."""
    async def endless_line() -> AsyncIterator[str]:
        yield "data: "
        while True:
            yield "a" * 1000

    async def endless_event() -> AsyncIterator[str]:
        yield "event: update\n"
        while True:
            yield "data: " + "b" * 1000 + "\n"

    with pytest.raises(SourceError, match="line over 100,000"):
        async for _ in sse_events(sse_lines(endless_line(), limit=100_000), limit=100_000):
            pass
    with pytest.raises(SourceError, match="event over 100,000"):
        async for _ in sse_events(sse_lines(endless_event(), limit=100_000), limit=100_000):
            pass


async def test_reconnect_waits_for_a_spent_rate_limit_to_reset(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = T0
    a, b, c = (real_status(n, at=T0) for n in (1, 2, 3))
    timeline = FakeTimeline()
    timeline.add(a, b)
    timeline.rate_headers = {"X-RateLimit-Remaining": "0",
                             "X-RateLimit-Reset": (T0 + timedelta(minutes=3)).isoformat()}
    net.handler("GET", TAG, timeline)
    net.sse(HASHTAG_STREAM, [[frame("update", a)], [], [frame("update", c)]])

    class ClockSleeps(Sleeps):
        async def __call__(self, seconds: float) -> None:
            self.delays.append(seconds)
            clock.advance(seconds=seconds)  # time passes while the stream waits

    sleeps = ClockSleeps()
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock,
                         sleep=sleeps, rng=lambda: 0.5)
    got = await take(src.stream(), 3)
    assert [m.native_id for m in got] == [a["id"], b["id"], c["id"]]
    # drop, backoff, gap fill spends the budget; drop, backoff, then a wait for the reset
    assert sleeps.delays[0] == 0.75 and sleeps.delays[1] == 1.5
    assert sleeps.delays[2] == pytest.approx(180 - 0.75 - 1.5)
    assert len(net.requests_to(HASHTAG_STREAM)) == 3


async def test_runtime_polls_and_streams_each_post_into_one_card(
        net: NetServer, clock: FakeClock, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """End to end on the real app: the poll loop and the stream both see B and C, the stream
    drops and resumes, and the console still gets exactly one card per post. Stopping says
    nothing of reconnecting (it logged 'stream of fedi ended; reconnecting' as it stopped)."""
    import io

    from bot.app.compose import open_app
    from bot.core.config import load_config

    clock.now = T0 + timedelta(minutes=1)
    a, b, c, d = (real_status(n, at=T0) for n in (1, 2, 3, 4))
    timeline = FakeTimeline()
    timeline.add(a, b)
    net.handler("GET", TAG, timeline)
    net.sse(HASHTAG_STREAM, [[frame("update", b), frame("update", c)], [frame("update", d)]])
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - name: toots\n    match: {any: [toot]}\n    channel: alerts\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"""\
sources:
  - {{id: fedi, type: mastodon, base_url: "{net.base}", hashtags: [socialops], stream: true,
      interval: 0.05, timeout: 2}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
rules: rules.yaml
store: {{backend: sqlite, path: {tmp_path / "s.db"}}}
""")
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO(),
                        record_path=tmp_path / "r.jsonl") as app:
        source = app.sources["fedi"]
        assert isinstance(source, MastodonSource)
        source._sleep = Sleeps()  # reconnect at once: the backoff is covered above
        runtime = app.runtime()
        task = asyncio.create_task(runtime.run())

        def cards() -> list[str]:
            return sorted(r["key"] for r in app.workspaces["console"].records()  # type: ignore[attr-defined]
                          if r["op"] == "post")

        try:
            async with asyncio.timeout(20):
                while len(cards()) < 4 or len(net.requests_to(TAG)) < 3:
                    await asyncio.sleep(0.02)
                timeline.add(c, d)  # the poll loop now sees C and D as well
                seen = len(net.requests_to(TAG))
                while len(net.requests_to(TAG)) < seen + 2:
                    await asyncio.sleep(0.02)
        finally:
            before_stop = len(caplog.records)
            runtime.stop.set()
            await asyncio.wait_for(task, 30)
        assert cards() == sorted(f"mastodon:{s['id']}|toots" for s in (a, b, c, d))
    said = [r.getMessage() for r in caplog.records[before_stop:]]
    assert not [m for m in said if "reconnecting" in m], said


@pytest.mark.parametrize("wait", ["inf", "31536000", "Fri, 31 Dec 9999 23:59:59 GMT"])
async def test_a_rate_limit_on_the_stream_is_waited_out_for_at_most_an_hour(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, wait: str) -> None:
    """The streaming endpoint answering 429 with a Retry-After of inf, a year or year 9999:
    the stream slept that long (for ever), its posts arriving only by polling. It waits at
    most RATE_WAIT_MAX, then connects again."""
    net.json("GET", HASHTAG_STREAM, {"error": "Too many requests"}, status=429,
             headers={"Retry-After": wait})
    sleeps = Sleeps()
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock,
                         sleep=sleeps, rng=lambda: 1.0)
    task = asyncio.ensure_future(take(src.stream(), 1))
    async with asyncio.timeout(10):
        while len(sleeps.delays) < 2:
            await asyncio.sleep(0.01)
    task.cancel()
    assert sleeps.delays[:2] == [RATE_WAIT_MAX, RATE_WAIT_MAX]
    assert len(net.requests_to(HASHTAG_STREAM)) >= 2  # asked again after the wait

