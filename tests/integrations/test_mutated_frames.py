"""The real-time streams at the frame level, over real connections to the local server
(tests/support/netserver.py): what test_mutated_streams.py cannot send, as it hands each
stream's reader a decoded message. Mastodon's server-sent events: an ``event`` line without
``data``, data that is a JSON array or not UTF-8, lines ended by CR alone, a field without a
colon (Jetstream's frames: test_mutated_jetstream_frames.py).

What must hold: the stream goes on and reads the real posts sent after them, once each; each
hostile frame is read or counted in ``skipped``, never lost unsaid, at most once."""

from __future__ import annotations

import json

import httpx

from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import T0, real_status
from tests.integrations.test_mastodon_stream import HASHTAG_STREAM, Sleeps, config, frame, take
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

NOT_UTF8 = "\udcff\udcfe"  # the bytes 0xff 0xfe, as the local server writes them


async def test_hostile_server_sent_event_frames_are_skipped_once_and_the_stream_goes_on(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.now = T0
    a, b = real_status(1, at=T0), real_status(2, at=T0)
    a["content"] = f"<p>caf{NOT_UTF8} #socialops</p>"  # read, the bytes replaced
    net.sse(HASHTAG_STREAM, [[
        "event: update\n\n",  # an event line without data: nothing to dispatch
        "data: [1]\n\n",  # data without an event line: a "message", not an update
        frame("update", "[1, 2]"),  # a JSON array where a status is
        frame("update", NOT_UTF8),  # data that is not UTF-8
        "event: update\ndata: [\ndata: 1]\n\n",  # two data lines: one value, still no status
        "event: update\ndata\n\n",  # a field without a colon: data is empty
        ":\x1b[2J\u202e\n\n",  # a comment of controls
        # lines ended by CR alone (the last CR of a frame is known to end a line only when
        # the next character comes: one more frame follows)
        json.dumps(b).join(("event: update\rdata: ", "\r\r")),
        json.dumps(a, ensure_ascii=False).join(("event: update\ndata: ", "\n\n")),
    ]])
    src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock,
                         sleep=Sleeps(), rng=lambda: 0.5)
    got = await take(src.stream(), 2)
    assert [m.native_id for m in got] == [b["id"], a["id"]]
    assert "caf\ufffd\ufffd" in got[1].text
    assert src.skipped == ["stream update: mastodon: status is list, not an object",
                           "stream update: data is not JSON",
                           "stream update: mastodon: status is list, not an object",
                           "stream update: data is not JSON"]
